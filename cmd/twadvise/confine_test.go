package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// confinedRoot is a fake root whose symlinks all try to leave it: a
// sysctl.d file, a /proc/sys value, a /proc/sys directory and the kernel
// release point at files outside, each holding a marker that must never
// appear in any output.
func confinedRoot(t *testing.T) (root string) {
	t.Helper()
	out := writeOutside(t)
	mustWrite(t, filepath.Join(out, "netdir/core/tcp_marker_7777331"), []byte("7777331\n"))
	root = writeTree(t, map[string]string{
		"etc/sysctl.d/10-ok.conf":  "net.core.somaxconn = 4096\nnet.ipv4.tcp_fin_timeout = 30\nnet.leak.*.tcp_marker_* = 1\n",
		"run/systemd/system/.keep": "",
		"proc/sys/net/ipv4/x":      "",
	})
	d := filepath.Join(root, "etc/sysctl.d")
	mustSymlink(t, filepath.Join(out, "evil.conf"), filepath.Join(d, "20-abs.conf"))
	mustSymlink(t, strings.Repeat("../", 12)+strings.TrimPrefix(out, "/")+"/evil.conf", filepath.Join(d, "21-rel.conf"))
	mustSymlink(t, filepath.Join(out, "somaxconn"), filepath.Join(root, "proc/sys/net/core/somaxconn"))
	mustSymlink(t, strings.Repeat("../", 12)+strings.TrimPrefix(out, "/")+"/somaxconn", filepath.Join(root, "proc/sys/net/ipv4/tcp_fin_timeout"))
	mustSymlink(t, filepath.Join(out, "osrelease"), filepath.Join(root, "proc/sys/kernel/osrelease"))
	mustSymlink(t, filepath.Join(out, "netdir"), filepath.Join(root, "proc/sys/net/leak"))
	return root
}

// TestConfinementSymlinks runs every reading command over confinedRoot
// and asserts that no marker from outside the root shows up: symlinks
// resolve inside the root, whatever they say.
func TestConfinementSymlinks(t *testing.T) {
	root := confinedRoot(t)
	for _, args := range [][]string{
		{"check", "--root", root, "--fail-on", "none", "--format", "json"},
		{"check", "--root", root, "--fail-on", "none"},
		{"effective", "--root", root, "--format", "json"},
		{"effective", "--root", root},
		{"advise", "--root", root, "--format", "json"},
		{"generate", "--root", root},
		{"check", "--root", root, "--live", "--fail-on", "none", "--format", "json", filepath.Join(root, "etc/sysctl.d")},
	} {
		code, out, errs := runBounded(t, "", args...)
		if code == exitFailed {
			t.Errorf("%v: exit 2\n%s", args, cut(errs))
		}
		for _, leak := range []string{"7777331", "HOSTLEAK", "9.99", "outside_marker"} {
			if strings.Contains(out+errs, leak) {
				t.Errorf("%v: output holds %q from outside the root:\n%s", args, leak, cut(out+errs))
			}
		}
	}
}

// TestConfinementKernelRelease checks the release specifically: an
// osrelease symlink to a host file must not become the kernel release.
func TestConfinementKernelRelease(t *testing.T) {
	root := confinedRoot(t)
	_, out, _ := runBounded(t, "", "check", "--root", root, "--fail-on", "none", "--format", "json")
	if !strings.Contains(out, `"source": "all"`) {
		t.Errorf("kernel release read through an escaping symlink:\n%s", cut(out))
	}
}

// TestNeverWritesProcSys runs every command that reads /proc/sys against a
// root whose proc/sys files are read-only (0444) and checks that their
// contents and modification times are unchanged afterwards. Root could
// write a 0444 file anyway, so the contents and mtimes are the proof.
func TestNeverWritesProcSys(t *testing.T) {
	root := writeTree(t, map[string]string{
		"etc/sysctl.d/90-t.conf":               "net.core.somaxconn = 8192\nnet.ipv4.tcp_tw_reuse = 1\nnet.ipv4.conf.*.rp_filter = 2\n",
		"proc/sys/kernel/osrelease":            "6.8.0-ro\n",
		"proc/sys/net/core/somaxconn":          "4096\n",
		"proc/sys/net/ipv4/tcp_tw_reuse":       "2\n",
		"proc/sys/net/ipv4/conf/all/rp_filter": "0\n",
		"run/systemd/system/.keep":             "",
	})
	type snap struct {
		data  string
		mtime int64
	}
	take := func() map[string]snap {
		m := map[string]snap{}
		filepath.Walk(filepath.Join(root, "proc/sys"), func(p string, fi os.FileInfo, err error) error {
			if err == nil && fi.Mode().IsRegular() {
				data, _ := os.ReadFile(p)
				m[p] = snap{string(data), fi.ModTime().UnixNano()}
			}
			return nil
		})
		return m
	}
	filepath.Walk(filepath.Join(root, "proc/sys"), func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			os.Chmod(p, 0o444)
		}
		return nil
	})
	before := take()
	out := filepath.Join(t.TempDir(), "gen.conf")
	for _, args := range [][]string{
		{"check", "--root", root, "--fail-on", "none"},
		{"effective", "--root", root, "--format", "json"},
		{"advise", "--root", root},
		{"generate", "--root", root},
		{"generate", "--root", root, "--format", "ansible", "--sysctl-set"},
		{"generate", "--root", root, "-o", out, "--force"},
		{"generate", "--root", root, "--from", filepath.Join(root, "etc/sysctl.d/90-t.conf")},
	} {
		if code, _, errs := runBounded(t, "", args...); code == exitFailed {
			t.Errorf("%v: exit 2\n%s", args, cut(errs))
		}
	}
	after := take()
	if len(after) != len(before) {
		t.Errorf("proc/sys has %d files, had %d", len(after), len(before))
	}
	for p, b := range before {
		if a := after[p]; a != b {
			t.Errorf("%s changed: %+v -> %+v", p, b, a)
		}
	}
}
