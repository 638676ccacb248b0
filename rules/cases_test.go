package rules

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
)

// ruleCase is one case block of testdata/cases.hcl: a configuration, the
// facts it is checked with, and whether the rule must fire. Cases are data
// so that adding a rule means adding cases next to the others, and so the
// coverage test below can demand them.
type ruleCase struct {
	Name     string            `hcl:"name,label"`
	Rule     string            `hcl:"rule"`
	Kind     string            `hcl:"kind"` // positive, negative or boundary
	Expect   bool              `hcl:"expect"`
	Config   string            `hcl:"config,optional"`
	Kernel   string            `hcl:"kernel,optional"`  // "" means unknown
	Profile  string            `hcl:"profile,optional"` // default generic
	Live     map[string]string `hcl:"live,optional"`    // running values; other keys are absent
	Mode     string            `hcl:"mode,optional"`    // default path
	Loader   string            `hcl:"loader,optional"`  // default systemd
	MemBytes int64             `hcl:"mem_bytes,optional"`
	Root     string            `hcl:"root,optional"`  // system mode over testdata/<root> instead of config
	NetNS    string            `hcl:"netns,optional"` // initial, child or unknown (default)
	// WaiverExpired is the message of an expired-waiver diagnostic, as the
	// CLI raises it from .twadvise.hcl.
	WaiverExpired string `hcl:"waiver_expired,optional"`
	// Distro names the target's distribution release (--kernel rhel7), which
	// tells rules its systemd version; empty means unknown.
	Distro string `hcl:"distro,optional"`

	// Catalog is the knowledge base the case is checked with: "" the
	// built-in one, "test" the rule tests' own (testdata/kb), "both" each
	// of them (the built-in one once it holds the trees' tables).
	Catalog string `hcl:"catalog,optional"`
	// What a firing rule must say, when given: its severity, a substring
	// of its message, its line, and its suggestion ("" for none).
	Severity   string  `hcl:"severity,optional"`
	Message    string  `hcl:"message,optional"`
	Line       *int    `hcl:"line,optional"`
	Suggestion *string `hcl:"suggestion,optional"`
}

type caseFile struct {
	Cases []*ruleCase `hcl:"case,block"`
}

// loadCases decodes testdata/cases*.hcl (cases_kernel.hcl holds the
// release edges of the knowledge base). Expressions may call format(), so a
// case can build a long line ("%070000d") without pasting it.
func loadCases(t *testing.T) []*ruleCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "cases*.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/cases*.hcl: %v", err)
	}
	p := hclparse.NewParser()
	var all []*ruleCase
	names := map[string]string{}
	for _, file := range files {
		f, diags := p.ParseHCLFile(file)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		ctx := &hcl.EvalContext{Functions: map[string]function.Function{"format": stdlib.FormatFunc}, Variables: map[string]cty.Value{}}
		var cf caseFile
		if diags := gohcl.DecodeBody(f.Body, ctx, &cf); diags.HasErrors() {
			t.Fatal(diags)
		}
		for _, c := range cf.Cases {
			if prev, dup := names[c.Name]; dup {
				t.Errorf("case %q in %s is also in %s", c.Name, file, prev)
			}
			names[c.Name] = file
		}
		all = append(all, cf.Cases...)
	}
	return all
}

func builtinSet(t *testing.T) *Set {
	t.Helper()
	set, diags := Load(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return set
}

// evalCase builds the facts a case describes and evaluates the rule set
// with knowledge base kb (nil: the built-in one).
func evalCase(t *testing.T, set *Set, c *ruleCase, kb *catalog.KB) *Result {
	t.Helper()
	loader := kernel.Loader(c.Loader)
	if loader == "" {
		loader = kernel.LoaderSystemd
	}
	f := &Facts{Mode: c.Mode, Loader: loader, NetNS: "unknown", MemBytes: c.MemBytes, Catalog: kb}
	if c.NetNS != "" {
		f.NetNS = c.NetNS
	}
	if f.Mode == "" {
		f.Mode = "path"
	}
	if c.Kernel != "" {
		r, err := kernel.ParseRelease(c.Kernel)
		if err != nil {
			t.Fatalf("kernel %q: %v", c.Kernel, err)
		}
		f.Kernel = &r
	}
	if c.Distro != "" {
		d, ok := kernel.LookupDistro(c.Distro)
		if !ok {
			t.Fatalf("unknown distro %q", c.Distro)
		}
		f.Distro = &d
	}
	name := c.Profile
	if name == "" {
		name = "generic"
	}
	if f.Profile = set.Profiles[name]; f.Profile == nil {
		t.Fatalf("unknown profile %q", name)
	}
	if c.Root != "" {
		fsys := kernel.Open(filepath.Join("testdata", c.Root))
		f.Mode = "system"
		f.Effective = kernel.LoadSystem(fsys, loader)
		f.Live = func(k string) kernel.Live { return kernel.ReadLive(fsys, k) }
		if c, err := kernel.TakeCensus(fsys, kernel.CensusOptions{}); err == nil {
			f.Census = c
		}
	} else {
		cf := kernel.ParseFile("case.conf", []byte(c.Config))
		f.Effective = kernel.Merge(loader, []*kernel.ConfigFile{cf}, nil)
	}
	if c.WaiverExpired != "" {
		f.Diagnostics = append(f.Diagnostics, kernel.Diagnostic{File: ".twadvise.hcl", Line: 3, Kind: "waiver-expired", Message: c.WaiverExpired})
	}
	if c.Live != nil {
		f.Live = func(k string) kernel.Live {
			if v, ok := c.Live[k]; ok {
				return kernel.Live{Value: v, Status: kernel.LiveOK}
			}
			return kernel.Live{Status: kernel.LiveAbsent}
		}
	}
	return set.Evaluate(f)
}

func TestRuleCases(t *testing.T) {
	set := builtinSet(t)
	for _, c := range loadCases(t) {
		kbs := map[string]*catalog.KB{}
		switch c.Catalog {
		case "":
			kbs["builtin"] = nil
		case "test":
			kbs["testkb"] = testKB(t)
		case "both":
			kbs["testkb"] = testKB(t)
			kbs["builtin"] = nil
		default:
			t.Errorf("case %s: catalog %q, want \"test\" or \"both\"", c.Name, c.Catalog)
			continue
		}
		for name, kb := range kbs {
			t.Run(c.Name+"/"+name, func(t *testing.T) {
				if c.Catalog == "both" && kb == nil && !builtinHasTables() {
					t.Skip("the built-in knowledge base does not hold the kernel trees' tables yet")
				}
				runCase(t, set, c, kb)
			})
		}
	}
}

// runCase evaluates one case and checks whether its rule fired, and with
// the severity and message the case asks for.
func runCase(t *testing.T, set *Set, c *ruleCase, kb *catalog.KB) {
	t.Helper()
	r := set.Rule(c.Rule)
	if r == nil {
		t.Fatalf("case names unknown rule %q", c.Rule)
	}
	res := evalCase(t, set, c, kb)
	if len(res.Diagnostics) > 0 {
		t.Fatalf("rule expressions failed: %v", res.Diagnostics)
	}
	var got []string
	fired, matched := false, false
	for _, f := range res.Findings {
		sug := "<none>"
		if f.Suggestion != nil {
			sug = fmt.Sprintf("%q", *f.Suggestion)
		}
		got = append(got, fmt.Sprintf("%s %s %s:%d %s (suggestion %s)", f.RuleID, f.Severity, f.File, f.Line, f.Message, sug))
		if f.RuleID == r.ID {
			fired = true
			matched = matched || ((c.Severity == "" || f.Severity.String() == c.Severity) && c.says(f))
		}
	}
	switch {
	case fired != c.Expect:
		t.Errorf("%s fired = %v, want %v; findings:\n  %s", r.ID, fired, c.Expect, strings.Join(got, "\n  "))
	case fired && !matched:
		t.Errorf("%s fired, but not at severity %q with %s; findings:\n  %s", r.ID, c.Severity, c.wants(), strings.Join(got, "\n  "))
	}
}

// says reports whether a finding matches the case's message, line and
// suggestion, where the case gives them.
func (c *ruleCase) says(f Finding) bool {
	if c.Message != "" && !strings.Contains(f.Message, c.Message) {
		return false
	}
	if c.Line != nil && f.Line != *c.Line {
		return false
	}
	if c.Suggestion != nil {
		got := ""
		if f.Suggestion != nil {
			got = *f.Suggestion
		}
		if got != *c.Suggestion {
			return false
		}
	}
	return true
}

func (c *ruleCase) wants() string {
	var w []string
	if c.Message != "" {
		w = append(w, fmt.Sprintf("message containing %q", c.Message))
	}
	if c.Line != nil {
		w = append(w, fmt.Sprintf("line %d", *c.Line))
	}
	if c.Suggestion != nil {
		w = append(w, fmt.Sprintf("suggestion %q", *c.Suggestion))
	}
	return strings.Join(w, ", ")
}

// TestRuleCasesCover fails when a built-in rule lacks a positive and a
// negative case, or, for a rule with a kernel constraint, a boundary case on
// each side of every version edge whose expectations differ (4.11.x not
// firing, 4.12 firing).
func TestRuleCasesCover(t *testing.T) {
	set := builtinSet(t)
	byRule := map[string][]*ruleCase{}
	for _, c := range loadCases(t) {
		kinds := map[string]bool{"positive": true, "negative": true, "boundary": true}
		if !kinds[c.Kind] {
			t.Errorf("case %s: kind %q, want positive, negative or boundary", c.Name, c.Kind)
		}
		if (c.Kind == "positive" && !c.Expect) || (c.Kind == "negative" && c.Expect) {
			t.Errorf("case %s: kind %s contradicts expect = %v", c.Name, c.Kind, c.Expect)
		}
		if !c.Expect && (c.Severity != "" || c.Message != "" || c.Line != nil || c.Suggestion != nil) {
			t.Errorf("case %s: severity, message, line and suggestion describe a finding, but the case expects none", c.Name)
		}
		if r := set.Rule(c.Rule); r != nil {
			byRule[r.ID] = append(byRule[r.ID], c)
		}
	}
	for _, r := range set.Rules {
		cs := byRule[r.ID]
		_, dormant := dormantRules[r.ID]
		switch {
		case dormant && hasKind(cs, "positive"):
			t.Errorf("%s has a positive case now: remove it from dormantRules", r.ID)
		case !dormant && !hasKind(cs, "positive"):
			t.Errorf("%s %s needs a positive case in testdata/cases.hcl", r.ID, r.Name)
		}
		if _, later := saysLater[r.ID]; !later && !dormant && !saysWhat(cs) {
			t.Errorf("%s %s: a positive case should pin what it says (message, line, suggestion)", r.ID, r.Name)
		}
		if !hasKind(cs, "negative") {
			t.Errorf("%s %s needs a negative case in testdata/cases.hcl", r.ID, r.Name)
		}
		for _, cl := range r.constraint {
			if !edgeCovered(cs, cl.v) {
				t.Errorf("%s (kernel %q) needs boundary cases at %s and just below it (previous minor release) with different expectations", r.ID, r.Kernel, cl.v)
			}
		}
	}
}

// dormantRules cannot fire with the built-in data, so they cannot have a
// positive case; each says why. The coverage test fails once one can.
var dormantRules = map[string]string{}

// saysLater are rules being rewritten around the kernel knowledge base
// (issues 9 and 11); their cases pin messages once the rewrite lands.
var saysLater = map[string]bool{"TW101": true, "TW102": true, "TW103": true, "TW104": true, "TW105": true, "TW111": true, "TW202": true, "TW221": true, "TW402": true, "TW502": true}

// saysWhat reports whether a positive case pins the finding's message.
func saysWhat(cs []*ruleCase) bool {
	for _, c := range cs {
		if c.Kind == "positive" && c.Message != "" {
			return true
		}
	}
	return false
}

func hasKind(cs []*ruleCase, kind string) bool {
	for _, c := range cs {
		if c.Kind == kind {
			return true
		}
	}
	return false
}

// edgeCovered reports whether boundary cases sit exactly at edge and in
// the release line just below it, with different expectations.
func edgeCovered(cs []*ruleCase, edge kernel.Version) bool {
	below := kernel.Version{Major: edge.Major, Minor: edge.Minor - 1}
	if edge.Minor == 0 {
		below = kernel.Version{Major: edge.Major - 1}
	}
	var at, under []bool
	for _, c := range cs {
		if c.Kind != "boundary" || c.Kernel == "" {
			continue
		}
		r, err := kernel.ParseRelease(c.Kernel)
		if err != nil {
			continue
		}
		switch v := r.Version; {
		case v.Compare(edge) == 0:
			at = append(at, c.Expect)
		case v.Compare(edge) < 0 && v.Compare(below) >= 0:
			under = append(under, c.Expect)
		}
	}
	for _, a := range at {
		for _, u := range under {
			if a != u {
				return true
			}
		}
	}
	return false
}

// TestBuiltinsWellFormed walks every built-in rule and profile: what Load
// enforces is checked again here so a loosened loader cannot let a sloppy
// built-in through.
func TestBuiltinsWellFormed(t *testing.T) {
	set := builtinSet(t)
	names := map[string]string{}
	for _, r := range set.Rules {
		if !idPattern().MatchString(r.ID) {
			t.Errorf("%s: ID is not TW + three digits", r.ID)
		}
		if !namePattern().MatchString(r.Name) {
			t.Errorf("%s: name %q is not kebab-case", r.ID, r.Name)
		}
		if prev, dup := names[r.Name]; dup {
			t.Errorf("%s: name %q already used by %s", r.ID, r.Name, prev)
		}
		names[r.Name] = r.ID
		if strings.TrimSpace(r.Title) == "" {
			t.Errorf("%s: no title", r.ID)
		}
		if len(strings.TrimSpace(r.Description)) < 40 {
			t.Errorf("%s: a built-in rule needs a description: what it checks, why, and when ignoring it is wrong", r.ID)
		}
		if !strings.HasSuffix(r.Remediation, ".") {
			t.Errorf("%s: remediation does not end with a period: %q", r.ID, r.Remediation)
		}
		if len(r.References) == 0 {
			t.Errorf("%s: no references", r.ID)
		}
		for _, ref := range r.References {
			if strings.TrimSpace(ref) == "" {
				t.Errorf("%s: empty reference", r.ID)
			}
		}
		if len(r.Severities) == 0 {
			t.Errorf("%s: no possible severity", r.ID)
		}
		if !strings.HasPrefix(r.DefRange.Filename, "builtin/") {
			t.Errorf("%s: defined outside builtin/: %s", r.ID, r.DefRange.Filename)
		}
	}
	for _, n := range set.ProfileNames() {
		if set.Profiles[n].Description == "" {
			t.Errorf("profile %s: no description", n)
		}
	}
}
