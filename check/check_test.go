package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

func loadRules(t *testing.T) (*rules.Set, *rules.Profile) {
	t.Helper()
	set, diags := rules.Load(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p, err := set.SelectProfile("generic")
	if err != nil {
		t.Fatal(err)
	}
	return set, p
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func byRule(fs []rules.Finding) map[string]rules.Finding {
	m := map[string]rules.Finding{}
	for _, f := range fs {
		m[f.RuleID] = f
	}
	return m
}

func rangesText(r *Result, f rules.Finding) string {
	var parts []string
	for _, rg := range r.Ranges(f) {
		to := "newest"
		if rg.To != nil {
			to = *rg.To
		}
		parts = append(parts, rg.From+".."+to)
	}
	return strings.Join(parts, ",")
}

// TestNoKernelMeansEveryRelease: without --kernel, PATH mode judges the
// file against every release, so the seed hazard fails with no flag, and
// each finding holds for the releases where it is true.
func TestNoKernelMeansEveryRelease(t *testing.T) {
	set, p := loadRules(t)
	conf := writeFile(t, t.TempDir(), "blog.conf", "net.ipv4.tcp_tw_recycle = 1\n")
	releases := []kernel.Version{{Major: 3, Minor: 10}, {Major: 4, Minor: 9}, {Major: 4, Minor: 11}, {Major: 4, Minor: 12}, {Major: 6, Minor: 1}}
	res, err := Run(Options{Paths: []string{conf}, Rules: set, Profile: p, Releases: releases})
	if err != nil {
		t.Fatal(err)
	}
	if res.KernelSource != SourceAll || len(res.Targets) != len(releases) {
		t.Fatalf("source %q, %d targets; want all, %d", res.KernelSource, len(res.Targets), len(releases))
	}
	got := byRule(res.Findings)
	if f, ok := got["TW101"]; !ok || rangesText(res, f) != "4.12..newest" || res.RangesText(f) != "on Linux 4.12 and later" {
		t.Errorf("TW101 (removed in 4.12): %+v %q", f.Kernels, res.RangesText(f))
	}
	if f, ok := got["TW201"]; !ok || rangesText(res, f) != "3.10..4.11" {
		t.Errorf("TW201 (NAT hazard while the key exists): %+v", f.Kernels)
	}
}

// TestExplicitTargetsSorted: several --kernel values (releases and a
// distribution) are judged oldest first; a finding on all of them needs no
// release note.
func TestExplicitTargetsSorted(t *testing.T) {
	set, p := loadRules(t)
	conf := writeFile(t, t.TempDir(), "a.conf", "net.ipv4.tcp_max_tw_buckets = 5000\n")
	res, err := Run(Options{Paths: []string{conf}, Rules: set, Profile: p, Kernels: []string{"6.8,rhel7"}, KernelSource: SourceFlag})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Targets) != 2 || res.Targets[0].Release.Raw != "rhel7" || res.Targets[0].Distro == nil {
		t.Fatalf("targets %+v; want rhel7 (with its distro) first", res.Targets)
	}
	f, ok := byRule(res.Findings)["TW241"]
	if !ok || !res.HoldsEverywhere(f) || res.RangesText(f) != "" {
		t.Errorf("TW241 should hold on both targets with no release note: %+v", f)
	}
}

// TestOrderIndependent: every assignment is linted; the overridden one
// says which line wins, and the set of findings does not depend on order.
func TestOrderIndependent(t *testing.T) {
	set, p := loadRules(t)
	dir := t.TempDir()
	a := writeFile(t, dir, "a.conf", "net.ipv4.tcp_max_tw_buckets = 5000\n")
	b := writeFile(t, dir, "b.conf", "net.ipv4.tcp_max_tw_buckets = 262144\n")
	run := func(paths ...string) rules.Finding {
		res, err := Run(Options{Paths: paths, Rules: set, Profile: p, Kernels: []string{"5.15"}})
		if err != nil {
			t.Fatal(err)
		}
		f, ok := byRule(res.Findings)["TW241"]
		if !ok {
			t.Fatalf("%v: TW241 missing", paths)
		}
		return f
	}
	if f := run(a, b); f.OverriddenBy == nil || f.OverriddenBy.File != b || f.OverriddenBy.Line != 1 {
		t.Errorf("a then b: overridden_by %+v, want %s:1", f.OverriddenBy, b)
	}
	if f := run(b, a); f.OverriddenBy != nil {
		t.Errorf("b then a: the line is in effect, got overridden_by %+v", f.OverriddenBy)
	}
}

// TestDisableUnknownRule: --disable with a typo is an error that names
// the closest rule.
func TestDisableUnknownRule(t *testing.T) {
	set, p := loadRules(t)
	conf := writeFile(t, t.TempDir(), "a.conf", "net.core.somaxconn = 4096\n")
	_, err := Run(Options{Paths: []string{conf}, Rules: set, Profile: p, Kernels: []string{"6.1"}, Disable: []string{"TW101,tcp-tw-recycle-removd"}})
	if err == nil || !strings.Contains(err.Error(), `did you mean "tcp-tw-recycle-removed"`) {
		t.Errorf("err = %v", err)
	}
}

// TestEtcTree: a directory laid out like /etc is read with the loader's
// rules, its files named as the user opens them.
func TestEtcTree(t *testing.T) {
	set, p := loadRules(t)
	repo := t.TempDir()
	writeFile(t, repo, "etc/sysctl.d/60-x.conf", "net.ipv4.tcp_tw_recycle = 1\n")
	writeFile(t, repo, "etc/sysctl.conf", "net.core.somaxconn = 1024\n")
	etc := filepath.Join(repo, "etc")
	for _, dir := range []string{repo, etc} {
		res, err := Run(Options{Paths: []string{dir}, Rules: set, Profile: p, Kernels: []string{"6.1"}})
		if err != nil {
			t.Fatal(err)
		}
		got := byRule(res.Findings)
		if f := got["TW101"]; f.File != filepath.Join(etc, "sysctl.d/60-x.conf") {
			t.Errorf("%s: TW101 at %q", dir, f.File)
		}
		// systemd-sysctl never reads /etc/sysctl.conf without the
		// 99-sysctl.conf link: a warning, not a silent skip.
		if f, ok := got["TW018"]; !ok || f.File != filepath.Join(etc, "sysctl.conf") {
			t.Errorf("%s: TW018 missing or misplaced: %+v", dir, f)
		}
	}
}

// TestReadsSchema1: a report written before schema 2 still reads.
func TestReadsSchema1(t *testing.T) {
	doc := `{"schema":1,"tool":{"name":"twadvise","version":"0.1"},"host":"h","mode":"path",
	"kernel":{"release":"5.15","source":"flag"},"loader":"systemd","profile":"web-server",
	"findings":[{"rule":"TW101","name":"x","severity":"error","key":"k","value":"1","suggestion":null,"file":"a","line":1,
	"message":"m","remediation":"r","references":["x"],"kernel":["5.15"],"fingerprint":"0123456789abcdef"}],
	"skipped_rules":[],"errors":[]}`
	r, _, err := ParseReport([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if r.Kernel.First() != "5.15" || strings.Join(r.Profiles, ",") != "web-server" || len(r.Findings) != 1 || r.Findings[0].Kernels[0].From != "5.15" {
		t.Errorf("converted: %+v", r)
	}
}

// TestAutoLoaderFollowsTheDistro: --loader auto on a tree with no init
// reads the files as procps does when the target distribution has no
// systemd (Ubuntu 14.04), and as systemd-sysctl otherwise.
func TestAutoLoaderFollowsTheDistro(t *testing.T) {
	set, p := loadRules(t)
	root := t.TempDir()
	writeFile(t, root, "etc/sysctl.conf", "net.core.somaxconn = 1024\n")
	for kernels, want := range map[string]kernel.Loader{"ubuntu-14.04": kernel.LoaderProcps, "debian-12": kernel.LoaderSystemd, "5.15": kernel.LoaderSystemd} {
		res, err := Run(Options{Root: root, Loader: "auto", NoLive: true, Rules: set, Profile: p, Kernels: []string{kernels}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Loader != want {
			t.Errorf("--kernel %s: loader %s, want %s", kernels, res.Loader, want)
		}
	}
}

// TestFileReachedTwiceLintedOnce: procps applies /etc/sysctl.conf and the
// 99-sysctl.conf link to it; the file's hazard is reported once, under the
// name applied first, and not as overridden by itself.
func TestFileReachedTwiceLintedOnce(t *testing.T) {
	set, p := loadRules(t)
	root := t.TempDir()
	writeFile(t, root, "etc/sysctl.conf", "net.ipv4.tcp_max_tw_buckets = 5000\n")
	if err := os.Symlink("../sysctl.conf", filepath.Join(root, "etc/sysctl.d/99-sysctl.conf")); err != nil {
		if err := os.MkdirAll(filepath.Join(root, "etc/sysctl.d"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("../sysctl.conf", filepath.Join(root, "etc/sysctl.d/99-sysctl.conf")); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Run(Options{Root: root, Loader: "procps", NoLive: true, Rules: set, Profile: p, Kernels: []string{"6.1"}})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, f := range res.Findings {
		if f.RuleID == "TW241" {
			n++
			if f.PathInRoot != "/etc/sysctl.d/99-sysctl.conf" || f.OverriddenBy != nil {
				t.Errorf("kept %s (overridden by %+v), want /etc/sysctl.d/99-sysctl.conf, in effect", f.PathInRoot, f.OverriddenBy)
			}
		}
	}
	if n != 1 {
		t.Errorf("TW241 reported %d times, want once", n)
	}
}
