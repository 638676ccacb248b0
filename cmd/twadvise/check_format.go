package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/internal/jsonw"
	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// checkOutput is what a check formatter gets: the run, the rule set (for
// rule metadata) and the flags that shape presentation. It has no say in the
// exit code (DESIGN.md: formatters never choose it).
type checkOutput struct {
	g    *globalFlags
	run  *check.Result
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

func writeCheck(cmd *cobra.Command, g *globalFlags, set *rules.Set, run *check.Result) error {
	if g.format != "text" && g.format != "json" {
		// Annotation formats have only a message: it carries the releases
		// a finding holds for and the line overriding it, as text does.
		annotated := *run
		annotated.Findings = make([]rules.Finding, len(run.Findings))
		for i, f := range run.Findings {
			f.Message += findingNotes(run, f)
			annotated.Findings[i] = f
		}
		run = &annotated
	}
	o := &checkOutput{g: g, run: run, set: set, out: cmd.OutOrStdout(), errw: cmd.ErrOrStderr()}
	return checkFormatters[g.format](o)
}

func writeCheckJSONOutput(o *checkOutput) error {
	head := o.run.ReportHead(o.g.hostName(), currentTool())
	return writeJSONList(o.out, head, "findings", len(o.run.Findings), func(j *jsonw.Writer, i int) {
		f := o.run.ReportFinding(i)
		f.WriteJSON(j)
	})
}

func writeCheckTextOutput(o *checkOutput) error {
	writeCheckText(o.out, o.errw, o.g, o.run)
	return nil
}

// writeCheckText prints one line per finding, file:line: severity: message
// (with the releases it holds for and the line that overrides it, when that
// matters) [TW101 name], and a one-line summary on stderr.
func writeCheckText(w, errw io.Writer, g *globalFlags, run *check.Result) {
	c := newPalette(g, w)
	for _, f := range run.Findings {
		sev := c.severity(f.Severity)
		fmt.Fprintf(w, "%s: %s: %s%s [%s %s]\n", position(f.File, f.Line), sev, f.Message, findingNotes(run, f), f.RuleID, f.RuleName)
	}
	for _, e := range run.Errors {
		fmt.Fprintf(errw, "%s: error: %s\n", position(e.File, e.Line), e.Message)
	}
	if run.Config != "" {
		fmt.Fprintf(errw, "config: %s\n", run.Config)
	}
	fmt.Fprintln(errw, summaryLine(run))
}

// findingNotes are the parenthesised remarks after a finding's message:
// the releases it holds for, when not all, and the line overriding it.
func findingNotes(run *check.Result, f rules.Finding) string {
	var notes []string
	if t := run.RangesText(f); t != "" {
		notes = append(notes, t)
	}
	if o := f.OverriddenBy; o != nil {
		notes = append(notes, "overridden by "+position(o.File, o.Line))
	}
	if len(notes) == 0 {
		return ""
	}
	return " (" + strings.Join(notes, "; ") + ")"
}

// summaryLine says what was checked and what was found, e.g. "checked 1
// file, 5 assignments for Linux 6.1: 0 errors, 0 warnings, 1 info".
func summaryLine(run *check.Result) string {
	var n [3]int
	for _, f := range run.Findings {
		switch f.Severity {
		case rules.Error:
			n[0]++
		case rules.Warning:
			n[1]++
		case rules.Info:
			n[2]++
		}
	}
	return fmt.Sprintf("checked %s, %s for %s: %s, %s, %d info", plural(run.Files, "file"), plural(run.Assignments, "assignment"),
		targetsText(run), plural(n[0], "error"), plural(n[1], "warning"), n[2])
}

// targetsText names the kernels checked: "Linux 6.1", "5.15, rhel9",
// "every release from 3.10 to 6.18".
func targetsText(run *check.Result) string {
	ts := run.Targets
	switch {
	case len(ts) == 0:
		return "no kernel"
	case run.KernelSource == check.SourceAll:
		return fmt.Sprintf("every release from %s to %s", ts[0].Release.Raw, ts[len(ts)-1].Release.Raw)
	case len(ts) == 1:
		if d := ts[0].Distro; d != nil && kernel.LookupDistroName(ts[0].Release.Raw) {
			return fmt.Sprintf("%s (Linux %s)", d.Name, d.Kernel)
		}
		return "Linux " + ts[0].Release.Raw
	}
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Release.Raw
	}
	return strings.Join(names, ", ")
}
