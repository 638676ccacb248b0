package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/check"
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

// reportJSON is the `report` JSON (docs/schema/report.schema.json): the
// fleet summary plus the inputs that could not be used.
type reportJSON struct {
	Schema int      `json:"schema"`
	Tool   toolInfo `json:"tool"`
	*fleet.Fleet
	Errors []check.FileError `json:"errors"`
}

func writeReport(cmd *cobra.Command, g *globalFlags, f *fleet.Fleet, errs []fleet.ReportError) error {
	if g.format == "json" {
		r := reportJSON{Schema: 1, Tool: currentTool(), Fleet: f, Errors: []check.FileError{}}
		for _, e := range errs {
			r.Errors = append(r.Errors, check.FileError(e))
		}
		return writeJSON(cmd.OutOrStdout(), r)
	}
	if g.format == "html" {
		// The page shows the unusable inputs too; stderr still names them
		// for the operator who ran the command.
		if err := fleet.WriteHTML(cmd.OutOrStdout(), f, fleet.HTMLInfo{Version: version(), Errors: errs}); err != nil {
			return err
		}
		writeReportErrors(cmd, f, errs)
		return nil
	}
	writeReportText(cmd.OutOrStdout(), g, f)
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
