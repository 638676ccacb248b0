package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
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

// sockets --watch shows each census as it is taken, though standard
// output is buffered: the first one must arrive while the monitor still
// runs (it never ends by itself here), not when it is stopped.
func TestSocketsWatchShowsEachSample(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "sockets", "--watch", "1", "--interval", "0", "--fail-on", "none")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	first := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		first <- line
	}()
	select {
	case line := <-first:
		if !strings.HasPrefix(line, "TCP sockets") {
			t.Errorf("first line %q, want the census header", line)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no census on stdout after 30 s of --watch 1: the output is not flushed per sample")
	}
}
