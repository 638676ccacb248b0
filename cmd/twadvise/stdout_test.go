package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// failingWriter is standard output on a full disk.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// A run whose output cannot be written fails with exit 2 and says why,
// even though stdout is buffered and written only at the end.
func TestStdoutWriteErrorFailsTheRun(t *testing.T) {
	var stderr bytes.Buffer
	code := run([]string{"rules"}, strings.NewReader(""), failingWriter{}, &stderr)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(stderr.String(), "writing standard output: no space left on device") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

// orderedWriter records which stream each write went to.
type orderedWriter struct {
	name string
	log  *[]string
}

func (w orderedWriter) Write(p []byte) (int, error) {
	*w.log = append(*w.log, w.name+": "+string(p))
	return len(p), nil
}

// Standard error flushes what standard output holds first, so a message
// appears after the lines written before it.
func TestStderrFlushesStdoutFirst(t *testing.T) {
	var log []string
	out := &stdoutWriter{under: orderedWriter{"out", &log}}
	out.buf = newStdoutBuffer(out.under)
	errw := &flushFirst{out: out, w: orderedWriter{"err", &log}}
	_, _ = out.Write([]byte("finding\n"))
	_, _ = errw.Write([]byte("note\n"))
	_, _ = out.Write([]byte("summary\n"))
	_ = out.Flush()
	want := []string{"out: finding\n", "err: note\n", "out: summary\n"}
	if strings.Join(log, "|") != strings.Join(want, "|") {
		t.Errorf("writes = %q, want %q", log, want)
	}
}

// openPty returns the two ends of a new pseudo-terminal.
func openPty(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return m, s
}

// On a terminal, check's text is coloured without --color: buffering
// standard output must not hide that it is a terminal.
func TestColourOnATerminal(t *testing.T) {
	t.Setenv("TERM", "xterm")
	t.Setenv("NO_COLOR", "")
	t.Setenv("FORCE_COLOR", "")
	master, tty := openPty(t)
	conf := filepath.Join(t.TempDir(), "tw.conf")
	if err := os.WriteFile(conf, []byte("net.ipv4.tcp_tw_recycle = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run([]string{"check", "--kernel", "5.15", conf}, strings.NewReader(""), tty, &stderr); code != exitFindings {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	buf := make([]byte, 4096)
	_ = master.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, err := master.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(buf[:n]); !strings.Contains(got, "\x1b[31merror\x1b[0m") {
		t.Errorf("no red 'error' on a terminal: %q", got)
	}
}
