package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/internal/jsonw"
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
	out := cmd.OutOrStdout()
	// The document is written as it is computed, through one buffer:
	// on 10,000 files, building it whole cost more than reading the files.
	if g.format == "json" {
		err = writeEffectiveJSON(out, g, fsys, eff)
	} else {
		bw := bufio.NewWriterSize(out, 64<<10)
		err = writeEffectiveText(bw, newPalette(g, out), fsys, eff)
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		for _, d := range eff.Diagnostics {
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", position(d.File, d.Line), d.Message)
		}
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

// liveState is an entry's running value under <root>/proc/sys.
type liveState struct {
	value  *string // nil unless status is ok (never set for a glob)
	status kernel.LiveStatus
	drift  bool // a live value differs from the configured one
}

// liveReader reads entries' live values, or none when the root has no
// proc/sys (status not-read).
type liveReader struct {
	fsys    kernel.FS
	hasProc bool
}

func newLiveReader(fsys kernel.FS) liveReader {
	_, err := fsys.Stat("/proc/sys")
	return liveReader{fsys: fsys, hasProc: err == nil}
}

// of compares ent with the live value of its key, or of every key a glob matched.
func (r liveReader) of(ent *kernel.Entry) liveState {
	st := liveState{status: kernel.LiveNotRead}
	switch {
	case !r.hasProc:
	case ent.Glob:
		for _, k := range ent.Matches {
			if lv := kernel.ReadLive(r.fsys, k); lv.Status == kernel.LiveOK && !kernel.SameValue(ent.Value, lv.Value) {
				st.drift = true
			}
		}
	default:
		lv := kernel.ReadLive(r.fsys, ent.Key)
		st.status = lv.Status
		if lv.Status == kernel.LiveOK {
			v := lv.Value
			st.value = &v
			st.drift = !kernel.SameValue(ent.Value, lv.Value)
		}
	}
	return st
}

// writeEffectiveJSON writes the `effective` JSON document (DESIGN.md,
// "JSON"): {"schema", "tool", "host", "root", "loader", "files",
// "settings": [{"key", "value", "file", "line", "optional", "glob",
// "matches", "live", "live_status", "drift", "shadowed": [{"value",
// "file", "line"}]}], "excluded", "diagnostics", "errors"}. Lists are
// [] when empty, never null.
func writeEffectiveJSON(w io.Writer, g *globalFlags, fsys kernel.FS, eff *kernel.Effective) error {
	j := jsonw.New(w)
	tool := currentTool()
	j.Open('{')
	j.IntMember("schema", 1)
	j.Key("tool")
	j.Open('{')
	j.StringMember("name", tool.Name)
	j.StringMember("version", tool.Version)
	j.Close('}')
	j.StringMember("host", g.hostName())
	j.StringMember("root", fsys.Root())
	j.StringMember("loader", string(eff.Loader))
	j.Key("files")
	j.Strings(eff.Files)
	j.Key("settings")
	j.Open('[')
	live := newLiveReader(fsys)
	for _, ent := range eff.Entries {
		j.Next()
		writeEffectiveSettingJSON(j, ent, live.of(ent))
	}
	j.Close(']')
	j.Key("excluded")
	j.Strings(eff.Excluded)
	j.Key("diagnostics")
	j.Open('[')
	for _, d := range eff.Diagnostics {
		j.Next()
		j.Open('{')
		j.StringMember("file", d.File)
		j.IntMember("line", d.Line)
		j.StringMember("kind", d.Kind)
		j.StringMember("message", d.Message)
		if d.Key != "" {
			j.StringMember("key", d.Key)
		}
		j.Close('}')
	}
	j.Close(']')
	j.Key("errors")
	j.Open('[')
	for _, e := range eff.Errors {
		j.Next()
		j.Open('{')
		j.StringMember("file", e.File)
		j.IntMember("line", e.Line)
		j.StringMember("message", e.Message)
		j.Close('}')
	}
	j.Close(']')
	j.Close('}')
	return j.End()
}

func writeEffectiveSettingJSON(j *jsonw.Writer, ent *kernel.Entry, lv liveState) {
	j.Open('{')
	j.StringMember("key", ent.Key)
	j.StringMember("value", ent.Value)
	j.StringMember("file", ent.File)
	j.IntMember("line", ent.Line)
	j.Key("optional")
	j.Bool(ent.Optional)
	j.Key("glob")
	j.Bool(ent.Glob)
	j.Key("matches")
	j.Strings(ent.Matches)
	j.Key("live")
	j.StringOrNull(lv.value)
	j.StringMember("live_status", string(lv.status))
	j.Key("drift")
	j.Bool(lv.drift)
	j.Key("shadowed")
	j.Open('[')
	for _, sh := range ent.Shadowed {
		j.Next()
		j.Open('{')
		j.StringMember("value", sh.Value)
		j.StringMember("file", sh.File)
		j.IntMember("line", sh.Line)
		j.Close('}')
	}
	j.Close(']')
	j.Close('}')
}

// writeEffectiveText writes the text form: one line per winner with its
// file:line, then what it overrode and how the live value compares.
// Diagnostics go to standard error (the caller writes them).
func writeEffectiveText(w *bufio.Writer, c palette, fsys kernel.FS, eff *kernel.Effective) error {
	fmt.Fprintf(w, "%s\n", c.dim(fmt.Sprintf("# loader %s, root %s, %d files, %d settings", eff.Loader, fsys.Root(), len(eff.Files), len(eff.Entries))))
	live := newLiveReader(fsys)
	for _, ent := range eff.Entries {
		lv := live.of(ent)
		fmt.Fprintf(w, "%s = %s  %s\n", c.bold(ent.Key), ent.Value, c.dim(fmt.Sprintf("%s:%d", ent.File, ent.Line)))
		if ent.Glob {
			fmt.Fprintf(w, "    glob: applies to %d existing keys\n", len(ent.Matches))
		}
		for _, sh := range ent.Shadowed {
			fmt.Fprintf(w, "    overrides %s from %s:%d\n", sh.Value, sh.File, sh.Line)
		}
		switch {
		case lv.drift && lv.value != nil:
			fmt.Fprintf(w, "    %s\n", c.warn(fmt.Sprintf("live value differs: %s (not applied yet, or changed at run time)", *lv.value)))
		case lv.drift:
			fmt.Fprintf(w, "    %s\n", c.warn("live values of some matched keys differ"))
		case lv.status == kernel.LiveAbsent:
			fmt.Fprintf(w, "    %s\n", c.warn("this kernel has no such key"))
		case lv.status == kernel.LiveDenied:
			fmt.Fprintf(w, "    live value: permission denied\n")
		}
	}
	if len(eff.Excluded) > 0 {
		fmt.Fprintf(w, "%s\n", c.dim("# excluded from globs:"))
		for _, k := range eff.Excluded {
			fmt.Fprintf(w, "-%s\n", k)
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
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
