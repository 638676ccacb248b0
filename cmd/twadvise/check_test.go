package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree creates files (path -> content, "->target" for a symlink) under
// a temp dir and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if strings.HasPrefix(c, "->") {
			err = os.Symlink(c[2:], full)
		} else {
			err = os.WriteFile(full, []byte(c), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb strings.Builder
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckPathModeExitCodes(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"blog.conf":  "net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = 30\n",
		"clean.conf": "net.core.somaxconn = 8192\n",
		"info.conf":  "net.ipv4.tcp_fin_timeout = 30\n",
	})
	blog, clean, info := filepath.Join(dir, "blog.conf"), filepath.Join(dir, "clean.conf"), filepath.Join(dir, "info.conf")
	tests := []struct {
		name string
		args []string
		code int
		out  string // substring of stdout
		err  string // substring of stderr
	}{
		{"error finding exits 1", []string{"check", "--kernel", "5.15", blog}, 1, blog + ":1: error: net.ipv4.tcp_tw_recycle was removed in Linux 4.12", ""},
		{"same rule by text format", []string{"check", "--kernel", "5.15", blog}, 1, "[TW101 tcp-tw-recycle-removed]", ""},
		{"nat hazard below 4.12", []string{"check", "--kernel", "4.9", "--profile", "web-server", blog}, 1, "[TW201 tcp-tw-recycle-nat]", ""},
		{"no kernel: every release, tcp_tw_recycle still an error", []string{"check", blog}, 1, blog + ":1: error: net.ipv4.tcp_tw_recycle was removed in Linux 4.12", ""},
		{"clean file exits 0", []string{"check", "--kernel", "6.8", clean}, 0, "", ""},
		{"info below fail-on", []string{"check", "--kernel", "6.8", info}, 0, "info: tcp_fin_timeout = 30", ""},
		{"fail-on info", []string{"check", "--kernel", "6.8", "--fail-on", "info", info}, 1, "TW231", ""},
		{"fail-on none", []string{"check", "--kernel", "5.15", "--fail-on", "none", blog}, 0, "TW101", ""},
		{"missing file exits 2, others still checked", []string{"check", "--kernel", "5.15", blog, filepath.Join(dir, "nope.conf")}, 2, "TW101", "nope.conf: error: cannot read: no such file or directory"},
		{"bad kernel exits 2", []string{"check", "--kernel", "linux-five", blog}, 2, "", "--kernel"},
		{"bad fail-on exits 2", []string{"check", "--fail-on", "loud", blog}, 2, "", "--fail-on"},
		{"bad format exits 2", []string{"check", "--format", "xml", blog}, 2, "", "unknown --format"},
		{"bad profile exits 2", []string{"check", "--profile", "space-station", blog}, 2, "", "unknown profile \"space-station\""},
		{"bad loader exits 2", []string{"check", "--loader", "openrc", blog}, 2, "", "unknown loader"},
		{"a directory is one sysctl.d", []string{"check", "--kernel", "5.15", dir}, 1, "blog.conf:1: error", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runIn(t, "", tc.args...)
			if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.err) {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s\nwant stdout to contain %q and stderr %q", code, tc.code, out, errs, tc.out, tc.err)
			}
		})
	}
}

func TestCheckStdinAndOrder(t *testing.T) {
	// Files apply in the order given and the later file's value wins, but
	// every line is linted on its own: a's hazard is reported in both
	// orders, and says when b overrides it (DESIGN.md, "Two modes of check").
	dir := writeTree(t, map[string]string{"a.conf": "net.ipv4.tcp_timestamps = 0\n", "b.conf": "net.ipv4.tcp_timestamps = 1\n"})
	a, b := filepath.Join(dir, "a.conf"), filepath.Join(dir, "b.conf")
	code, out, _ := runIn(t, "", "check", b, a)
	if code != 1 || !strings.Contains(out, "a.conf:1: warning") || strings.Contains(out, "overridden") {
		t.Errorf("b then a: exit %d, out %q; want the TW211 warning from a.conf, in effect", code, out)
	}
	code, out, _ = runIn(t, "", "check", a, b)
	if code != 1 || !strings.Contains(out, "a.conf:1: warning") || !strings.Contains(out, "(overridden by "+b+":1)") {
		t.Errorf("a then b: exit %d, out %q; want the same warning, overridden by b.conf:1", code, out)
	}
	code, out, _ = runIn(t, "net.ipv4.tcp_max_tw_buckets = 5000\n", "check", "-")
	if code != 1 || !strings.HasPrefix(out, "-:1: error:") {
		t.Errorf("stdin: exit %d, out %q", code, out)
	}
}

func TestCheckJSON(t *testing.T) {
	dir := writeTree(t, map[string]string{"x.conf": "# twadvise:ignore TW231 our peers close fast\nnet.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_max_tw_buckets = 5000\n"})
	code, out, _ := runIn(t, "", "check", "--format", "json", "--kernel", "5.15.0-91-generic", "--host", "web1", "--fail-on", "info", filepath.Join(dir, "x.conf"))
	var r struct {
		Schema int    `json:"schema"`
		Host   string `json:"host"`
		Mode   string `json:"mode"`
		Loader string `json:"loader"`
		Kernel struct {
			Source  string
			Targets []string
		}
		Findings []struct {
			Rule, Name, Severity, Key, Value, File, Fingerprint string
			Line                                                int
			Suggestion                                          *string
			Kernels                                             []struct{ From, To string }
		}
		Errors []any
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if code != 1 || r.Schema != 2 || r.Host != "web1" || r.Mode != "path" || r.Loader != "systemd" || strings.Join(r.Kernel.Targets, ",") != "5.15.0-91-generic" || r.Kernel.Source != "flag" {
		t.Errorf("exit %d, header %+v", code, r)
	}
	if len(r.Findings) != 1 {
		t.Fatalf("want only TW241 (TW231 is suppressed), got %+v", r.Findings)
	}
	f := r.Findings[0]
	if f.Rule != "TW241" || f.Severity != "error" || f.Line != 3 || f.Value != "5000" || f.Suggestion == nil || len(f.Fingerprint) != 16 || len(f.Kernels) != 1 || f.Kernels[0].From != "5.15.0-91-generic" {
		t.Errorf("finding %+v", f)
	}
}

func TestCheckIgnoreDirectives(t *testing.T) {
	dir := writeTree(t, map[string]string{"x.conf": "# twadvise:ignore TW231\nnet.ipv4.tcp_fin_timeout = 30\n" +
		"# twadvise:ignore TW999 no such rule\nnet.ipv4.tcp_fin_timeout = 31\n" +
		"# twadvise:ignore tcp-timestamps-off reason given but nothing to silence\nnet.core.somaxconn = 8192\n"})
	_, out, _ := runIn(t, "", "check", "--fail-on", "info", "--kernel", "6.8", filepath.Join(dir, "x.conf"))
	for _, want := range []string{":1: warning: twadvise:ignore without a reason", ":3: warning: twadvise:ignore names unknown rule TW999", ":5: warning: twadvise:ignore tcp-timestamps-off suppresses nothing"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestCheckSystemMode(t *testing.T) {
	root := writeTree(t, map[string]string{
		"etc/sysctl.d/90-tune.conf":            "net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_tw_recycle = 1\n-net.ipv4.tcp_tw_reuse_delay = 500\n",
		"proc/sys/kernel/osrelease":            "6.1.0-18-amd64\n",
		"proc/sys/net/ipv4/tcp_fin_timeout":    "60\n",
		"proc/sys/net/ipv4/tcp_max_tw_buckets": "262144\n",
		"run/systemd/system/.keep":             "",
	})
	code, out, _ := runIn(t, "", "check", "--root", root, "--format", "json")
	var r struct {
		Mode, Loader string
		Kernel       struct {
			Source  string
			Targets []string
		}
		Findings []struct {
			Rule, File, Key string
			PathInRoot      string `json:"path_in_root"`
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range r.Findings {
		got[f.Rule+" "+f.Key] = true
	}
	for _, want := range []string{"TW601 net.ipv4.tcp_fin_timeout", "TW101 net.ipv4.tcp_tw_recycle", "TW602 net.ipv4.tcp_tw_reuse_delay"} {
		if !got[want] {
			t.Errorf("missing %s in %v", want, got)
		}
	}
	if got["TW602 net.ipv4.tcp_tw_recycle"] {
		t.Errorf("tcp_tw_recycle on 6.1 is TW101's: TW602 must not report it twice")
	}
	if code != 1 || r.Mode != "system" || r.Loader != "systemd" || strings.Join(r.Kernel.Targets, ",") != "6.1.0-18-amd64" || r.Kernel.Source != "live" {
		t.Errorf("exit %d, %+v", code, r)
	}
	// File is what the user at the current directory opens; path_in_root
	// is the path on the host being checked.
	if r.Findings[0].File != filepath.Join(root, "etc/sysctl.d/90-tune.conf") || r.Findings[0].PathInRoot != "/etc/sysctl.d/90-tune.conf" {
		t.Errorf("file %q, path_in_root %q", r.Findings[0].File, r.Findings[0].PathInRoot)
	}
}

func TestCheckInvalidUserRule(t *testing.T) {
	dir := writeTree(t, map[string]string{"rules/bad.hcl": "rule \"TW9\" {\n  name = \"x\"\n}\n", "c.conf": "a.b = 1\n"})
	code, _, errs := runIn(t, "", "check", "--rules", filepath.Join(dir, "rules"), filepath.Join(dir, "c.conf"))
	if code != 2 || !strings.Contains(errs, "bad.hcl:1") {
		t.Errorf("exit %d, stderr %q; want exit 2 with an HCL position", code, errs)
	}
	dir = writeTree(t, map[string]string{"p.hcl": "profile \"edge\" {\n  description = \"d\"\n  closes = \"client\"\n  outbound_rate = 1000\n}\n",
		"c.conf": "net.ipv4.ip_local_port_range = 32768 60999\n"})
	code, out, _ := runIn(t, "", "check", "--profile", filepath.Join(dir, "p.hcl"), filepath.Join(dir, "c.conf"))
	if code != 1 || !strings.Contains(out, "TW305") {
		t.Errorf("user profile: exit %d, out %q; want the port-range exhaustion warning", code, out)
	}
}

// TestCheckBareRoot: a --root with no proc/sys has no running kernel to
// ask, so keys are not "absent live" (TW602) but judged from the catalogue.
func TestCheckBareRoot(t *testing.T) {
	root := writeTree(t, map[string]string{
		"etc/sysctl.d/90-tune.conf": "net.ipv4.tcp_fin_timeout = 30\nnet.ipv4.tcp_tw_recycle = 1\nnet.ipv4_timestamps = 0\n",
	})
	code, out, errs := runIn(t, "", "check", "--root", root, "--kernel", "6.1", "--format", "json")
	var r struct{ Findings []struct{ Rule, Key string } }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range r.Findings {
		got[f.Rule+" "+f.Key] = true
		if f.Rule == "TW601" || f.Rule == "TW602" {
			t.Errorf("live-value rule on a tree without proc/sys: %s %s", f.Rule, f.Key)
		}
	}
	if !got["TW101 net.ipv4.tcp_tw_recycle"] || !got["TW102 net.ipv4_timestamps"] {
		t.Errorf("want TW101 and the catalogue's TW102, got %v", got)
	}
	if code != 1 || !strings.Contains(errs, "has no proc/sys") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}
