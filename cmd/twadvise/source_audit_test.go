package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goSources returns the repository's non-test Go files, relative to the
// module root, with their lines.
func goSources(t *testing.T) map[string][]string {
	t.Helper()
	root := repoRoot(t)
	files := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = strings.Split(string(data), "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("found only %d Go files under %s: the walk is broken", len(files), root)
	}
	return files
}

// writeOp matches the ways Go code opens a file for writing.
var writeOp = regexp.MustCompile(`O_WRONLY|O_RDWR|O_APPEND|O_TRUNC|O_CREATE|os\.Create|WriteFile|os\.Truncate|unix\.Open\(|syscall\.Open\(`)

// writeAllowed lists non-test files allowed to write near a proc/sys
// mention, with why. loaderoracle is test support: it builds a fake
// proc/sys in its own temp dir for the parity tests, and
// TestOracleStaysInTests keeps it out of the shipped binary.
var writeAllowed = map[string]string{
	"internal/loaderoracle/oracle.go": "MakeProcSys writes empty key files under a temp dir it was given",
}

// TestNoCodeWritesProcSys is the static half of "never touch the running
// kernel" (DESIGN.md): no non-test Go file opens anything for writing
// within 20 lines of a mention of proc/sys. It is a tripwire, not a proof;
// TestNeverWritesProcSys is the dynamic half.
func TestNoCodeWritesProcSys(t *testing.T) {
	const near = 20
	for name, lines := range goSources(t) {
		if _, ok := writeAllowed[name]; ok {
			continue
		}
		for i, l := range lines {
			if !strings.Contains(l, "proc/sys") {
				continue
			}
			for j := max(0, i-near); j < min(len(lines), i+near+1); j++ {
				if writeOp.MatchString(lines[j]) {
					t.Errorf("%s:%d writes a file near a proc/sys mention at line %d: %s", name, j+1, i+1, strings.TrimSpace(lines[j]))
				}
			}
		}
	}
}

// execAllowed lists the only non-test files that may run commands, with
// why: each was reviewed to run a fixed program, never one named by input.
var execAllowed = map[string]string{
	"internal/loaderoracle/oracle.go":     "runs the real systemd-sysctl / procps sysctl for parity tests, in a private namespace",
	"internal/loaderoracle/available.go":  "probes whether those loaders exist",
	"internal/kextract/extract/source.go": "runs git to read a kernel tree's files (the knowledge-base extractor, never part of twadvise)",
}

// execOp matches every way Go code starts another program.
var execOp = regexp.MustCompile(`"os/exec"|exec\.Command|os\.StartProcess|syscall\.Exec|unix\.Exec|syscall\.ForkExec|unix\.ForkExec`)

// TestNoCodeRunsCommands is the check behind "never runs a command taken
// from a file": process creation appears only in the reviewed files above,
// and never in kernel, rules, advisor or the command itself.
func TestNoCodeRunsCommands(t *testing.T) {
	for name, lines := range goSources(t) {
		for i, l := range lines {
			if !execOp.MatchString(l) {
				continue
			}
			if _, ok := execAllowed[name]; !ok {
				t.Errorf("%s:%d starts a process and is not in execAllowed: %s", name, i+1, strings.TrimSpace(l))
			}
			for _, pkg := range []string{"kernel/", "rules/", "advisor/", "cmd/"} {
				if strings.HasPrefix(name, pkg) {
					t.Errorf("%s:%d: %s must never start a process", name, i+1, strings.TrimSuffix(pkg, "/"))
				}
			}
		}
	}
}

// TestOracleStaysInTests keeps the reviewed exceptions above out of the
// shipped code: only tests import internal/loaderoracle.
func TestOracleStaysInTests(t *testing.T) {
	for name, lines := range goSources(t) {
		if strings.HasPrefix(name, "internal/loaderoracle/") {
			continue
		}
		for i, l := range lines {
			if strings.Contains(l, `"github.com/twadvise/twadvise/internal/loaderoracle"`) {
				t.Errorf("%s:%d imports loaderoracle outside a test", name, i+1)
			}
		}
	}
}
