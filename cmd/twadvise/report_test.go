package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twadvise/twadvise/check"
)

// writeCheckJSON runs `check --format json` in-process with args and stores
// its output as dir/name, the way the fleet playbook fetches it.
func writeCheckJSON(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	_, out, errOut := runCmd(append([]string{"check", "--format", "json"}, args...)...)
	if !strings.HasPrefix(out, "{") {
		t.Fatalf("check printed no JSON: %s", errOut)
	}
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fleetDir is two hosts: web1 in system mode over the fake root (5.15 live
// kernel), web2 in PATH mode with --kernel 4.9 one directory down, as a
// non-flat Ansible fetch leaves it.
func fleetDir(t *testing.T) string {
	dir := t.TempDir()
	conf := filepath.Join(webRoot, "etc", "sysctl.d", "90-web.conf")
	writeCheckJSON(t, dir, "web1.json", "--host", "web1", "--root", webRoot, "--profile", "http-client")
	writeCheckJSON(t, dir, filepath.Join("web2", "check.json"), "--host", "web2", "--kernel", "4.9", "--profile", "web-server", conf)
	return dir
}

type reportDoc struct {
	Hosts []struct {
		Host   string
		Kernel *string
		Counts struct{ Error, Warning, Info int }
	}
	Findings []struct {
		Rule, Key   string
		HostCount   int `json:"host_count"`
		Occurrences []struct{ Host, Fingerprint string }
	}
	Kernels []struct {
		Release *string
		Hosts   []string
	}
	HostsWithErrors []string `json:"hosts_with_errors"`
	Errors          []check.FileError
}

func decodeReport(t *testing.T, out string) reportDoc {
	t.Helper()
	var d reportDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("report JSON: %v\n%s", err, out)
	}
	return d
}

// TestReportFleet summarises two hosts: every host, finding and kernel is
// there, both shapes of the fetched directory are read, and --fail-on
// decides 0 or 1.
func TestReportFleet(t *testing.T) {
	dir := fleetDir(t)
	s := compileSchema(t, "report.schema.json")
	code, out, errOut := runCmd("report", "--format", "json", dir)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	validateAgainst(t, s, "report.schema.json", out)
	d := decodeReport(t, out)
	if len(d.Hosts) != 2 || d.Hosts[0].Host != "web1" || d.Hosts[1].Host != "web2" {
		t.Fatalf("hosts: %+v", d.Hosts)
	}
	if d.Hosts[0].Counts.Error == 0 || d.Hosts[1].Counts.Error == 0 {
		t.Errorf("counts: %+v", d.Hosts)
	}
	if len(d.Kernels) != 2 || *d.Kernels[0].Release != "4.9" || d.Kernels[0].Hosts[0] != "web2" {
		t.Errorf("kernels: %+v", d.Kernels)
	}
	shared := false
	for _, f := range d.Findings {
		if f.Rule == "TW223" && f.Key == "net.ipv4.tcp_tw_reuse" {
			shared = f.HostCount == 2 && len(f.Occurrences) == 2 && f.Occurrences[0].Fingerprint != ""
		}
	}
	if !shared {
		t.Errorf("TW223 on net.ipv4.tcp_tw_reuse should be on both hosts: %+v", d.Findings)
	}
	if len(d.Errors) != 0 || len(d.HostsWithErrors) != 0 {
		t.Errorf("unexpected errors: %+v %+v", d.Errors, d.HostsWithErrors)
	}

	code, text, _ := runCmd("report", dir)
	for _, want := range []string{"2 hosts, 2 kernels", "Findings by rule and key:", "TW101 tcp-tw-recycle-removed", "web1, web2", "Hosts:", "5.15.0-91-generic", "Kernels:"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
	if code != exitFindings {
		t.Errorf("text: exit %d, want 1", code)
	}
	if code, _, _ := runCmd("report", "--fail-on", "none", dir); code != exitOK {
		t.Errorf("--fail-on none: exit %d, want 0", code)
	}
	if code, _, errOut := runCmd("report", "--fail-on", "bogus", dir); code != exitFailed || !strings.Contains(errOut, "--fail-on") {
		t.Errorf("--fail-on bogus: exit %d, %s", code, errOut)
	}
}

// TestReportCleanFleet: a host with nothing at or above --fail-on exits 0.
func TestReportCleanFleet(t *testing.T) {
	dir := t.TempDir()
	writeCheckJSON(t, dir, "db1.json", "--host", "db1", "--root", filepath.Join("..", "..", "rules", "testdata", "roots", "plain"), "--kernel", "6.8")
	code, out, errOut := runCmd("report", "--fail-on", "error", dir)
	if code != exitOK || !strings.Contains(out, "db1") {
		t.Errorf("exit %d, want 0; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// TestReportHostileInput puts one bad file beside a good report: each is a
// clear error naming the file, exit 2, and the good host is still reported
// (JSON too, valid against the schema, with the errors array filled).
func TestReportHostileInput(t *testing.T) {
	s := compileSchema(t, "report.schema.json")
	good := t.TempDir()
	goodFile := writeCheckJSON(t, good, "web1.json", "--host", "web1", "--root", webRoot)
	goodDoc, err := os.ReadFile(goodFile)
	if err != nil {
		t.Fatal(err)
	}
	_, effective, _ := runCmd("effective", "--format", "json", "--root", webRoot)
	withHost := func(h string) string { return strings.Replace(string(goodDoc), `"host": "web1"`, `"host": "`+h+`"`, 1) }
	cases := []struct {
		name, file, content, want string
		setup                     func(t *testing.T, p string)
	}{
		{name: "truncated", content: string(goodDoc[:len(goodDoc)/2]), want: "invalid JSON"},
		{name: "not-json", content: "PLAY RECAP *****\nhost : ok=3\n", want: "invalid JSON"},
		{name: "array", content: `[1,2,3]`, want: "not a JSON object"},
		{name: "empty", content: "", want: "empty file"},
		{name: "effective", content: effective, want: "twadvise effective"},
		{name: "other-json", content: `{"schema": 1, "name": "x"}`, want: `no "tool" field`},
		{name: "no-schema", content: `{"host": "x"}`, want: `no integer "schema"`},
		{name: "schema-3", content: strings.Replace(string(goodDoc), `"schema": 2`, `"schema": 3`, 1), want: "schema 3 is not supported"},
		{name: "wrong-type", content: strings.Replace(string(goodDoc), `"host": "web1"`, `"host": 7`, 1), want: "not a check report"},
		{name: "bad-severity", content: strings.Replace(string(goodDoc), `"severity": "warning"`, `"severity": "fatal"`, 1), want: "finding "},
		{name: "null-findings", content: strings.Replace(withHost("h2"), `"findings": [`, `"findings": null, "x": [`, 1), want: `"findings" is null`},
		{name: "trailing", content: string(goodDoc) + "{}", want: "after top-level value"},
		{name: "deep", content: strings.Repeat("[", 100000), want: "invalid JSON"},
		{name: "huge", want: "file too large", setup: func(t *testing.T, p string) {
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(65 << 20); err != nil { // sparse: costs no disk
				t.Fatal(err)
			}
		}},
		{name: "fifo", want: "FIFO", setup: func(t *testing.T, p string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}},
		{name: "check-errors", content: strings.Replace(withHost("web9"), `"errors": []`, `"errors": [{"file": "/etc/sysctl.d/x.conf", "line": 0, "message": "permission denied"}]`, 1), want: "host web9: its check failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "a-good.json"), goodDoc, 0o644); err != nil {
				t.Fatal(err)
			}
			bad := filepath.Join(dir, "z-"+c.name+".json")
			if c.setup != nil {
				c.setup(t, bad)
			} else if err := os.WriteFile(bad, []byte(c.content), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCmd("report", dir)
			if code != exitFailed {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(errOut, bad) || !strings.Contains(errOut, c.want) {
				t.Errorf("stderr should name %s and say %q:\n%s", bad, c.want, errOut)
			}
			if !strings.Contains(out, "web1") {
				t.Errorf("the good host is missing from the summary:\n%s", out)
			}
			code, out, _ = runCmd("report", "--format", "json", dir)
			if code != exitFailed {
				t.Errorf("json: exit %d, want 2", code)
			}
			validateAgainst(t, s, "report.schema.json", out)
			d := decodeReport(t, out)
			if len(d.Hosts) == 0 || d.Hosts[0].Host != "web1" {
				t.Errorf("json: the good host is missing: %+v", d.Hosts)
			}
			if len(d.Errors) == 0 && len(d.HostsWithErrors) == 0 {
				t.Errorf("json: no errors reported:\n%s", out)
			}
		})
	}
}

// TestReportDuplicateHost: a stale report beside a fresh one for the same
// host counts once, the newest file wins, and the summary says which file
// it left out (not an error: re-running the fleet playbook is routine).
func TestReportDuplicateHost(t *testing.T) {
	dir := t.TempDir()
	fresh := writeCheckJSON(t, dir, "web1.json", "--host", "web1", "--root", webRoot)
	data, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "web1-old.json")
	if err := os.WriteFile(stale, data, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd("report", dir)
	if code == exitFailed {
		t.Errorf("exit 2 on a duplicate host; stderr:\n%s", errOut)
	}
	if !strings.Contains(out, "1 host") || !strings.Contains(out, "note: host web1: "+stale+" left out, the newer "+fresh+" is used") {
		t.Errorf("want one host and a note naming the stale file:\n%s", out)
	}
}

// TestReportBadDirectories: an empty directory, a missing one, and an
// unreadable file are errors naming the path (exit 2), never an empty
// "all clear".
func TestReportBadDirectories(t *testing.T) {
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd("report", empty)
	if code != exitFailed || !strings.Contains(errOut, empty+": error: no *.json check reports") {
		t.Errorf("empty dir: exit %d, stderr:\n%s", code, errOut)
	}
	if !strings.Contains(out, "0 hosts") {
		t.Errorf("empty dir: summary should still print:\n%s", out)
	}
	missing := filepath.Join(empty, "nope")
	code, _, errOut = runCmd("report", missing)
	if code != exitFailed || !strings.Contains(errOut, missing+": error: no such file or directory") {
		t.Errorf("missing dir: exit %d, stderr:\n%s", code, errOut)
	}
	if code, _, _ := runCmd("report"); code != exitFailed {
		t.Errorf("no argument: exit %d, want 2", code)
	}
	if os.Geteuid() == 0 {
		t.Log("running as root: the unreadable-file case cannot be built")
		return
	}
	p := filepath.Join(t.TempDir(), "locked.json")
	if err := os.WriteFile(p, []byte("{}"), 0o000); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCmd("report", filepath.Dir(p))
	if code != exitFailed || !strings.Contains(errOut, p+": error: permission denied") {
		t.Errorf("unreadable file: exit %d, stderr:\n%s", code, errOut)
	}
}

// TestReportHostileNames: a host name with terminal escapes is quoted in
// text output, never written raw.
func TestReportHostileNames(t *testing.T) {
	dir := t.TempDir()
	writeCheckJSON(t, dir, "evil.json", "--host", "evil\x1b[2Jhost", "--root", webRoot)
	_, out, _ := runCmd("report", dir)
	if strings.Contains(out, "\x1b") {
		t.Errorf("raw escape in the text output:\n%q", out)
	}
	if !strings.Contains(out, `"evil\x1b[2Jhost"`) {
		t.Errorf("host name not quoted:\n%s", out)
	}
}
