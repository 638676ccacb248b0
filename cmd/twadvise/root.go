package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
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
type globalFlags struct {
	noColor bool
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
	root.PersistentFlags().BoolVar(&g.noColor, "no-color", false, "never colour the output (NO_COLOR is honoured too)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: exitFailed, err: fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	root.AddCommand(newVersionCmd())
	addCommands(root, g)
	return root
}
