package loaderoracle

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Require skips t when mode cannot run on this machine, with the reason.
// Under CI=true the oracle is part of the contract, so it fails instead.
func Require(t testing.TB, modes ...Mode) {
	t.Helper()
	for _, m := range modes {
		if err := Available(m); err != nil {
			skipOrFail(t, err.Error())
		}
	}
}

// Check runs req and ends t on failure: skip (fail under CI=true) when the
// machine cannot run the oracle, fail otherwise.
func Check(t testing.TB, req Request) *Result {
	t.Helper()
	res, err := Run(t.Context(), req)
	if errors.Is(err, ErrUnavailable) {
		skipOrFail(t, err.Error())
	}
	if err != nil {
		t.Fatalf("oracle %s: %v", req.Mode, err)
	}
	return res
}

// CorpusDir returns the shared corpus (../shared/corpus from the module
// root, or $TWADVISE_CORPUS). It is read in place, never copied into the
// repository; when absent the test skips, or fails under CI=true.
func CorpusDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("TWADVISE_CORPUS")
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(root, "..", "shared", "corpus")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		skipOrFail(t, "shared corpus not found at "+dir+" (set TWADVISE_CORPUS)")
	}
	return dir
}

func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: the loader oracle must run in CI)", msg)
	}
	t.Skip(msg)
}

// moduleRoot walks up from the working directory to the directory holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// ReadExpected reads the "effective" map of an expected-output file in
// shared/corpus/trees/expected (the JSON sysctl_oracle.py writes).
func ReadExpected(t testing.TB, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Effective map[string]string }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc.Effective
}
