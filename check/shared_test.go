package check

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestSharedConditionsChangeNothing checks real files against every
// release twice, with conditions remembered between releases and without:
// the findings, and the releases each holds for, must be the same.
func TestSharedConditionsChangeNothing(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../shared/corpus/*.conf", "../../shared/corpus/*/*.conf", "../testdata/hazards/*.conf", "../testdata/examples/*.conf"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("found %d files; the shared corpus is required under CI", len(files))
		}
		t.Skipf("found %d files (no ../shared/corpus?)", len(files))
	}
	set, p := loadRules(t)
	run := func(path string, share bool) *Result {
		t.Helper()
		shareConditions = share
		defer func() { shareConditions = true }()
		res, err := Run(Options{Paths: []string{path}, Rules: set, Profile: p})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	compared := 0
	for _, f := range files {
		with, without := run(f, true), run(f, false)
		if len(with.Targets) < 2 {
			t.Fatalf("%s: %d targets; want every release", f, len(with.Targets))
		}
		if !reflect.DeepEqual(with.Findings, without.Findings) {
			t.Errorf("%s: findings differ with conditions shared between releases:\n with %d: %+v\n without %d: %+v",
				f, len(with.Findings), with.Findings, len(without.Findings), without.Findings)
		}
		compared += len(with.Findings)
	}
	if compared == 0 {
		t.Fatal("no findings compared")
	}
}
