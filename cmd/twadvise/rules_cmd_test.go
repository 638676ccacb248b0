package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExplainRule(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"explain", "TW101"}, exitOK, []string{"TW101 tcp-tw-recycle-removed", "kernel:      >= 4.12", "severity:    error", "4396e46187ca", "remediation: Delete the line."}},
		{[]string{"explain", "tcp-tw-recycle-removed"}, exitOK, []string{"TW101 tcp-tw-recycle-removed"}},
		{[]string{"explain", "tw602"}, exitOK, []string{"optional ? \"info\" : \"warning\"", "mode:        system", "condition:   !glob && live.status == \"absent\""}},
		{[]string{"explain", "net.ipv4.tcp_tw_recycle"}, exitOK, []string{"history:"}},
		{[]string{"explain", "TW999"}, exitFailed, []string{`unknown rule "TW999"`}},
	}
	for _, tc := range tests {
		code, out, errOut := runCmd(tc.args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tc.args, code, tc.code, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("%v: output lacks %q:\n%s%s", tc.args, w, out, errOut)
			}
		}
	}
}

func TestExplainRuleJSON(t *testing.T) {
	code, out, _ := runCmd("explain", "--format", "json", "TW241")
	var e ruleExplanation
	if err := json.Unmarshal([]byte(out), &e); code != exitOK || err != nil {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	if e.ID != "TW241" || e.Severity != "error" || e.Condition != "num != null && num < 10000" || len(e.References) == 0 || e.Source == "" {
		t.Errorf("unexpected explanation: %+v", e)
	}
}

// TestUserRuleVisible checks that --rules DIR rules are listed and explained,
// and that an invalid rule file fails with file:line:col and exit 2.
func TestUserRuleVisible(t *testing.T) {
	dir := t.TempDir()
	rule := `rule "TW901" {
  name        = "somaxconn-low"
  title       = "Listen backlog cap is low"
  key         = "net.core.somaxconn"
  severity    = "warning"
  when        = num < 1024
  message     = "somaxconn = ${value} is low"
  remediation = "Raise it."
  references  = ["listen(2)"]
}
`
	if err := os.WriteFile(filepath.Join(dir, "site.hcl"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd("rules", "--rules", dir)
	if code != exitOK || !strings.Contains(out, "TW901  somaxconn-low") {
		t.Errorf("rules --rules: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCmd("explain", "--rules", dir, "somaxconn-low")
	if code != exitOK || !strings.Contains(out, "condition:   num < 1024") {
		t.Errorf("explain user rule: exit %d\n%s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.hcl")
	if err := os.WriteFile(bad, []byte("rule \"TW9\" {\n  name = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCmd("rules", "--rules", filepath.Dir(bad))
	if code != exitFailed || !strings.Contains(errOut, "bad.hcl:") {
		t.Errorf("invalid rule: exit %d, stderr %q", code, errOut)
	}
}

func TestRulesList(t *testing.T) {
	code, out, _ := runCmd("rules")
	if code != exitOK || !strings.HasPrefix(out, "ID ") || !strings.Contains(out, "TW602  key-absent-live") || !strings.Contains(out, "info|warning") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	code, out, _ = runCmd("rules", "--format", "json")
	var r rulesReport
	if err := json.Unmarshal([]byte(out), &r); code != exitOK || err != nil || r.Schema != 1 {
		t.Fatalf("rules json: exit %d, %v\n%s", code, err, out)
	}
	seen := map[string]bool{}
	for _, s := range r.Rules {
		seen[s.ID] = true
		if s.Name == "" || s.Title == "" || s.Severity == "" {
			t.Errorf("incomplete rule summary %+v", s)
		}
	}
	if !seen["TW001"] || !seen["TW101"] || !seen["TW305"] {
		t.Errorf("rules json misses built-ins: %v", seen)
	}
	if code, _, _ := runCmd("rules", "extra"); code != exitFailed {
		t.Errorf("rules with an argument: exit %d, want 2", code)
	}
}

func TestProfilesList(t *testing.T) {
	code, out, _ := runCmd("profiles")
	for _, w := range []string{"web-server: ", "closes first:       server", "recommend net.core.somaxconn >= 4096", "http-client", "kubernetes-node", "nat-gateway", "reverse-proxy", "database", "generic"} {
		if code != exitOK || !strings.Contains(out, w) {
			t.Errorf("profiles: exit %d, lacks %q\n%s", code, w, out)
		}
	}
	code, out, _ = runCmd("profiles", "--format", "json")
	var r profilesReport
	if err := json.Unmarshal([]byte(out), &r); code != exitOK || err != nil || len(r.Profiles) < 7 {
		t.Fatalf("profiles json: exit %d, %v\n%s", code, err, out)
	}
	for _, p := range r.Profiles {
		if p.Name == "http-client" && (p.ClientsBehindNAT || p.Closes != "client" || len(p.Recommendations) != 2 || p.Recommendations[0].Exactly == nil) {
			t.Errorf("http-client: %+v", p)
		}
	}
	pf := filepath.Join(t.TempDir(), "batch.hcl")
	if err := os.WriteFile(pf, []byte("profile \"batch\" {\n  description = \"Nightly jobs.\"\n  closes = \"client\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCmd("profiles", "--profile", pf)
	if code != exitOK || !strings.Contains(out, "batch: Nightly jobs.") {
		t.Errorf("profiles --profile FILE: exit %d\n%s", code, out)
	}
}
