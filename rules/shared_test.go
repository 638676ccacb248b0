package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/kernel"
)

// TestSharedAndLineMemoChangeNothing evaluates a configuration that repeats
// lines (so the line memo replays them), overrides keys, carries an ignore
// directive, and has findings that do and do not depend on the kernel,
// for several kernels: once each on its own, and once with one Shared as
// check does. The findings must be the same.
func TestSharedAndLineMemoChangeNothing(t *testing.T) {
	set := builtinSet(t)
	conf := strings.Repeat("net.core.somaxconn = 1024\nnet.ipv4.tcp_timestamps = 0 # off\nnet.ipv4.tcp_tw_recycle = 1\n", 3) +
		"# twadvise:ignore TW211 old balancers\nnet.ipv4.tcp_timestamps = 0\nnet.ipv4.tcp_tw_reuse_delay = 500\nnet.core.somaxcon = 1\n"
	cf := kernel.ParseFile("x.conf", []byte(conf))
	eff := kernel.Merge(kernel.LoaderSystemd, []*kernel.ConfigFile{cf}, nil)
	render := func(fs []Finding) string {
		var b strings.Builder
		for _, f := range fs {
			fmt.Fprintf(&b, "%s %s:%d %s %q %v\n", f.RuleID, f.File, f.Line, f.Key, f.Message, f.OverriddenBy)
		}
		return b.String()
	}
	shared := NewShared()
	for _, rel := range []string{"4.9", "4.12", "5.15", "6.14"} {
		r, err := kernel.ParseRelease(rel)
		if err != nil {
			t.Fatal(err)
		}
		facts := Facts{Mode: "path", Loader: kernel.LoaderSystemd, Kernel: &r, Effective: eff, Profile: set.Profiles["generic"], NetNS: "unknown"}
		alone := set.Evaluate(&facts)
		facts.Shared = shared
		together := set.Evaluate(&facts)
		if got, want := render(together.Findings), render(alone.Findings); got != want {
			t.Errorf("%s: with Shared:\n%s\nalone:\n%s", rel, got, want)
		}
		if len(alone.Findings) == 0 {
			t.Errorf("%s: no findings; the test checks nothing", rel)
		}
		// A replayed line says what the first of its kind said, at its own line.
		byLine := map[int][]string{}
		for _, f := range alone.Findings {
			byLine[f.Line] = append(byLine[f.Line], f.RuleID+" "+f.Message)
		}
		for line := 4; line <= 9; line++ {
			if got, want := fmt.Sprint(byLine[line]), fmt.Sprint(byLine[line-3]); got != want {
				t.Errorf("%s: line %d says %s, line %d says %s", rel, line, got, line-3, want)
			}
		}
	}
}
