package loaderoracle

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Mode says which loader runs and on what.
type Mode string

const (
	SystemdTree  Mode = "systemd"       // systemd-sysctl, all of Root's sysctl.d directories
	SystemdFiles Mode = "systemd-files" // systemd-sysctl FILE..., in the given order
	ProcpsSystem Mode = "procps-system" // sysctl --system on Root
	ProcpsFiles  Mode = "procps-p"      // sysctl -p FILE -p FILE...
)

// SystemdSysctl is the systemd loader's path on Debian.
const SystemdSysctl = "/lib/systemd/systemd-sysctl"

// Request describes one oracle run.
type Request struct {
	Mode   Mode
	Root   string   // tree modes: a root with etc/sysctl.d, run/sysctl.d, ...
	Files  []string // file modes: the files, in order (made absolute)
	Ifaces []string // names "*" expands to when creating fake keys; DefaultIfaces if nil
	// ExtraKeys are more fake keys to create, in either spelling.
	ExtraKeys []string
}

// Result is what the loader did.
type Result struct {
	Cmd    []string
	RC     int
	Stdout string
	Stderr string // systemd: the debug log (SYSTEMD_LOG_LEVEL=debug)
	// Effective maps each written key (canonical dotted form) to the value the
	// loader wrote, one trailing "\n" stripped. Keys never written are absent.
	Effective map[string]string
	// FakeKeys are the /proc/sys-relative paths that existed in the fake
	// /proc/sys. Give twadvise the same tree (MakeProcSys) so that its globs
	// expand over the same keys.
	FakeKeys []string
}

//go:embed oracle.sh
var script string

// Run runs the real loader on req inside a private mount namespace with a
// fake /proc/sys. An error wrapping ErrUnavailable means the machine cannot
// run the oracle at all; any other error is a failed run.
func Run(ctx context.Context, req Request) (*Result, error) {
	if err := Available(req.Mode); err != nil {
		return nil, err
	}
	cmd, keys, err := prepare(req)
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "loaderoracle.")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	if err := checkWorkDir(work); err != nil {
		return nil, err
	}
	if err := setupWork(work, keys); err != nil {
		return nil, err
	}
	before := snapshotHost(keys)
	if err := runNamespace(ctx, work, req, cmd); err != nil {
		return nil, err
	}
	if err := checkHostUnchanged(before); err != nil {
		return nil, err
	}
	return collect(work, cmd, keys)
}

// prepare builds the loader command line and the list of fake keys.
func prepare(req Request) ([]string, []string, error) {
	ifaces := req.Ifaces
	if ifaces == nil {
		ifaces = DefaultIfaces
	}
	var cmd, keys []string
	var err error
	switch req.Mode {
	case SystemdTree, ProcpsSystem:
		if req.Root == "" {
			return nil, nil, fmt.Errorf("loaderoracle: mode %s needs Root", req.Mode)
		}
		keys, err = keysOfTree(req.Root, ifaces)
		cmd = []string{SystemdSysctl}
		if req.Mode == ProcpsSystem {
			cmd = []string{"sysctl", "--system"}
		}
	case SystemdFiles, ProcpsFiles:
		files := make([]string, len(req.Files))
		for i, f := range req.Files {
			// systemd-sysctl looks a name without "/" up in its config dirs.
			if files[i], err = filepath.Abs(f); err != nil {
				return nil, nil, err
			}
		}
		keys, err = keysOfFiles(files, ifaces)
		if req.Mode == SystemdFiles {
			cmd = append([]string{SystemdSysctl}, files...)
		} else {
			cmd = []string{"sysctl"}
			for _, f := range files {
				cmd = append(cmd, "-p", f)
			}
		}
	default:
		return nil, nil, fmt.Errorf("loaderoracle: unknown mode %q", req.Mode)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("loaderoracle: reading inputs: %w", err)
	}
	for _, k := range req.ExtraKeys {
		keys = append(keys, KeyPath(k))
	}
	return cmd, keys, nil
}

// checkWorkDir refuses a scratch dir the namespace would hide under a mount.
func checkWorkDir(work string) error {
	real, err := filepath.EvalSymlinks(work)
	if err != nil {
		return err
	}
	for _, p := range []string{"/run", "/proc", "/usr/local/lib", "/etc/sysctl.d", "/usr/lib/sysctl.d"} {
		if real == p || strings.HasPrefix(real, p+"/") {
			return fmt.Errorf("loaderoracle: scratch dir %s would be hidden inside the namespace; set TMPDIR elsewhere", real)
		}
	}
	return nil
}

// setupWork creates the fake key files, the empty stand-ins and after/.
func setupWork(work string, keys []string) error {
	for _, d := range []string{"procsys", "empty", "after"} {
		if err := os.Mkdir(filepath.Join(work, d), 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(work, "empty.conf"), nil, 0o644); err != nil {
		return err
	}
	return MakeProcSys(filepath.Join(work, "procsys"), keys)
}

// MakeProcSys creates dir/<path> as an empty writable file for every key path,
// the same fake /proc/sys the loader saw. Pass <root>/proc/sys to give
// twadvise an identical tree.
func MakeProcSys(dir string, keys []string) error {
	for _, k := range keys {
		p := filepath.Join(dir, filepath.FromSlash(k))
		if !strings.HasPrefix(p, filepath.Clean(dir)+string(filepath.Separator)) {
			return fmt.Errorf("loaderoracle: fake key %q escapes %s", k, dir)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("loaderoracle: fake key %q: %w", k, err)
		}
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			continue // "net.ipv4" and "net.ipv4.x" both assigned: the directory wins
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			return fmt.Errorf("loaderoracle: fake key %q: %w", k, err)
		}
	}
	return nil
}

// runNamespace runs oracle.sh under unshare and reports setup failures.
func runNamespace(ctx context.Context, work string, req Request, cmd []string) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	tree := ""
	if req.Mode == SystemdTree || req.Mode == ProcpsSystem {
		var err error
		if tree, err = filepath.Abs(req.Root); err != nil {
			return err
		}
	}
	lib, err := libMode(tree)
	if err != nil {
		return err
	}
	args := append([]string{"--mount", "--propagation", "private", "sh", "-c", script, "loaderoracle", work, tree, lib}, cmd...)
	c := exec.CommandContext(ctx, "unshare", args...)
	c.Env = append(os.Environ(), "SYSTEMD_LOG_LEVEL=debug", "SYSTEMD_LOG_COLOR=0", "SYSTEMD_LOG_TARGET=console", "SYSTEMD_PAGER=", "LC_ALL=C")
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Run(); err != nil {
		return fmt.Errorf("loaderoracle: namespace setup failed (%v): %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// libMode says how /lib/sysctl.d (read by procps) is modelled: on a merged-/usr
// host it is /usr/lib/sysctl.d, already covered; otherwise it gets a bind mount
// if the host has the directory. A tree with its own lib/sysctl.d can only be
// modelled in the second case.
func libMode(tree string) (string, error) {
	treeHasLib := false
	if tree != "" {
		if fi, err := os.Stat(filepath.Join(tree, "lib/sysctl.d")); err == nil && fi.IsDir() {
			treeHasLib = true
		}
	}
	if t, err := os.Readlink("/lib"); err == nil && strings.TrimSuffix(t, "/") == "usr/lib" {
		if treeHasLib {
			return "", errors.New("loaderoracle: the tree has lib/sysctl.d but this host's /lib is /usr/lib; move it to usr/lib/sysctl.d")
		}
		return "merged", nil
	}
	if fi, err := os.Stat("/lib/sysctl.d"); err == nil && fi.IsDir() && tree != "" {
		return "bind", nil
	}
	if treeHasLib {
		return "", errors.New("loaderoracle: the tree has lib/sysctl.d but this host has no /lib/sysctl.d to mount it on")
	}
	return "none", nil
}

// collect reads rc, output and the written fake files back.
func collect(work string, cmd, keys []string) (*Result, error) {
	res := &Result{Cmd: cmd, FakeKeys: keys, Effective: map[string]string{}}
	b, err := os.ReadFile(filepath.Join(work, "rc"))
	if err != nil {
		return nil, fmt.Errorf("loaderoracle: loader did not run: %w", err)
	}
	if res.RC, err = strconv.Atoi(strings.TrimSpace(string(b))); err != nil {
		return nil, fmt.Errorf("loaderoracle: bad rc file: %w", err)
	}
	out, _ := os.ReadFile(filepath.Join(work, "stdout"))
	errb, _ := os.ReadFile(filepath.Join(work, "stderr"))
	res.Stdout, res.Stderr = string(out), string(errb)
	after := filepath.Join(work, "after")
	err = filepath.WalkDir(after, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		v, err := os.ReadFile(p)
		if err != nil || len(v) == 0 {
			return err
		}
		rel, _ := filepath.Rel(after, p)
		res.Effective[CanonicalKey(filepath.ToSlash(rel))] = strings.TrimSuffix(string(v), "\n")
		return nil
	})
	return res, err
}
