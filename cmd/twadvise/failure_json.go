package main

import (
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/check"
)

// wantsJSON reports whether the command line asks for --format json, read
// from the raw arguments because flag parsing may be what failed.
func wantsJSON(args []string) bool {
	for i, a := range args {
		switch {
		case a == "--":
			return false
		case a == "--format=json" || a == "-f=json" || a == "-fjson":
			return true
		case (a == "--format" || a == "-f") && i+1 < len(args) && args[i+1] == "json":
			return true
		}
	}
	return false
}

// writeFailureJSON writes the JSON document of a run that failed before its
// command wrote anything: for check, a check report with no findings and
// the error; for other commands, the envelope every JSON output shares.
func writeFailureJSON(root *cobra.Command, args []string, err error, w io.Writer) {
	msg := "the run failed"
	var ee *exitError
	switch {
	case errors.As(err, &ee) && ee.err != nil:
		msg = ee.err.Error()
	case err != nil && !errors.As(err, &ee):
		msg = err.Error()
	}
	errs := []check.FileError{{Message: msg}}
	cmd, rest, ferr := root.Find(args)
	if ferr == nil && cmd.Name() == "check" {
		mode := check.ModeSystem
		for _, a := range rest {
			if !strings.HasPrefix(a, "-") || a == "-" {
				mode = check.ModePath
				break
			}
		}
		_ = writeJSON(w, check.Report{Schema: check.Schema, Tool: currentTool(), Host: (&globalFlags{}).hostName(),
			Mode: mode, Kernel: check.KernelInfo{Source: check.SourceNone, Targets: []string{}}, Profiles: []string{},
			Findings: []check.Finding{}, Errors: errs})
		return
	}
	_ = writeJSON(w, struct {
		Schema int               `json:"schema"`
		Tool   toolInfo          `json:"tool"`
		Errors []check.FileError `json:"errors"`
	}{1, currentTool(), errs})
}
