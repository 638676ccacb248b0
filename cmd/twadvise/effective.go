package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/kernel"
)

func newEffectiveCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "effective",
		Short: "show the merged sysctl configuration, which file:line set each key, and drift against live values",
		Long: `effective merges sysctl.conf and every sysctl.d directory under --root exactly as the loader
(systemd-sysctl or procps sysctl --system) would apply them, and shows for every key the winning
value, the file and line that set it, the assignments it overrode, and the live value under
<root>/proc/sys with drift. Parse problems are diagnostics: they do not change the exit code.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runEffective(cmd, g)
		},
	}
}

func runEffective(cmd *cobra.Command, g *globalFlags) error {
	if err := checkFormat(g.format, "text", "json"); err != nil {
		return err
	}
	loader, err := kernel.ParseLoader(g.loader, kernel.LoaderAuto)
	if err != nil {
		return failed("%v", err)
	}
	fsys, err := openRoot(g.root)
	if err != nil {
		return err
	}
	loader = kernel.ResolveLoader(fsys, loader)
	eff := kernel.LoadSystem(fsys, loader)
	report := buildEffectiveReport(g, fsys, eff)
	out := cmd.OutOrStdout()
	if g.format == "json" {
		err = writeJSON(out, report)
	} else {
		err = writeEffectiveText(out, cmd.ErrOrStderr(), g, report)
	}
	if err != nil {
		return failed("writing output: %v", err)
	}
	if len(eff.Errors) > 0 {
		if g.format != "json" {
			for _, e := range eff.Errors {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: error: %s\n", e.File, e.Message)
			}
		}
		return &exitError{code: exitFailed}
	}
	return nil
}

// openRoot validates --root and returns the FS over it.
func openRoot(root string) (kernel.FS, error) {
	fsys, err := check.OpenRoot(root)
	if err != nil {
		return fsys, failed("%v", err)
	}
	return fsys, nil
}

// effectiveReport is the `effective` JSON (DESIGN.md, "JSON").
type effectiveReport struct {
	Schema      int                 `json:"schema"`
	Tool        toolInfo            `json:"tool"`
	Host        string              `json:"host"`
	Root        string              `json:"root"`
	Loader      kernel.Loader       `json:"loader"`
	Files       []string            `json:"files"`
	Settings    []effectiveSetting  `json:"settings"`
	Excluded    []string            `json:"excluded"`
	Diagnostics []kernel.Diagnostic `json:"diagnostics"`
	Errors      []check.FileError   `json:"errors"`
}

type effectiveSetting struct {
	Key        string            `json:"key"`
	Value      string            `json:"value"`
	File       string            `json:"file"`
	Line       int               `json:"line"`
	Optional   bool              `json:"optional"`
	Glob       bool              `json:"glob"`
	Matches    []string          `json:"matches"`
	Live       *string           `json:"live"`
	LiveStatus kernel.LiveStatus `json:"live_status"`
	Drift      bool              `json:"drift"`
	Shadowed   []shadowed        `json:"shadowed"`
}

type shadowed struct {
	Value string `json:"value"`
	File  string `json:"file"`
	Line  int    `json:"line"`
}

func toFileErrors(ds []kernel.Diagnostic) []check.FileError {
	out := []check.FileError{}
	for _, d := range ds {
		out = append(out, check.FileError{File: d.File, Line: d.Line, Message: d.Message})
	}
	return out
}

func buildEffectiveReport(g *globalFlags, fsys kernel.FS, eff *kernel.Effective) effectiveReport {
	r := effectiveReport{
		Schema: 1, Tool: currentTool(), Host: g.hostName(), Root: fsys.Root(), Loader: eff.Loader,
		Files: nonNil(eff.Files), Settings: []effectiveSetting{}, Excluded: nonNil(eff.Excluded),
		Diagnostics: eff.Diagnostics, Errors: toFileErrors(eff.Errors),
	}
	if r.Diagnostics == nil {
		r.Diagnostics = []kernel.Diagnostic{}
	}
	_, procErr := fsys.Stat("/proc/sys")
	hasProc := procErr == nil
	for _, ent := range eff.Entries {
		s := effectiveSetting{
			Key: ent.Key, Value: ent.Value, File: ent.File, Line: ent.Line,
			Optional: ent.Optional, Glob: ent.Glob, Matches: nonNil(ent.Matches),
			LiveStatus: kernel.LiveNotRead, Shadowed: []shadowed{},
		}
		for _, sh := range ent.Shadowed {
			s.Shadowed = append(s.Shadowed, shadowed{Value: sh.Value, File: sh.File, Line: sh.Line})
		}
		switch {
		case !hasProc:
		case ent.Glob:
			for _, k := range ent.Matches {
				if lv := kernel.ReadLive(fsys, k); lv.Status == kernel.LiveOK && !kernel.SameValue(ent.Value, lv.Value) {
					s.Drift = true
				}
			}
		default:
			lv := kernel.ReadLive(fsys, ent.Key)
			s.LiveStatus = lv.Status
			if lv.Status == kernel.LiveOK {
				v := lv.Value
				s.Live = &v
				s.Drift = !kernel.SameValue(ent.Value, lv.Value)
			}
		}
		r.Settings = append(r.Settings, s)
	}
	return r
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func writeEffectiveText(w, errw io.Writer, g *globalFlags, r effectiveReport) error {
	c := newPalette(g, w)
	fmt.Fprintf(w, "%s\n", c.dim(fmt.Sprintf("# loader %s, root %s, %d files, %d settings", r.Loader, r.Root, len(r.Files), len(r.Settings))))
	for _, s := range r.Settings {
		fmt.Fprintf(w, "%s = %s  %s\n", c.bold(s.Key), s.Value, c.dim(fmt.Sprintf("%s:%d", s.File, s.Line)))
		if s.Glob {
			fmt.Fprintf(w, "    glob: applies to %d existing keys\n", len(s.Matches))
		}
		for _, sh := range s.Shadowed {
			fmt.Fprintf(w, "    overrides %s from %s:%d\n", sh.Value, sh.File, sh.Line)
		}
		switch {
		case s.Drift && s.Live != nil:
			fmt.Fprintf(w, "    %s\n", c.warn(fmt.Sprintf("live value differs: %s (not applied yet, or changed at run time)", *s.Live)))
		case s.Drift:
			fmt.Fprintf(w, "    %s\n", c.warn("live values of some matched keys differ"))
		case s.LiveStatus == kernel.LiveAbsent:
			fmt.Fprintf(w, "    %s\n", c.warn("this kernel has no such key"))
		case s.LiveStatus == kernel.LiveDenied:
			fmt.Fprintf(w, "    live value: permission denied\n")
		}
	}
	if len(r.Excluded) > 0 {
		fmt.Fprintf(w, "%s\n", c.dim("# excluded from globs:"))
		for _, k := range r.Excluded {
			fmt.Fprintf(w, "-%s\n", k)
		}
	}
	for _, d := range r.Diagnostics {
		fmt.Fprintf(errw, "%s: %s\n", position(d.File, d.Line), d.Message)
	}
	return nil
}

// position formats file:line, omitting the line when there is none.
func position(file string, line int) string {
	if line <= 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", file, line)
}

func errTextOf(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
