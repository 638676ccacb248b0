package check

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/twadvise/twadvise/config"
	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
	"github.com/twadvise/twadvise/rules"
)

// Modes of a check (DESIGN.md, "Two modes of check").
const (
	ModePath   = "path"   // the files given are the configuration
	ModeSystem = "system" // the loader's whole tree under the root, and live values
)

// Options say what one check reads and against what it judges it.
type Options struct {
	// Paths are the files and directories of PATH mode, applied in order;
	// "-" reads Stdin. No paths means system mode.
	Paths []string
	Stdin io.Reader
	// Root is the filesystem root of system mode and of live values;
	// "" means "/".
	Root string
	// Kernels are the target releases as given (--kernel, or the
	// configuration's kernels). Empty means the live kernel, when one is
	// read.
	Kernels []string
	// KernelSource says where Kernels came from: "flag" or "config".
	KernelSource string
	// Releases are the releases "every kernel" means when no kernel is
	// given and none is live; nil means those of the knowledge base.
	Releases []kernel.Version
	// Loader is systemd, procps or auto; "" is the mode's default
	// (systemd in PATH mode, auto in system mode).
	Loader string
	// Live makes PATH mode read the running kernel too; NoLive makes
	// system mode check the files alone (provisioning, before sysctl
	// --system has run).
	Live, NoLive bool
	// Disable lists rules (IDs or names, comma lists allowed) whose
	// findings are dropped, as .twadvise.hcl disable does.
	Disable []string
	Rules   *rules.Set
	Profile *rules.Profile
	Config  *config.Config // nil when no .twadvise.hcl was read
	Now     time.Time      // the date waivers expire against
	// Notes receives remarks for the user (stderr in the CLI); nil
	// discards them.
	Notes io.Writer
	// Catalog is the kernel knowledge base; nil means catalog.Builtin().
	Catalog *catalog.KB
}

// Error is a run problem: an unreadable root, a bad release or loader. The
// CLI reports it with exit status 2.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, a ...any) error { return &Error{Msg: fmt.Sprintf(format, a...)} }

// FileError is one entry of the "errors" array of every JSON output: a
// problem with an input file, at a line when known (0 otherwise).
type FileError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Gathered is what a check read once, whatever the number of target
// kernels: the configuration, live values, memory, namespace and census.
type Gathered struct {
	Mode   string
	Loader kernel.Loader
	// LiveKernel is the running release read from <root>/proc/sys, nil when
	// live values are not read or the release is unreadable.
	LiveKernel *kernel.Release
	Facts      rules.Facts // kernel-independent facts; Kernel is unset
	Errors     []FileError
	// Tree is the directory read as a tree laid out like / or /etc in PATH
	// mode, "" otherwise.
	Tree string
	// display maps an in-root path to the name a user at the current
	// directory opens; nil means paths are shown as they are.
	display func(string) string
}

// Display is the name a user at the current directory opens for an in-root
// path p (system mode under --root, or a tree in PATH mode).
func (g *Gathered) Display(p string) string {
	if g.display == nil || !strings.HasPrefix(p, "/") {
		return p
	}
	return g.display(p)
}

// Gather reads the configuration and, where the mode allows it, the
// running system, once.
func Gather(o Options) (*Gathered, error) {
	g := &Gathered{Mode: ModeSystem}
	if len(o.Paths) > 0 {
		g.Mode = ModePath
	}
	def := kernel.LoaderAuto
	if g.Mode == ModePath {
		def = kernel.LoaderSystemd
	}
	loader, err := kernel.ParseLoader(o.Loader, def)
	if err != nil {
		return nil, errorf("%v", err)
	}
	fsys, err := OpenRoot(o.Root)
	if err != nil {
		return nil, err
	}
	readLive := (g.Mode == ModeSystem && !o.NoLive) || o.Live
	facts := rules.Facts{Mode: g.Mode, NetNS: "unknown", Catalog: o.Catalog}
	if facts.Catalog == nil {
		facts.Catalog = catalog.Builtin()
	}
	if loader == kernel.LoaderAuto && !fsys.IsHostRoot() && targetsLackSystemd(o.Kernels) {
		// The target distribution has no systemd-sysctl (CentOS 6,
		// Ubuntu 14.04): its boot applies sysctl files with procps.
		loader = kernel.LoaderProcps
		notef(o.Notes, "note: the target distribution has no systemd: reading the files as procps sysctl --system does\n")
	}
	if loader == kernel.LoaderAuto && kernel.InitUnknown(fsys) && !fsys.IsHostRoot() {
		notef(o.Notes, "note: %s shows no init system: assuming systemd-sysctl (give --loader procps for sysctl --system)\n", fsys.Root())
	}
	loader = kernel.ResolveLoader(fsys, loader)
	g.Loader, facts.Loader = loader, loader
	if tree, fsysTree, ok := etcTree(o.Paths); ok {
		// A repository laid out like / or /etc: read as that tree, with the
		// loader's rules, not as one sysctl.d directory.
		g.Tree = tree
		g.display = treeDisplay(tree, fsysTree)
		loader = kernel.ResolveLoader(fsysTree, loader)
		g.Loader, facts.Loader = loader, loader
		facts.Effective = kernel.LoadSystem(fsysTree, loader)
	} else if g.Mode == ModePath {
		stdin := o.Stdin
		if stdin == nil {
			stdin = strings.NewReader("")
		}
		files, errs := kernel.LoadPaths(o.Paths, stdin)
		var expand func(string) []string
		if o.Live {
			expand = func(p string) []string { return kernel.GlobKeys(fsys, p) }
		}
		facts.Effective = kernel.Merge(loader, files, expand)
		facts.Effective.Errors = errs
		facts.Effective.Diagnostics = append(facts.Effective.Diagnostics, mismatchedPaths(o.Paths)...)
	} else {
		facts.Effective = kernel.LoadSystem(fsys, loader)
		if !fsys.IsHostRoot() {
			g.display = rootDisplay(o.Root)
		}
	}
	for _, e := range facts.Effective.Errors {
		g.Errors = append(g.Errors, FileError{File: g.Display(e.File), Line: e.Line, Message: e.Message})
	}
	if readLive && !hasProcSys(fsys) {
		// A bare tree (--root with only etc/): there is no running kernel to
		// ask, so keys are judged offline, from the catalogue, as in PATH mode.
		notef(o.Notes, "note: %s has no proc/sys: live values not read, keys judged from the catalogue\n", fsys.Root())
		readLive = false
	}
	if readLive {
		if data, err := fsys.ReadFile("/proc/sys/kernel/osrelease", 4096); err == nil {
			if r, err := kernel.ParseRelease(string(data)); err == nil {
				g.LiveKernel = &r
			}
		}
		facts.Live = func(k string) kernel.Live { return kernel.ReadLive(fsys, k) }
		facts.MemBytes = memTotal(fsys)
		facts.NetNS = kernel.DetectNetNS(fsys)
		facts.Container = facts.NetNS == kernel.NetNSChild || inContainer(fsys)
		if g.Mode == ModeSystem {
			// The census is best effort: without a socket table (a bare
			// --root tree) the census rules simply do not apply.
			if c, err := kernel.TakeCensus(fsys, kernel.CensusOptions{}); err == nil {
				facts.Census = c
			}
		}
	}
	g.Facts = facts
	return g, nil
}

// OpenRoot opens the filesystem root ("" is "/"), refusing one that is
// missing or not a directory.
func OpenRoot(root string) (kernel.FS, error) {
	if root == "" {
		root = "/"
	}
	fi, err := os.Stat(root)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return kernel.FS{}, errorf("--root %s: %v", root, err)
	}
	if !fi.IsDir() {
		return kernel.FS{}, errorf("--root %s: not a directory", root)
	}
	return kernel.Open(root), nil
}

func notef(w io.Writer, format string, a ...any) {
	if w != nil {
		fmt.Fprintf(w, format, a...)
	}
}

// hasProcSys reports whether the root has a /proc/sys to read live values from.
func hasProcSys(fsys kernel.FS) bool {
	fi, err := fsys.Stat("/proc/sys")
	return err == nil && fi.IsDir()
}

// memTotal reads MemTotal from <root>/proc/meminfo, in bytes (0 if unknown).
func memTotal(fsys kernel.FS) int64 {
	data, err := fsys.ReadFile("/proc/meminfo", 1<<20)
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// etcTree recognises a single PATH argument that is a repository laid out
// like / (it holds etc/sysctl.conf or etc/sysctl.d/) or like /etc (it holds
// sysctl.conf or sysctl.d/), and returns the FS that reads it as a system.
func etcTree(paths []string) (string, kernel.FS, bool) {
	if len(paths) != 1 || paths[0] == "-" {
		return "", kernel.FS{}, false
	}
	dir := paths[0]
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", kernel.FS{}, false
	}
	holdsSysctl := func(d string) bool {
		if fi, err := os.Stat(filepath.Join(d, "sysctl.conf")); err == nil && fi.Mode().IsRegular() {
			return true
		}
		fi, err := os.Stat(filepath.Join(d, "sysctl.d"))
		return err == nil && fi.IsDir()
	}
	switch {
	case holdsSysctl(filepath.Join(dir, "etc")):
		return dir, kernel.Open(dir), true
	case holdsSysctl(dir):
		return dir, kernel.OpenEtc(dir), true
	}
	return "", kernel.FS{}, false
}

// treeDisplay names in-root paths of a PATH-mode tree as the user would
// open them: dir joined with the path (inside /etc for an /etc layout).
func treeDisplay(dir string, fsys kernel.FS) func(string) string {
	if fsys.EtcDir() != "" {
		return func(p string) string {
			if rest, ok := strings.CutPrefix(p, "/etc"); ok && (rest == "" || rest[0] == '/') {
				return filepath.Join(dir, rest)
			}
			return p
		}
	}
	return rootDisplay(dir)
}

// rootDisplay names in-root paths under --root DIR relative to the current
// directory as the user gave DIR: --root . shows etc/sysctl.d/60-x.conf.
func rootDisplay(root string) func(string) string {
	return func(p string) string { return filepath.Join(root, p) }
}

// inContainer reports whether the root carries a container runtime's marker.
func inContainer(fsys kernel.FS) bool {
	for _, p := range []string{"/.dockerenv", "/run/.containerenv"} {
		if _, err := fsys.Stat(p); err == nil {
			return true
		}
	}
	return false
}

// mismatchedPaths finds, among PATH arguments, files that one loader applies
// and the other ignores: every such entry of a directory argument, and a
// file argument that sits in a directory named sysctl.d (a pre-commit hook
// passes files one by one).
func mismatchedPaths(paths []string) []kernel.Diagnostic {
	var out []kernel.Diagnostic
	for _, p := range paths {
		if p == "-" {
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if fi.IsDir() {
			out = append(out, kernel.MismatchedFiles(p)...)
			continue
		}
		if filepath.Base(filepath.Dir(p)) == "sysctl.d" {
			for _, d := range kernel.MismatchedFiles(filepath.Dir(p)) {
				if filepath.Clean(d.File) == filepath.Clean(p) {
					d.File = p
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// targetsLackSystemd reports whether every target kernel names a
// distribution release whose init is not systemd.
func targetsLackSystemd(specs []string) bool {
	n := 0
	for _, spec := range specs {
		ts, err := kernel.ParseTargets(spec)
		if err != nil {
			return false // reported when the targets are resolved
		}
		for _, t := range ts {
			if t.Distro == nil || t.Distro.Init == kernel.InitSystemd {
				return false
			}
			n++
		}
	}
	return n > 0
}
