package advisor

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

var update = flag.Bool("update", false, "update golden files")

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
	}
}

// run is one PATH-mode advice run over in-memory files, like
// `twadvise generate --kernel K --profile P FILE`.
type run struct {
	set   *rules.Set
	facts rules.Facts
	res   *rules.Result
	recs  []Recommendation
}

func adviseFor(t *testing.T, release, profile, path string, src []byte) *run {
	t.Helper()
	set, diags := rules.Load(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p, err := set.SelectProfiles(profile)
	if err != nil {
		t.Fatal(err)
	}
	f := rules.Facts{Mode: "path", Loader: kernel.LoaderSystemd, NetNS: "unknown", Profile: p}
	if release != "" {
		r, err := kernel.ParseRelease(release)
		if err != nil {
			t.Fatal(err)
		}
		f.Kernel = &r
	}
	var files []*kernel.ConfigFile
	if src != nil {
		files = append(files, kernel.ParseFile(path, src))
	}
	f.Effective = kernel.Merge(f.Loader, files, nil)
	res := set.Evaluate(&f)
	return &run{set: set, facts: f, res: res, recs: Recommend(p, &f, res.Findings)}
}

func (r *run) header() Header {
	h := Header{Version: "test", Profile: r.facts.Profile.Name, Loader: string(r.facts.Loader)}
	if r.facts.Kernel != nil {
		h.Kernel = r.facts.Kernel.Raw
	}
	return h
}

func (r *run) review(path string, src []byte) []byte {
	in := ReviewInput{Path: path, Src: src, Effective: r.facts.Effective, Findings: r.res.Findings, Recs: r.recs, Header: r.header()}
	return ReviewStable(in, NewChecker(r.set, r.facts, path))
}

// builtinProfiles lists every built-in profile.
func builtinProfiles(t *testing.T) []string {
	set, diags := rules.Load(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return set.ProfileNames()
}

// inCI is true under CI=true, where skipping a real-tool test is a failure.
func inCI() bool { return os.Getenv("CI") == "true" }

// skipOrFail skips with the reason, or fails under CI.
func skipOrFail(t *testing.T, format string, a ...any) {
	t.Helper()
	if inCI() {
		t.Fatalf("CI=true: "+format, a...)
	}
	t.Skipf(format, a...)
}
