// Command twadvise is a Linux sysctl tuning advisor and config linter.
//
// It reads sysctl.conf / sysctl.d files exactly as systemd-sysctl or procps
// sysctl would, compares them with the running kernel and a workload profile,
// and explains what to change. It never writes /proc/sys.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

func main() {
	// A typical run allocates a few MB and exits without collecting at
	// all; a large one (200,000 lines, each with a finding) trades memory
	// for CPU. At twice the default rate it stays under 400 MiB at 2.7 s
	// CPU, where 400 took 410 MiB and 100 took 3 s. GOGC, when set, wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
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
	out := &stdoutWriter{under: stdout, buf: newStdoutBuffer(stdout)}
	defer out.Flush()
	// Whatever goes to stderr first pushes out what stdout holds, so the
	// two streams interleave on a terminal exactly as they were written.
	errw := &flushFirst{out: out, w: stderr}
	root := newRootCmd(stdin, out, errw)
	if len(args) > 0 && strings.HasPrefix(args[0], cobra.ShellCompRequestCmd) {
		// Only the shell's completion requests need the value completers;
		// every other run skips walking the command tree for them.
		registerCompletions(root)
	}
	root.SetArgs(args)
	err := root.Execute()
	if ferr := out.Flush(); ferr != nil {
		// Output that never arrived (a full disk, a closed pipe) fails
		// the run, whatever it found.
		err = &exitError{code: exitFailed, err: fmt.Errorf("writing standard output: %w", ferr)}
	}
	code := exitCode(err, errw)
	if code == exitFailed && out.n == 0 && wantsJSON(args) {
		// With --format json, stdout is always one JSON document, even when
		// the run failed before anything could be computed (a bad flag,
		// --kernel or profile): scripts parse it instead of guessing.
		writeFailureJSON(root, args, err, out)
	}
	return code
}

// stdoutWriter buffers standard output (tables and reports are written a
// cell at a time: one write(2) each would cost more than the work) and
// counts what a command wrote, to know whether a failed run still owes its
// JSON document.
type stdoutWriter struct {
	under io.Writer
	buf   *bufio.Writer
	n     int
}

func (w *stdoutWriter) Write(p []byte) (int, error) {
	n, err := w.buf.Write(p)
	w.n += n
	return n, err
}

// WriteString saves writers of many short strings (tables, JSON) a copy
// of each into a byte slice.
func (w *stdoutWriter) WriteString(s string) (int, error) {
	n, err := w.buf.WriteString(s)
	w.n += n
	return n, err
}

// Flush writes out what is buffered; a command that shows progress (sockets
// --watch) calls it after each sample.
func (w *stdoutWriter) Flush() error { return w.buf.Flush() }

// Unwrap is the writer underneath, so a terminal is recognised as one.
func (w *stdoutWriter) Unwrap() io.Writer { return w.under }

// newStdoutBuffer is large enough that a typical report is one write(2).
func newStdoutBuffer(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 64<<10) }

// flushFirst is standard error: it flushes standard output before writing.
type flushFirst struct {
	out *stdoutWriter
	w   io.Writer
}

func (f *flushFirst) Write(p []byte) (int, error) {
	_ = f.out.Flush() // a failed stdout must not hide the message
	return f.w.Write(p)
}

// flush writes out w's buffer when it has one.
func flush(w io.Writer) error {
	if f, ok := w.(interface{ Flush() error }); ok {
		return f.Flush()
	}
	return nil
}
