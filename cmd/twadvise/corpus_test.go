package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/check"
)

// repoRoot walks up from the package directory to the directory holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// corpusDir is shared/corpus beside the repository. Third-party files stay
// there (DESIGN.md, quality bar): the test skips without it, except under CI,
// where a missing corpus would silently turn the test into a no-op.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "INDEX.md")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus %s is missing (CI=true): %v", dir, err)
		}
		t.Skipf("corpus %s is absent; skipping (set it up beside the repository to run this test)", dir)
	}
	return dir
}

// checkJSON runs `twadvise check --format json` in-process and decodes it.
func checkJSON(t *testing.T, args ...string) check.Report {
	t.Helper()
	var stdout, stderr bytes.Buffer
	full := append([]string{"check", "--format", "json", "--fail-on", "none", "--host", "test"}, args...)
	if code := run(full, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("twadvise %v: exit %d\n%s", full, code, stderr.String())
	}
	var r check.Report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("twadvise %v: %v\n%s", full, err, stdout.String())
	}
	return r
}

// expectation is one row of testdata/expectations.tsv.
type expectation struct{ file, kernel, profile, key, rule, severity string }

func (e expectation) finding() string {
	return fmt.Sprintf("%s %s %s", e.key, e.rule, e.severity)
}

var (
	defaultKernels  = []string{"4.9", "5.15"}
	defaultProfiles = []string{"web-server", "http-client", "generic"}
)

// loadExpectations reads the TSV and expands "*" into the kernels and
// profiles each file is checked with. The result maps file, kernel and
// profile to the expected findings at warning or above.
func loadExpectations(t *testing.T) map[[3]string]map[string]bool {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot(t), "testdata", "expectations.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []expectation
	kernels, profiles := map[string][]string{}, map[string][]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 6 {
			t.Fatalf("expectations.tsv:%d: want 6 tab-separated columns, got %d", n, len(c))
		}
		e := expectation{c[0], c[1], c[2], c[3], c[4], c[5]}
		rows = append(rows, e)
		if kernels[e.file] == nil {
			kernels[e.file], profiles[e.file] = append([]string{}, defaultKernels...), append([]string{}, defaultProfiles...)
		}
		kernels[e.file] = addOnce(kernels[e.file], e.kernel)
		profiles[e.file] = addOnce(profiles[e.file], e.profile)
	}
	want := map[[3]string]map[string]bool{}
	for file := range kernels {
		for _, k := range kernels[file] {
			for _, p := range profiles[file] {
				want[[3]string{file, k, p}] = map[string]bool{}
			}
		}
	}
	for _, e := range rows {
		for _, k := range expand(e.kernel, kernels[e.file]) {
			for _, p := range expand(e.profile, profiles[e.file]) {
				want[[3]string{e.file, k, p}][e.finding()] = true
			}
		}
	}
	return want
}

func addOnce(list []string, v string) []string {
	if v == "*" {
		return list
	}
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

func expand(v string, all []string) []string {
	if v == "*" {
		return all
	}
	return []string{v}
}

// TestCorpusExpectations checks the hazard files of the corpus against the
// hand-written expectations: every expected finding appears, and nothing at
// warning or above appears that the file does not list.
func TestCorpusExpectations(t *testing.T) {
	corpus := corpusDir(t)
	want := loadExpectations(t)
	var combos [][3]string
	for c := range want {
		combos = append(combos, c)
	}
	sort.Slice(combos, func(i, j int) bool { return strings.Join(combos[i][:], " ") < strings.Join(combos[j][:], " ") })
	for _, c := range combos {
		t.Run(strings.Join(c[:], "/"), func(t *testing.T) {
			r := checkJSON(t, "--kernel", c[1], "--profile", c[2], filepath.Join(corpus, c[0]))
			got := map[string]bool{}
			for _, f := range r.Findings {
				if f.Severity == "info" {
					continue
				}
				k := fmt.Sprintf("%s %s %s", f.Key, f.Rule, f.Severity)
				got[k] = true
				if !want[c][k] {
					t.Errorf("unexpected %s at line %d: %s", k, f.Line, f.Message)
				}
			}
			for k := range want[c] {
				if !got[k] {
					t.Errorf("missing %s", k)
				}
			}
		})
	}
}

// saneVendorFiles are distribution and vendor defaults: a false alarm on
// one of them costs more trust than anything the rules could catch.
var saneVendorFiles = []struct{ glob, profile string }{
	{"systemd-50-default.conf", "generic"},
	{"systemd-50-coredump.conf", "generic"},
	{"debian12-*.conf", "generic"},
	{"ubuntu-10-network-security.conf", "generic"},
	{"elasticsearch-pkg.conf", "generic"},
	{"k8s-docs-container-runtimes.conf", "kubernetes-node"},
	{"kubespray-node-sysctl.conf", "kubernetes-node"},
}

func TestCorpusSaneVendorFiles(t *testing.T) {
	corpus := corpusDir(t)
	for _, s := range saneVendorFiles {
		files, _ := filepath.Glob(filepath.Join(corpus, s.glob))
		if len(files) == 0 {
			t.Errorf("%s: no such corpus file", s.glob)
		}
		for _, file := range files {
			for _, k := range []string{"5.4", "5.15", "6.1", "6.8"} {
				name := fmt.Sprintf("%s/%s/%s", filepath.Base(file), k, s.profile)
				t.Run(name, func(t *testing.T) {
					r := checkJSON(t, "--kernel", k, "--profile", s.profile, file)
					for _, f := range r.Findings {
						if f.Severity != "info" {
							t.Errorf("%s:%d: %s %s %s: %s", filepath.Base(file), f.Line, f.Severity, f.Rule, f.Key, f.Message)
						}
					}
				})
			}
		}
	}
}

// corpusDirOrEmpty is corpusDir for tests that only add corpus inputs to
// others: "" when the corpus is absent (outside CI).
func corpusDirOrEmpty(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "INDEX.md")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus %s is missing (CI=true): %v", dir, err)
		}
		return ""
	}
	return dir
}
