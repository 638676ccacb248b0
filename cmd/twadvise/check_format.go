package main

import (
	"fmt"
	"io"

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

func writeCheck(cmd *cobra.Command, g *globalFlags, run *checkRun) error {
	out := cmd.OutOrStdout()
	if g.format == "json" {
		r := checkReport{
			Schema: 1, Tool: currentTool(), Host: g.hostName(), Mode: run.mode,
			Kernel: kernelInfo{Source: run.kernelSource},
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
		return writeJSON(out, r)
	}
	writeCheckText(out, cmd.ErrOrStderr(), g, run)
	return nil
}

// writeCheckText prints one line per finding, file:line: severity: message
// [TW101 name], and a short summary on stderr.
func writeCheckText(w, errw io.Writer, g *globalFlags, run *checkRun) {
	c := newPalette(g, w)
	for _, f := range run.findings {
		sev := f.Severity.String()
		switch f.Severity {
		case rules.Error:
			sev = c.err(sev)
		case rules.Warning:
			sev = c.warn(sev)
		default:
			sev = c.info(sev)
		}
		fmt.Fprintf(w, "%s: %s: %s [%s %s]\n", position(f.File, f.Line), sev, f.Message, f.RuleID, f.RuleName)
	}
	for _, e := range run.errors {
		fmt.Fprintf(errw, "%s: error: %s\n", position(e.File, e.Line), e.Message)
	}
	if len(run.skipped) > 0 {
		fmt.Fprintf(errw, "note: %d kernel-dependent rules skipped: no kernel release (give --kernel RELEASE, or --live)\n", len(run.skipped))
	}
}
