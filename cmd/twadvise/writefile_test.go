package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileAtomicNew(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out.conf")
	if err := writeFileAtomic(name, []byte("a = 1\n"), false); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(name)
	if string(got) != "a = 1\n" {
		t.Fatalf("content %q", got)
	}
	assertNoTemp(t, filepath.Dir(name), "out.conf")
}

func TestWriteFileAtomicRefusesExisting(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out.conf")
	os.WriteFile(name, []byte("old\n"), 0o600)
	err := writeFileAtomic(name, []byte("new\n"), false)
	if !errors.Is(err, errExists) {
		t.Fatalf("err = %v, want errExists", err)
	}
	if got, _ := os.ReadFile(name); string(got) != "old\n" {
		t.Fatalf("file changed: %q", got)
	}
}

func TestWriteFileAtomicForceKeepsModeAndBackup(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.conf")
	os.WriteFile(name, []byte("old\n"), 0o600)
	if err := os.Chmod(name, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(name, []byte("new\n"), true); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	if got, _ := os.ReadFile(name); string(got) != "new\n" {
		t.Errorf("content %q", got)
	}
	if got, _ := os.ReadFile(name + ".bak"); string(got) != "old\n" {
		t.Errorf("backup %q, want the old content", got)
	}
	assertNoTemp(t, dir, "out.conf", "out.conf.bak")
}

func TestWriteFileAtomicFailureLeavesNoTemp(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions; TestWriteFileAtomicRenameFailure injects a failure instead")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	if err := writeFileAtomic(filepath.Join(dir, "out.conf"), []byte("x\n"), false); err == nil {
		t.Fatal("write into a read-only directory succeeded")
	}
	assertNoTemp(t, dir)
}

// TestWriteFileAtomicRenameFailure injects a failure after the temporary
// file was written and synced, and checks it is removed.
func TestWriteFileAtomicRenameFailure(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.conf")
	renameFile = func(string, string) error { return errors.New("injected") }
	defer func() { renameFile = os.Rename }()
	if err := writeFileAtomic(name, []byte("new\n"), false); err == nil {
		t.Fatal("the injected failure was not reported")
	}
	assertNoTemp(t, dir)
}

func assertNoTemp(t *testing.T, dir string, want ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ok := map[string]bool{}
	for _, w := range want {
		ok[w] = true
	}
	for _, e := range ents {
		if !ok[e.Name()] {
			t.Errorf("unexpected file left in %s: %s", dir, e.Name())
		}
	}
}

// TestWriteRemovesStrandedCopy: a copy stranded at the staging name by a
// killed run is removed by the next write, which then succeeds.
func TestWriteRemovesStrandedCopy(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "99-x.conf")
	if err := os.WriteFile(target, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stagingName(target), []byte("stranded\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(target, []byte("new\n"), true); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new\n" {
		t.Errorf("target = %q", got)
	}
	assertNoTemp(t, dir, "99-x.conf", "99-x.conf.bak")
}
