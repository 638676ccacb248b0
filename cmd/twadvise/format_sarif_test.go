package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/rules"
)

// sarifSchema compiles the OASIS SARIF 2.1.0 schema, read in place from
// ../shared/reference/schemas (third-party files stay there): the test
// skips without it, except under CI=true, where that is a failure.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	p := filepath.Join(repoRoot(t), "..", "shared", "reference", "schemas", "sarif-schema-2.1.0.json")
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("SARIF schema %s is missing (CI=true): %v", p, err)
		}
		t.Skipf("SARIF schema %s is absent; skipping", p)
	}
	s, err := jsonschema.NewCompiler().Compile(p)
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	return s
}

// TestCheckSARIFSchema validates real SARIF outputs (file findings, live
// findings, a failed run, a clean run) against the OASIS schema, then checks
// what code scanning relies on beyond the schema.
func TestCheckSARIFSchema(t *testing.T) {
	s := sarifSchema(t)
	conf := filepath.Join(webRoot, "etc", "sysctl.d", "90-web.conf")
	runs := []struct {
		name string
		code int
		args []string
	}{
		{"path-kernel-profile", exitFindings, []string{"--kernel", "4.9", "--profile", "web-server", conf}},
		{"system-live", exitFindings, []string{"--root", webRoot, "--profile", "http-client"}},
		{"missing-file", exitFailed, []string{"--kernel", "5.15", conf, "testdata/does-not-exist.conf"}},
		{"clean", exitOK, []string{"--kernel", "6.8", "-"}},
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			code, out, stderr := runIn(t, "net.core.somaxconn = 8192\n", append([]string{"check", "--format", "sarif"}, r.args...)...)
			if code != r.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, r.code, stderr)
			}
			validateAgainstSchema(t, s, out)
			checkSARIFContent(t, out, r.code == exitFailed)
		})
	}
}

func validateAgainstSchema(t *testing.T, s *jsonschema.Schema, doc string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("output is not valid SARIF 2.1.0: %v\n%s", err, doc)
	}
}

// checkSARIFContent checks ruleIndex, fingerprints, regions and logical
// locations, which the schema allows to be wrong or absent.
func checkSARIFContent(t *testing.T, doc string, wantFailed bool) {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal([]byte(doc), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Version == "" || len(run.Tool.Driver.Rules) < 10 {
		t.Errorf("driver lacks version or rules: %+v", run.Tool.Driver.Name)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ShortDescription.Text == "" || r.Help.Text == "" || r.FullDescription.Text == "" {
			t.Errorf("rule %s lacks descriptions or help", r.ID)
		}
	}
	if run.Invocations[0].ExecutionSuccessful == wantFailed {
		t.Errorf("executionSuccessful = %v, want %v", run.Invocations[0].ExecutionSuccessful, !wantFailed)
	}
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s: ruleIndex %d points at %s", res.RuleID, res.RuleIndex, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
		if len(res.PartialFingerprints[sarifFingerprintKey]) != 16 {
			t.Errorf("result %s: no fingerprint", res.RuleID)
		}
		loc := res.Locations[0]
		switch {
		case loc.PhysicalLocation != nil && loc.PhysicalLocation.Region != nil && loc.PhysicalLocation.Region.StartLine < 1:
			t.Errorf("result %s: region with line %d", res.RuleID, loc.PhysicalLocation.Region.StartLine)
		case loc.PhysicalLocation == nil && (len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].Kind != "sysctl"):
			t.Errorf("result %s: neither a file nor a sysctl location: %+v", res.RuleID, loc)
		}
	}
}

// TestSARIFLiveFinding checks that a finding about a running value (file
// "live") names the key as a logical location and no file. No built-in rule
// reports a bare running value today, so the finding is made by hand.
func TestSARIFLiveFinding(t *testing.T) {
	s := sarifSchema(t)
	set, diags := rules.Load(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	sug := "1"
	f := rules.Finding{RuleID: "TW601", RuleName: "config-not-live", Severity: rules.Warning, Key: "net.ipv4.tcp_tw_reuse",
		Value: "0", Suggestion: &sug, File: rules.LiveFile, Message: "running value differs", Kernels: []string{"6.8"}}
	var out strings.Builder
	o := &checkOutput{g: &globalFlags{failOn: "warning"}, run: &check.Result{Findings: []rules.Finding{f}}, set: set, out: &out}
	if err := writeCheckSARIF(o); err != nil {
		t.Fatal(err)
	}
	validateAgainstSchema(t, s, out.String())
	checkSARIFContent(t, out.String(), false)
	if strings.Contains(out.String(), `"uri": "live"`) || !strings.Contains(out.String(), `"kind": "sysctl"`) {
		t.Errorf("live finding not written as a logical location:\n%s", out.String())
	}
}

func TestFileURI(t *testing.T) {
	for in, want := range map[string]string{
		"etc/sysctl.d/10-a.conf":  "etc/sysctl.d/10-a.conf",
		"/etc/sysctl.d/10-a.conf": "/etc/sysctl.d/10-a.conf",
		"my dir/a b.conf":         "my%20dir/a%20b.conf",
		"a:b.conf":                "./a:b.conf",
		"100%.conf":               "100%25.conf",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}
