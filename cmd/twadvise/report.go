package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/fleet"
	"github.com/twadvise/twadvise/rules"
)

func newReportCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "report DIR...",
		Short: "summarise many hosts' `check --format json` results (fleet view)",
		Long: `report reads every *.json file in DIR and in its subdirectories one level down (Ansible's
fetch makes DIR/<host>/...), each the output of 'twadvise check --format json' on one host,
and summarises them: hosts by finding (rule and key), findings by host (counts by severity),
kernels seen, and hosts whose check had errors. A file may be given instead of a directory.
--format html writes one self-contained page (no scripts, fonts or images to load) with the
same summary, a hosts x findings matrix worst first, and each finding's message and remediation.
deploy/fleet-check.yml is an Ansible playbook that produces such a directory.

Exit status: 0 nothing at or above --fail-on, 1 some host has a finding at or above --fail-on,
2 a report could not be read or is not a check report, a host name appears twice, or a
host's check had errors. Whatever could be read is still summarised.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd, g, args)
		},
	}
}

func runReport(cmd *cobra.Command, g *globalFlags, args []string) error {
	if err := checkFormat(g.format, "text", "json", "html"); err != nil {
		return err
	}
	failOn, err := rules.ParseSeverity(g.failOn, true)
	if err != nil {
		return failed("--fail-on: %v", err)
	}
	if os.Getenv("GOGC") == "" {
		// main collects at a quarter of the default rate because a run
		// allocates a few MB; a fleet report keeps memory in proportion to
		// the fleet (a few hundred bytes a host), and at the default rate
		// its peak stays near what it keeps (22 MiB at 30,000 hosts
		// against 27 MiB; docs/benchmarks.md).
		debug.SetGCPercent(100)
	}
	summary, errs := fleet.LoadFleet(args)
	if err := writeReport(cmd, g, summary, errs); err != nil {
		return failed("writing output: %v", err)
	}
	switch {
	case len(errs) > 0 || len(summary.HostsWithErrors) > 0:
		return &exitError{code: exitFailed}
	case failOn != rules.SeverityNone && summary.Worst() >= failOn:
		return &exitError{code: exitFindings}
	}
	return nil
}

func writeReport(cmd *cobra.Command, g *globalFlags, f *fleet.Fleet, errs []fleet.ReportError) error {
	out := cmd.OutOrStdout()
	switch g.format {
	case "json":
		return f.WriteJSON(out, currentTool(), errs)
	case "html":
		// The page shows the unusable inputs too; stderr still names them
		// for the operator who ran the command.
		if err := fleet.WriteHTML(out, f, fleet.HTMLInfo{Version: version(), Errors: errs}); err != nil {
			return err
		}
	default:
		writeReportText(out, newPalette(g, out), f)
	}
	writeReportErrors(cmd, f, errs)
	return nil
}

// writeReportErrors names on stderr the inputs that could not be used and
// the hosts whose check failed.
func writeReportErrors(cmd *cobra.Command, f *fleet.Fleet, errs []fleet.ReportError) {
	errw := cmd.ErrOrStderr()
	for _, e := range errs {
		fmt.Fprintf(errw, "%s: error: %s\n", position(e.File, e.Line), e.Message)
	}
	for _, h := range f.Hosts {
		for _, e := range h.Errors {
			fmt.Fprintf(errw, "%s: error: host %s: its check failed: %s\n", h.Report, printable(h.Host), position(e.File, e.Line)+": "+e.Message)
		}
	}
}
