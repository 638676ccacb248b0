package rules

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
)

// testKBOnce builds the rule tests' own knowledge base from
// testdata/kb/life.txt and testdata/kb/curated.json.
var testKBOnce = sync.OnceValues(func() (*catalog.KB, error) {
	dir := filepath.Join("testdata", "kb")
	tables, err := lifeTables(filepath.Join(dir, "life.txt"))
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, "curated.json"))
	if err != nil {
		return nil, err
	}
	cur, err := catalog.ParseCurated(data)
	if err != nil {
		return nil, err
	}
	return catalog.Build(tables, cur)
})

func testKB(t testing.TB) *catalog.KB {
	t.Helper()
	kb, err := testKBOnce()
	if err != nil {
		t.Fatalf("test knowledge base: %v", err)
	}
	return kb
}

// builtinHasTables reports whether the built-in knowledge base holds the
// kernel trees' tables (not only the 6.18 names list), so that cases
// meant for both knowledge bases can run against it.
func builtinHasTables() bool { return len(catalog.Builtin().Releases()) >= 10 }

// namesOnlyRelease is the last table of life.txt: the test machine's key
// names, without details.
const namesOnlyRelease = "6.18"

// lifeTables expands life.txt into one table per release: a line "key from
// to scope type handler min max default file" puts the row in every
// release from..to ("-": through the newest detailed release), and every
// key still there in the newest detailed release, or added after it, is in
// the names-only list.
func lifeTables(path string) ([]*catalog.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	byName := map[string]*catalog.Table{}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# releases:"); ok {
			for _, r := range strings.Fields(rest) {
				rel, err := kernel.ParseRelease(r)
				if err != nil {
					return nil, err
				}
				names = append(names, r)
				byName[r] = &catalog.Table{Release: r, Version: rel.Version, Tree: "hand-made rule test table", Rows: map[string]catalog.Row{}}
			}
			rel, _ := kernel.ParseRelease(namesOnlyRelease)
			byName[namesOnlyRelease] = &catalog.Table{Release: namesOnlyRelease, Version: rel.Version, Tree: "hand-made names-only list", Rows: map[string]catalog.Row{}}
			continue
		}
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		c := strings.Fields(line)
		if len(c) != 10 {
			return nil, lineErr(path, n, "want 10 fields, got %d", len(c))
		}
		row := catalog.Row{Scope: c[3], Type: c[4], Handler: c[5], Min: c[6], Max: c[7], Default: c[8], Guard: "-", File: c[9]}
		if c[1] == namesOnlyRelease {
			byName[namesOnlyRelease].Rows[c[0]] = catalog.Row{Scope: "-", Type: "-", Handler: "-", Min: "-", Max: "-", Default: "-", Guard: "-", File: "-"}
			continue
		}
		in := false
		for i, r := range names {
			if r == c[1] {
				in = true
			}
			if in {
				byName[r].Rows[c[0]] = row
			}
			if r == c[2] {
				break
			}
			if in && c[2] == "-" && i == len(names)-1 {
				byName[namesOnlyRelease].Rows[c[0]] = catalog.Row{Scope: "-", Type: "-", Handler: "-", Min: "-", Max: "-", Default: "-", Guard: "-", File: "-"}
			}
		}
		if !in {
			return nil, lineErr(path, n, "release %q is not in the releases line", c[1])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var out []*catalog.Table
	for _, r := range append(names, namesOnlyRelease) {
		out = append(out, byName[r])
	}
	return out, nil
}

func lineErr(path string, n int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", filepath.Base(path), n, fmt.Sprintf(format, args...))
}

// TestKBTables checks the test knowledge base itself: it builds, and the
// events the rule cases rely on are where life.txt and curated.json put
// them, so a broken fixture fails here rather than as a puzzling case.
func TestKBTables(t *testing.T) {
	kb := testKB(t)
	if got := len(kb.Releases()); got != 29 {
		t.Errorf("%d releases, want 29", got)
	}
	for _, tc := range []struct {
		key, release string
		want         catalog.Status
	}{
		{"net.ipv4.tcp_tw_recycle", "4.11", catalog.StatusPresent},
		{"net.ipv4.tcp_tw_recycle", "4.12", catalog.StatusRemoved},
		{"net.ipv4.tcp_max_ssthresh", "3.10", catalog.StatusPresent},
		{"net.ipv4.tcp_max_ssthresh", "3.12", catalog.StatusInGap},
		{"net.ipv4.tcp_max_ssthresh", "4.9", catalog.StatusRemoved},
		{"kernel.sched_latency_ns", "5.12", catalog.StatusPresent},
		{"kernel.sched_latency_ns", "5.13", catalog.StatusMoved},
		{"net.ipv4.tcp_tw_reuse_delay", "6.13", catalog.StatusNotYetAdded},
		{"net.ipv4.tcp_tw_reuse_delay", "6.14", catalog.StatusPresent},
		{"net.ipv4.tcp_rto_max_ms", "6.14", catalog.StatusNotYetAdded},
		{"net.ipv4.tcp_rto_max_ms", "6.16", catalog.StatusInGap},
		{"net.ipv4.tcp_rto_max_ms", "6.18", catalog.StatusPresent},
		{"net.netfilter.nf_conntrack_max", "5.4", catalog.StatusModule},
	} {
		r, err := kernel.ParseRelease(tc.release)
		if err != nil {
			t.Fatal(err)
		}
		if got := kb.State(tc.key, &r).Status; got != tc.want {
			t.Errorf("%s on %s: %s, want %s", tc.key, tc.release, got, tc.want)
		}
	}
}

// TestKernelCasesSpan keeps the release-edge cases broad: at least 30 keys
// with a case on each side of an edge the knowledge base knows, spread over
// net.ipv4, net.core, net.ipv6, kernel and vm.
func TestKernelCasesSpan(t *testing.T) {
	edges := map[string]map[bool]bool{} // key -> expectations seen with a kernel
	for _, c := range loadCases(t) {
		if c.Catalog == "" || c.Kernel == "" {
			continue
		}
		cf := kernel.ParseFile("case.conf", []byte(c.Config))
		for _, a := range cf.Settings {
			if edges[a.Key] == nil {
				edges[a.Key] = map[bool]bool{}
			}
			edges[a.Key][c.Expect] = true
		}
	}
	perTree := map[string]int{}
	n := 0
	for key, seen := range edges {
		if !seen[true] || !seen[false] {
			continue
		}
		n++
		for _, p := range []string{"net.ipv4.", "net.core.", "net.ipv6.", "kernel.", "vm."} {
			if strings.HasPrefix(key, p) {
				perTree[p]++
			}
		}
	}
	t.Logf("%d keys with release edges: %v", n, perTree)
	if n < 30 {
		t.Errorf("%d keys have release cases on both sides of an edge, want at least 30", n)
	}
	for _, p := range []string{"net.ipv4.", "net.core.", "net.ipv6.", "kernel.", "vm."} {
		if perTree[p] < 2 {
			t.Errorf("%s*: %d keys with release edges, want at least 2", p, perTree[p])
		}
	}
}

// TestBuiltinReferencesPublic: references users see cite public sources,
// never twadvise's own working notes.
func TestBuiltinReferencesPublic(t *testing.T) {
	for _, r := range builtinSet(t).Rules {
		for _, ref := range append([]string{r.Remediation, r.Title}, r.References...) {
			if strings.Contains(ref, "shared/") || strings.Contains(ref, "kernel-facts") {
				t.Errorf("%s cites a non-public note: %q", r.ID, ref)
			}
		}
	}
}
