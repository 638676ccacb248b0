package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// hostileDeadline only turns a hang into a failure; it is not a speed
// assertion (DESIGN.md: speed is measured by benchmarks, not timed tests).
const hostileDeadline = 3 * time.Minute

// hostileAllocLimit bounds what one hostile run may allocate in total. The
// largest input twadvise accepts is MaxFileSize (8 MiB); a run that reads a
// 200 MB file into memory blows far past this.
const hostileAllocLimit = 192 << 20

// hostilePeakLimit bounds the live heap at any moment of a run, sampled.
// It holds even for runs that allocate a lot in total (50,000 files).
const hostilePeakLimit = 256 << 20

// runBounded runs the CLI in-process and fails the test instead of hanging
// when it does not return, or when it allocates more than hostileAllocLimit.
func runBounded(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return runBoundedAlloc(t, hostileAllocLimit, stdin, args...)
}

// runBoundedAlloc is runBounded with another total-allocation bound
// (0: none); the sampled peak heap is always bounded by hostilePeakLimit.
func runBoundedAlloc(t *testing.T, allocLimit uint64, stdin string, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan result, 1)
	go func() {
		var out, errb strings.Builder
		code := run(args, strings.NewReader(stdin), &out, &errb)
		done <- result{code, out.String(), errb.String()}
	}()
	deadline := time.After(hostileDeadline)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var peak uint64
	for {
		select {
		case r := <-done:
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; allocLimit > 0 && alloc > allocLimit {
				t.Errorf("twadvise %v allocated %d MiB, over the %d MiB bound", args, alloc>>20, allocLimit>>20)
			}
			if peak > hostilePeakLimit {
				t.Errorf("twadvise %v held %d MiB of heap, over the %d MiB bound", args, peak>>20, hostilePeakLimit>>20)
			}
			return r.code, r.out, r.err
		case <-tick.C:
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
		case <-deadline:
			t.Fatalf("twadvise %v did not return within %v: a hang", args, hostileDeadline)
		}
	}
}

// hostileRoot is a minimal fake root: a kernel release, one live value and
// an empty /etc/sysctl.d, so system-mode runs do not depend on the host.
func hostileRoot(t *testing.T) string {
	t.Helper()
	return writeTree(t, map[string]string{
		"proc/sys/kernel/osrelease":   "6.8.0-hostile\n",
		"proc/sys/net/core/somaxconn": "4096\n",
		"etc/sysctl.d/10-ok.conf":     "net.core.somaxconn = 4096\n",
		"run/systemd/system/.keep":    "",
	})
}

func mustWrite(t *testing.T, p string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// sparseFile makes a file of size bytes that costs no disk: Truncate
// extends it with a hole.
func sparseFile(t *testing.T, p string, size int64) string {
	t.Helper()
	mustWrite(t, p, []byte("net.core.somaxconn = 1\n"))
	if err := os.Truncate(p, size); err != nil {
		t.Fatal(err)
	}
	return p
}

func mkfifo(t *testing.T, p string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// mkCharDev makes a /dev/null-like character device (1,3). It needs root
// (CAP_MKNOD): the test skips otherwise, except under CI=true, where CI
// runs as root and a skip would hide the case.
func mkCharDev(t *testing.T, p string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mknod(p, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mknod %s: %v (CI must run this case)", p, err)
		}
		t.Skipf("mknod needs root: %v", err)
	}
	return p
}

func mustSymlink(t *testing.T, target, p string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// outsideMarker writes a file outside the fake root holding a key and value
// that appear nowhere else; tests assert the value never shows up.
const outsideMarker = "net.ipv4.tcp_outside_marker = 7777331"

func writeOutside(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "evil.conf"), []byte(outsideMarker+"\n"))
	mustWrite(t, filepath.Join(dir, "osrelease"), []byte("9.99.0-HOSTLEAK\n"))
	mustWrite(t, filepath.Join(dir, "somaxconn"), []byte("7777331\n"))
	return dir
}
