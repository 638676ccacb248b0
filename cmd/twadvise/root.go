package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/twadvise/twadvise/check"
)

// exitError carries an exit code through cobra's error return. A nil err
// means the command already printed everything it had to say.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// failed wraps err as a run failure (exit 2).
func failed(format string, a ...any) error {
	return &exitError{code: exitFailed, err: fmt.Errorf(format, a...)}
}

// exitCode maps a command's error to an exit code, printing it if needed.
// Anything that is not an exitError (cobra's own flag and argument errors)
// is a run failure.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "twadvise: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "twadvise: %v\n", err)
	return exitFailed
}

// globalFlags are the flags every command understands (DESIGN.md, "Common flags").
// Commands read the ones that concern them.
type globalFlags struct {
	root     string   // --root: alternate filesystem root
	kernels  []string // --kernel: target kernel releases or distro names (repeatable, comma lists)
	profile  string   // --profile: built-in name or FILE.hcl
	loader   string   // --loader: systemd, procps or auto
	format   string   // --format
	failOn   string   // --fail-on
	config   string   // --config: .twadvise.hcl
	rulesDir []string
	live     bool
	noColor  bool
	color    string // --color: auto, always or never
	host     string
}

// hostName is the host recorded in JSON: --host, else the machine's name.
func (g *globalFlags) hostName() string {
	if g.host != "" {
		return g.host
	}
	if h, err := os.Hostname(); err == nil {
		return h
	}
	return "unknown"
}

// toolInfo is the "tool" object of every JSON output.
type toolInfo = check.Tool

func currentTool() toolInfo { return toolInfo{Name: "twadvise", Version: version()} }

// writeJSON writes v indented, with a final newline, HTML characters unescaped.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:           "twadvise",
		Short:         "Linux sysctl tuning advisor and config linter",
		Long:          "twadvise lints sysctl.conf and sysctl.d files against the kernel and a workload profile,\nshows what is really in effect, and writes reviewed configuration.\nIt reads /proc/sys; it never writes it.",
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("twadvise {{.Version}}\n")
	pf := root.PersistentFlags()
	pf.StringVar(&g.root, "root", "/", "read the system under this directory (DIR/etc/..., DIR/proc/sys/...)")
	pf.StringArrayVar(&g.kernels, "kernel", nil, "target kernel: a release (5.15, 3.10.0-1160.el7.x86_64) or a distro (rhel9, debian-12, ubuntu-22.04); a comma list or repeated for several")
	pf.StringVar(&g.profile, "profile", "generic", "workload profile: a built-in name or a FILE.hcl")
	pf.StringVar(&g.loader, "loader", "", "loader semantics: systemd, procps or auto")
	pf.StringVarP(&g.format, "format", "f", "text", "output format: text or json (check, report, generate and sockets have others: see their help)")
	pf.StringVar(&g.failOn, "fail-on", "warning", "exit 1 on findings at or above: error, warning, info or none")
	pf.StringVar(&g.config, "config", "", "project configuration file (default: .twadvise.hcl in the current directory)")
	pf.StringArrayVar(&g.rulesDir, "rules", nil, "extra directory of HCL rules (repeatable)")
	pf.BoolVar(&g.live, "live", false, "in PATH mode, also read the running kernel's /proc/sys")
	pf.StringVar(&g.color, "color", "auto", "colour text output: auto (on a terminal, unless NO_COLOR; FORCE_COLOR forces it), always or never")
	pf.BoolVar(&g.noColor, "no-color", false, "the same as --color=never")
	pf.StringVar(&g.host, "host", "", "host name recorded in JSON (default: this machine's hostname)")
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error { return checkOutputFlags(c, g) }
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: exitFailed, err: fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	root.AddCommand(newVersionCmd())
	addCommands(root, g)
	return root
}
