package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/rules"
)

// checkReport is the `check` JSON (DESIGN.md, "JSON").
type checkReport struct {
	Schema   int           `json:"schema"`
	Tool     toolInfo      `json:"tool"`
	Host     string        `json:"host"`
	Mode     string        `json:"mode"`
	Kernel   kernelInfo    `json:"kernel"`
	Loader   string        `json:"loader"`
	Profile  string        `json:"profile"`
	Findings []findingJSON `json:"findings"`
	Skipped  []string      `json:"skipped_rules"`
	Errors   []fileError   `json:"errors"`
}

type kernelInfo struct {
	Release *string `json:"release"`
	Source  string  `json:"source"`
	// Releases lists every target kernel when .twadvise.hcl names several;
	// Release is then the first.
	Releases []string `json:"releases,omitempty"`
}

type findingJSON struct {
	Rule        string   `json:"rule"`
	Name        string   `json:"name"`
	Severity    string   `json:"severity"`
	Key         string   `json:"key"`
	Value       string   `json:"value"`
	Suggestion  *string  `json:"suggestion"`
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Message     string   `json:"message"`
	Remediation string   `json:"remediation"`
	References  []string `json:"references"`
	Kernel      []string `json:"kernel"`
	Fingerprint string   `json:"fingerprint"`
}

func toFindingJSON(f rules.Finding) findingJSON {
	return findingJSON{
		Rule: f.RuleID, Name: f.RuleName, Severity: f.Severity.String(), Key: f.Key, Value: f.Value,
		Suggestion: f.Suggestion, File: f.File, Line: f.Line, Message: f.Message, Remediation: f.Remediation,
		References: nonNil(f.References), Kernel: nonNil(f.Kernels), Fingerprint: f.Fingerprint(),
	}
}

// checkOutput is what a check formatter gets: the run, the rule set (for
// rule metadata) and the flags that shape presentation. It has no say in the
// exit code (DESIGN.md: formatters never choose it).
type checkOutput struct {
	g    *globalFlags
	run  *checkRun
	set  *rules.Set
	out  io.Writer
	errw io.Writer
}

// checkFormatters maps each --format name of check to its writer; each
// lives in its own file (format_*.go), so a new format is one file and one
// line here.
var checkFormatters = map[string]func(o *checkOutput) error{
	"text":       writeCheckTextOutput,
	"json":       writeCheckJSONOutput,
	"sarif":      writeCheckSARIF,
	"github":     writeCheckGitHub,
	"junit":      writeCheckJUnit,
	"checkstyle": writeCheckCheckstyle,
}

// checkFormatNames lists the formats, sorted, for help and errors.
func checkFormatNames() []string {
	names := make([]string, 0, len(checkFormatters))
	for n := range checkFormatters {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func writeCheck(cmd *cobra.Command, g *globalFlags, set *rules.Set, run *checkRun) error {
	o := &checkOutput{g: g, run: run, set: set, out: cmd.OutOrStdout(), errw: cmd.ErrOrStderr()}
	return checkFormatters[g.format](o)
}

func writeCheckJSONOutput(o *checkOutput) error {
	run := o.run
	r := checkReport{
		Schema: 1, Tool: currentTool(), Host: o.g.hostName(), Mode: run.mode,
		Kernel: kernelInfo{Source: run.kernelSource, Releases: run.kernels},
		Loader: string(run.loader), Profile: run.profile,
		Findings: []findingJSON{}, Skipped: nonNil(run.skipped), Errors: run.errors,
	}
	if r.Errors == nil {
		r.Errors = []fileError{}
	}
	if run.kernelRelease != "" {
		rel := run.kernelRelease
		r.Kernel.Release = &rel
	}
	for _, f := range run.findings {
		r.Findings = append(r.Findings, toFindingJSON(f))
	}
	return writeJSON(o.out, r)
}

func writeCheckTextOutput(o *checkOutput) error {
	writeCheckText(o.out, o.errw, o.g, o.run)
	return nil
}

// writeCheckText prints one line per finding, file:line: severity: message
// [TW101 name], and a short summary on stderr.
func writeCheckText(w, errw io.Writer, g *globalFlags, run *checkRun) {
	c := newPalette(g, w)
	for _, f := range run.findings {
		sev := c.severity(f.Severity)
		fmt.Fprintf(w, "%s: %s: %s [%s %s]\n", position(f.File, f.Line), sev, f.Message, f.RuleID, f.RuleName)
	}
	for _, e := range run.errors {
		fmt.Fprintf(errw, "%s: error: %s\n", position(e.File, e.Line), e.Message)
	}
	if len(run.skipped) > 0 {
		fmt.Fprintf(errw, "note: %d kernel-dependent rules skipped: no kernel release (give --kernel RELEASE, or --live)\n", len(run.skipped))
	}
}
