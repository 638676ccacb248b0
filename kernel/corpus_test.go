package kernel

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir is ../shared/corpus seen from the repository root. Third-party
// files stay there (DESIGN.md): tests read them in place.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "corpus"))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared corpus missing under CI: %v", err)
		}
		tb.Skipf("shared corpus not found at %s; skipping (it is required under CI)", dir)
	}
	return dir
}

func addCorpusSeeds(f *testing.F) {
	dir := corpusDir(f)
	files, _ := filepath.Glob(filepath.Join(dir, "*.conf"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

// TestCorpusParses reads every real-world file: no panics, every setting
// has a key and a line, and the known oddities become diagnostics.
func TestCorpusParses(t *testing.T) {
	dir := corpusDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.conf"))
	if len(files) < 30 {
		t.Fatalf("found %d corpus files, want the 36 of shared/corpus", len(files))
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cf := ParseFile(filepath.Base(p), data)
		for _, s := range cf.Settings {
			if s.Key == "" || s.Line < 2 { // line 1 is the provenance comment
				t.Errorf("%s: bad setting %+v", p, s)
			}
		}
	}
	cf := parseCorpus(t, dir, "procps-upstream-example.conf")
	if ent := Merge(LoaderProcps, []*ConfigFile{cf}, nil); !hasKey(ent, "kernel.pid_max") {
		t.Errorf("slash-separated kernel/pid_max not read as kernel.pid_max")
	}
	cf = parseCorpus(t, dir, "systemd-50-default.conf")
	found := false
	for _, s := range cf.Settings {
		if s.Key == "net.ipv4.ping_group_range" && s.Optional {
			found = true
		}
	}
	if !found {
		t.Errorf("systemd-50-default.conf: -net.ipv4.ping_group_range not parsed as optional")
	}
}

func parseCorpus(t *testing.T, dir, name string) *ConfigFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return ParseFile(name, data)
}

func hasKey(e *Effective, key string) bool {
	_, ok := e.Lookup(key)
	return ok
}
