package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/check"
)

// checkReportOf decodes check JSON output.
func checkReportOf(t *testing.T, out string) check.Report {
	t.Helper()
	var r check.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return r
}

func rulesOf(r check.Report) map[string]check.Finding {
	m := map[string]check.Finding{}
	for _, f := range r.Findings {
		m[f.Rule] = f
	}
	return m
}

// recycleConf fires TW101 (removed in 4.12, error) on new kernels, TW201
// (NAT) on old ones behind NAT, and TW231 (info) on every kernel.
const recycleConf = "net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = 30\n"

// TestCheckConfigOptions drives every .twadvise.hcl option through the CLI.
func TestCheckConfigOptions(t *testing.T) {
	tests := []struct {
		name   string
		config string
		args   []string // after check --format json --config CFG
		code   int
		want   []string // rules that must be reported
		absent []string // rules that must not be
		check  func(t *testing.T, r check.Report)
	}{
		{name: "kernels: each checked, identical findings merged", config: `kernels = ["4.9", "5.15", "6.8"]`,
			code: exitFindings, want: []string{"TW101", "TW201", "TW231"},
			check: func(t *testing.T, r check.Report) {
				if got := kernelsText(rulesOf(r)["TW231"]); got != "4.9-6.8" {
					t.Errorf("TW231 kernels = %s, want all three", got)
				}
				if got := kernelsText(rulesOf(r)["TW101"]); got != "5.15-6.8" {
					t.Errorf("TW101 kernels = %s, want 5.15,6.8 (removed in 4.12)", got)
				}
				if r.Kernel.Source != "config" || strings.Join(r.Kernel.Targets, ",") != "4.9,5.15,6.8" {
					t.Errorf("kernel = %+v", r.Kernel)
				}
				if got := kernelsText(rulesOf(r)["TW201"]); got != "4.9" {
					t.Errorf("TW201 kernels = %s, want 4.9 (before the removal)", got)
				}
				if n := len(r.Findings); n != 3 {
					t.Errorf("%d findings, want TW101, TW201 and TW231 once each", n)
				}
			}},
		{name: "--kernel wins over config kernels", config: `kernels = ["4.9", "6.8"]`, args: []string{"--kernel", "6.8"},
			code: exitFindings, want: []string{"TW101"},
			check: func(t *testing.T, r check.Report) {
				if r.Kernel.Source != "flag" || strings.Join(r.Kernel.Targets, ",") != "6.8" {
					t.Errorf("kernel = %+v", r.Kernel)
				}
			}},
		{name: "profile", config: "profile = \"web-server\"\nkernels = [\"4.9\"]", code: exitFindings, want: []string{"TW201"},
			check: func(t *testing.T, r check.Report) {
				if strings.Join(r.Profiles, ",") != "web-server" {
					t.Errorf("profiles %q", r.Profiles)
				}
			}},
		{name: "--profile wins over config", config: "profile = \"web-server\"\nkernels = [\"4.9\"]", args: []string{"--profile", "http-client"}, code: exitFindings, want: []string{"TW202"}, absent: []string{"TW201"}},
		{name: "profile_override", config: "profile = \"http-client\"\nkernels = [\"4.9\"]\nprofile_override {\n  clients_behind_nat = true\n}", code: exitFindings, want: []string{"TW201"}},
		{name: "disable by ID", config: "kernels = [\"6.8\"]\ndisable = [\"TW101\"]", code: exitOK, want: []string{"TW231"}, absent: []string{"TW101"}},
		{name: "disable by name", config: "kernels = [\"6.8\"]\ndisable = [\"tcp-tw-recycle-removed\", \"TW231\"]", code: exitOK, absent: []string{"TW101", "TW231"}},
		{name: "severity override raises", config: "kernels = [\"6.8\"]\ndisable = [\"TW101\"]\nseverity = { TW231 = \"error\" }", code: exitFindings,
			check: func(t *testing.T, r check.Report) {
				if rulesOf(r)["TW231"].Severity != "error" {
					t.Errorf("TW231 not raised: %+v", rulesOf(r)["TW231"])
				}
			}},
		{name: "severity override lowers, by name", config: "kernels = [\"6.8\"]\nseverity = { \"tcp-tw-recycle-removed\" = \"info\" }", code: exitOK, want: []string{"TW101"}},
		{name: "waiver silences until it expires", config: "kernels = [\"6.8\"]\nwaiver {\n  rule = \"TW101\"\n  reason = \"fleet migrates in Q4\"\n  expires = \"2026-12-31\"\n}",
			args: []string{"--now", "2026-12-31"}, code: exitOK, absent: []string{"TW101", "TW009"}},
		{name: "expired waiver is TW009 and silences nothing", config: "kernels = [\"6.8\"]\nwaiver {\n  rule = \"TW101\"\n  reason = \"fleet migrates in Q4\"\n  expires = \"2026-12-31\"\n}",
			args: []string{"--now", "2027-01-01"}, code: exitFindings, want: []string{"TW101", "TW009"},
			check: func(t *testing.T, r check.Report) {
				f := rulesOf(r)["TW009"]
				if !strings.HasSuffix(f.File, ".twadvise.hcl") || f.Line != 2 || !strings.Contains(f.Message, "expired on 2026-12-31") {
					t.Errorf("TW009 finding %+v, want the waiver's file and line 2", f)
				}
			}},
		{name: "waiver for another key does not apply", config: "kernels = [\"6.8\"]\nwaiver {\n  rule = \"TW101\"\n  key = \"net.ipv4.tcp_tw_reuse\"\n  reason = \"r\"\n  expires = \"2099-01-01\"\n}", code: exitFindings, want: []string{"TW101"}},
		{name: "waiver by key pattern and file glob", config: "kernels = [\"6.8\"]\nwaiver {\n  rule = \"tcp-tw-recycle-removed\"\n  key = \"net.ipv4.tcp_tw_*\"\n  file = \"*/a.conf\"\n  reason = \"r\"\n  expires = \"2099-01-01\"\n}", code: exitOK, absent: []string{"TW101"}},
		{name: "waiver for another file does not apply", config: "kernels = [\"6.8\"]\nwaiver {\n  rule = \"TW101\"\n  file = \"other.conf\"\n  reason = \"r\"\n  expires = \"2099-01-01\"\n}", code: exitFindings, want: []string{"TW101"}},
		{name: "rules directory relative to the config", config: "kernels = [\"6.8\"]\nrules = [\"policy\"]", code: exitFindings, want: []string{"TW901"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"a.conf": recycleConf, "proj/.twadvise.hcl": tc.config + "\n", "proj/policy/p.hcl": policyRule})
			args := append([]string{"check", "--format", "json", "--config", filepath.Join(dir, "proj", ".twadvise.hcl")}, tc.args...)
			code, out, stderr := runIn(t, "", append(args, filepath.Join(dir, "a.conf"))...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstderr: %s\n%s", code, tc.code, stderr, out)
			}
			r := checkReportOf(t, out)
			validateAgainst(t, compileSchema(t, "check.schema.json"), "check.schema.json", out)
			got := rulesOf(r)
			for _, w := range tc.want {
				if _, ok := got[w]; !ok {
					t.Errorf("%s not reported:\n%s", w, out)
				}
			}
			for _, a := range tc.absent {
				if _, ok := got[a]; ok {
					t.Errorf("%s reported:\n%s", a, out)
				}
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

// policyRule is a project rule loaded from the config's rules directory.
const policyRule = `rule "TW901" {
  name        = "fin-timeout-policy"
  title       = "Our policy forbids tuning tcp_fin_timeout"
  key         = "net.ipv4.tcp_fin_timeout"
  severity    = "warning"
  message     = "tcp_fin_timeout is set"
  remediation = "Remove it."
  references  = ["internal policy"]
}
`

// TestCheckConfigInvalid: every malformed config is exit 2 with an HCL
// diagnostic naming .twadvise.hcl:line:col.
func TestCheckConfigInvalid(t *testing.T) {
	tests := []struct{ name, config, where, what string }{
		{"syntax", "kernels = [\"6.8\"\n", ":1:11", "Unterminated"},
		{"unknown attribute", "kernel = \"6.8\"\n", ":1:1", "Unsupported argument"},
		{"wrong type", "kernels = \"6.8\"\n", ":1:12", "static list"},
		{"unknown rule in disable", "disable = [\"TW101\", \"TW999\"]\n", ":1:21", "Unknown rule"},
		{"unknown rule in severity", "severity = { TW998 = \"error\" }\n", ":1:14", "Unknown rule"},
		{"bad severity", "severity = { TW101 = \"fatal\" }\n", ":1:22", "Invalid severity"},
		{"bad kernel", "kernels = [\"6.8\", \"linux\"]\n", ":1:19", "Invalid kernel release"},
		{"waiver without reason attribute", "waiver {\n  rule = \"TW101\"\n  expires = \"2026-12-31\"\n}\n", ":1:", "reason"},
		{"waiver with empty reason", "waiver {\n  rule = \"TW101\"\n  reason = \" \"\n  expires = \"2026-12-31\"\n}\n", ":1:1", "Waiver without a reason"},
		{"waiver with bad date", "waiver {\n  rule = \"TW101\"\n  reason = \"r\"\n  expires = \"31/12/2026\"\n}\n", ":4:13", "Invalid expiry date"},
		{"waiver for unknown rule", "waiver {\n  rule = \"TW997\"\n  reason = \"r\"\n  expires = \"2026-12-31\"\n}\n", ":1:1", "Unknown rule"},
		{"bad closes", "profile_override {\n  closes = \"nobody\"\n}\n", ":1:1", "Invalid closes"},
		{"unknown profile attribute", "profile_override {\n  nat = true\n}\n", ":2:3", "Unsupported argument"},
		{"unknown profile", "profile = \"nope\"\n", "", "unknown profile"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{".twadvise.hcl": tc.config, "a.conf": recycleConf})
			cfg := filepath.Join(dir, ".twadvise.hcl")
			code, out, stderr := runIn(t, "", "check", "--config", cfg, filepath.Join(dir, "a.conf"))
			if code != exitFailed {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", code, out, stderr)
			}
			if tc.where != "" && !strings.Contains(stderr, cfg+tc.where) {
				t.Errorf("stderr lacks %s%s:\n%s", cfg, tc.where, stderr)
			}
			if !strings.Contains(stderr, tc.what) {
				t.Errorf("stderr lacks %q:\n%s", tc.what, stderr)
			}
		})
	}
	code, _, stderr := runIn(t, "", "check", "--config", filepath.Join(t.TempDir(), "missing.hcl"), "-")
	if code != exitFailed || !strings.Contains(stderr, "--config") {
		t.Errorf("missing --config file: exit %d, stderr %s", code, stderr)
	}
	code, _, stderr = runIn(t, "", "check", "--now", "tomorrow", "-")
	if code != exitFailed || !strings.Contains(stderr, "--now") {
		t.Errorf("bad --now: exit %d, stderr %s", code, stderr)
	}
}

// TestCheckConfigInCurrentDirectory: without --config, .twadvise.hcl in
// the current directory is read.
func TestCheckConfigInCurrentDirectory(t *testing.T) {
	dir := writeTree(t, map[string]string{".twadvise.hcl": "kernels = [\"6.8\"]\ndisable = [\"TW231\"]\n", "a.conf": recycleConf})
	t.Chdir(dir)
	code, out, stderr := runIn(t, "", "check", "--format", "json", "a.conf")
	if code != exitFindings {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	got := rulesOf(checkReportOf(t, out))
	if _, ok := got["TW101"]; !ok {
		t.Errorf("kernels from ./.twadvise.hcl not used:\n%s", out)
	}
	if _, ok := got["TW231"]; ok {
		t.Errorf("disable from ./.twadvise.hcl not used:\n%s", out)
	}
	if err := os.WriteFile(".twadvise.hcl", []byte("kernels = [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runIn(t, "", "check", "a.conf"); code != exitFailed || !strings.Contains(stderr, ".twadvise.hcl:") {
		t.Errorf("invalid ./.twadvise.hcl: exit %d, stderr %s", code, stderr)
	}
}

// TestCheckStdinSeveralKernels: stdin is read once and checked per kernel.
func TestCheckStdinSeveralKernels(t *testing.T) {
	dir := writeTree(t, map[string]string{".twadvise.hcl": "kernels = [\"5.15\", \"6.8\"]\n"})
	code, out, _ := runIn(t, recycleConf, "check", "--format", "json", "--config", filepath.Join(dir, ".twadvise.hcl"), "-")
	if code != exitFindings || kernelsText(rulesOf(checkReportOf(t, out))["TW101"]) != "5.15-6.8" {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// kernelsText writes a finding's release ranges as "4.9-6.8", "4.12+".
func kernelsText(f check.Finding) string {
	var parts []string
	for _, r := range f.Kernels {
		parts = append(parts, r.Text("+", "-"))
	}
	return strings.Join(parts, ",")
}
