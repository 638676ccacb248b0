// Command twadvise is a Linux sysctl tuning advisor and config linter.
//
// It reads sysctl.conf / sysctl.d files exactly as systemd-sysctl or procps
// sysctl would, compares them with the running kernel and a workload profile,
// and explains what to change. It never writes /proc/sys.
package main

import (
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

func main() {
	// A run allocates a few MB and exits: collecting garbage early buys
	// nothing, so the collector runs at a quarter of the default rate
	// (GOGC, when set, still wins).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes shared by every command (DESIGN.md, "Exit codes").
const (
	exitOK       = 0 // success; for check/report: nothing at or above --fail-on
	exitFindings = 1 // check/report: findings at or above --fail-on
	exitFailed   = 2 // the run failed: bad flag, unreadable input, invalid rule...
)

// run executes twadvise with args and returns the process exit code.
// It never calls os.Exit, so tests can drive it in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := &countingWriter{w: stdout}
	root := newRootCmd(stdin, out, stderr)
	if len(args) > 0 && strings.HasPrefix(args[0], cobra.ShellCompRequestCmd) {
		// Only the shell's completion requests need the value completers;
		// every other run skips walking the command tree for them.
		registerCompletions(root)
	}
	root.SetArgs(args)
	err := root.Execute()
	code := exitCode(err, stderr)
	if code == exitFailed && out.n == 0 && wantsJSON(args) {
		// With --format json, stdout is always one JSON document, even when
		// the run failed before anything could be computed (a bad flag,
		// --kernel or profile): scripts parse it instead of guessing.
		writeFailureJSON(root, args, err, out)
	}
	return code
}

// countingWriter counts what a command wrote, to know whether a failed run
// still owes its JSON document.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}
