package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/check"
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
	o := &checkOutput{g: g, run: run, set: set, out: cmd.OutOrStdout(), errw: cmd.ErrOrStderr()}
	return checkFormatters[g.format](o)
}

func writeCheckJSONOutput(o *checkOutput) error {
	return writeJSON(o.out, o.run.Report(o.g.hostName(), currentTool()))
}

func writeCheckTextOutput(o *checkOutput) error {
	writeCheckText(o.out, o.errw, o.g, o.run)
	return nil
}

// writeCheckText prints one line per finding, file:line: severity: message
// [TW101 name], and a short summary on stderr.
func writeCheckText(w, errw io.Writer, g *globalFlags, run *check.Result) {
	c := newPalette(g, w)
	for _, f := range run.Findings {
		sev := c.severity(f.Severity)
		fmt.Fprintf(w, "%s: %s: %s [%s %s]\n", position(f.File, f.Line), sev, f.Message, f.RuleID, f.RuleName)
	}
	for _, e := range run.Errors {
		fmt.Fprintf(errw, "%s: error: %s\n", position(e.File, e.Line), e.Message)
	}
	if len(run.Skipped) > 0 {
		fmt.Fprintf(errw, "note: %d kernel-dependent rules skipped: no kernel release (give --kernel RELEASE, or --live)\n", len(run.Skipped))
	}
}
