package kernel

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestListDirMatchesReadDir: the getdents listing gives the names and
// types os.ReadDir gives, sorted, for every kind of entry, and for a
// directory larger than one getdents buffer.
func TestListDirMatchesReadDir(t *testing.T) {
	root := tree(t, map[string]string{
		"d/file.conf": "a = 1\n",
		"d/link.conf": "->file.conf",
		"d/dangling":  "->nowhere",
		"d/fifo.conf": "<fifo>",
		"d/sub.conf":  "<dir>",
		"d/.hidden":   "x",
	})
	l, err := net.Listen("unix", filepath.Join(root, "d", "sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for i := range 1000 { // ~1000 * 90 bytes: several getdents calls
		if err := os.WriteFile(filepath.Join(root, "d", fmt.Sprintf("%04d-%s.conf", i, strings.Repeat("n", 60))), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fd, got, err := Open(root).listDirResolved("/d")
	if err != nil {
		t.Fatal(err)
	}
	syscall.Close(fd)
	want, err := os.ReadDir(filepath.Join(root, "d"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d entries, os.ReadDir has %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Name() != want[i].Name() || got[i].Type() != want[i].Type() {
			t.Errorf("entry %d = %s %v, os.ReadDir says %s %v", i, got[i].Name(), got[i].Type(), want[i].Name(), want[i].Type())
		}
	}
	if _, _, err := Open(root).listDirResolved("/d/link.conf"); !errors.Is(err, syscall.ENOTDIR) && !errors.Is(err, syscall.ELOOP) {
		t.Errorf("listing a symlink: %v, want it refused (O_NOFOLLOW)", err)
	}
}

// TestReadRegularSizes: files are read whole whatever fstat says (empty,
// small, larger than the reused buffer, /proc files that report size 0),
// and the size cap holds both from fstat and while reading.
func TestReadRegularSizes(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("net.core.somaxconn = 4096\n"), 10000)
	for name, data := range map[string][]byte{"empty": nil, "small": []byte("a = 1\n"), "big": big} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, scratch := range [][]byte{nil, make([]byte, 0, 16)} {
			got, err := readOpened(mustOpen(t, p), p, MaxFileSize, scratch)
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("%s (scratch cap %d): read %d bytes, %v; want %d", name, cap(scratch), len(got), err, len(data))
			}
		}
	}
	want, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	got, err := readRegular("/proc/self/mountinfo", MaxFileSize)
	if err != nil || len(got) == 0 || len(got) < len(want)/2 {
		t.Errorf("/proc/self/mountinfo (size 0 by fstat): read %d bytes, %v; os.ReadFile has %d", len(got), err, len(want))
	}
	if _, err := readRegular("/proc/self/mountinfo", 10); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a /proc file over the limit: %v, want ErrTooLarge", err)
	}
	if _, err := readRegular(filepath.Join(dir, "big"), 1000); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file over the limit: %v, want ErrTooLarge", err)
	}
	if _, err := readRegular("/dev/zero", MaxFileSize); !errors.Is(err, ErrNotRegular) {
		t.Errorf("/dev/zero: %v, want ErrNotRegular", err)
	}
	if _, err := readRegular(dir, MaxFileSize); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "directory") {
		t.Errorf("a directory: %v, want ErrNotRegular saying so", err)
	}
	if _, err := readRegular(filepath.Join(dir, "missing"), MaxFileSize); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want ErrNotExist", err)
	}
}

func mustOpen(t *testing.T, p string) int {
	t.Helper()
	fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	return fd
}
