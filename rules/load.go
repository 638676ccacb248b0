package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/twadvise/twadvise/internal/hcldecode"
	"github.com/zclconf/go-cty/cty"
)

// Rule is one loaded and validated rule. Its expressions (severity, when,
// suggest, message) are evaluated per setting, diagnostic or census over
// the facts its Kind provides.
type Rule struct {
	ID          string
	Name        string
	Title       string
	Description string // what it checks, why, and when ignoring it is wrong
	Since       string // the twadvise version that added it; "" when not recorded
	Kind        Kind
	Key         string // KindSetting: key or key pattern, "*" for every key; KindCensus: the key it is about, or ""
	Diagnostic  string // KindDiagnostic: the parser diagnostic kind
	Kernel      string // version constraint, e.g. ">= 4.12"; "" for any kernel
	Mode        string // "system" or "path": only in that mode of check; "" for both
	// Scope is which assignments a setting rule looks at (the default
	// resolved at load).
	Scope Scope
	// FixKind is what a finding asks of its line (set the suggestion,
	// remove the line, nothing), for advise and generate.
	FixKind FixKind
	// Supersedes names rules whose findings on the same file, line and key
	// this rule's finding replaces (TW101 says more than TW103 about
	// tcp_tw_recycle on 4.12).
	Supersedes  []string
	Severities  []Severity // every severity the rule can give, lowest first
	Remediation string
	References  []string
	DefRange    hcl.Range

	// severity, when, suggest and message are evaluated per finding; fix,
	// when it gives text, is this host's fix, put before Remediation (a
	// census rule names a sysctl only where the live kernel has it).
	severity, when, suggest, message, fix *expr
	// once, when present, names a group: of this rule's findings in one
	// file with the same group only the first line is reported (TW105 once
	// per module, TW231 once per file).
	once       *expr
	constraint constraint

	deps reads // the setting variables the expressions read

	shareOnce  sync.Once // conditionShare
	share      whenShare
	shareFacts []factRef // the facts of the key the condition reads
	shareID    int32     // factsID of shareFacts
}

// Condition is the source of the rule's when expression, on one line; ""
// when the rule fires for every matching setting.
func (r *Rule) Condition() string { return r.when.String() }

// SeveritySource is the source of the rule's severity expression.
func (r *Rule) SeveritySource() string { return r.severity.String() }

// Profile describes a workload and what it needs.
type Profile struct {
	Name             string            `hcl:"name,label"`
	Description      string            `hcl:"description"`
	Closes           string            `hcl:"closes"` // which side closes first: "server", "client" or "both"
	InboundRate      float64           `hcl:"inbound_rate,optional"`
	OutboundRate     float64           `hcl:"outbound_rate,optional"` // new outbound connections per second to one destination
	ClientsBehindNAT bool              `hcl:"clients_behind_nat,optional"`
	ServicePorts     []int             `hcl:"service_ports,optional"`
	MemoryGiB        float64           `hcl:"memory_gib,optional"`
	Containers       bool              `hcl:"containers,optional"` // runs containers in their own network namespaces
	Recommend        []*Recommendation `hcl:"recommend,block"`
	// Relax lists generic rules whose findings this workload's own
	// documentation contradicts; check drops them for this profile.
	Relax    []*Relax  `hcl:"relax,block"`
	DefRange hcl.Range `hcl:",def_range"`
}

// Relax loosens one generic rule for a profile, with the application's
// reason and a public source (DESIGN.md, "Profile").
type Relax struct {
	Rule   string `hcl:"rule" json:"rule"`
	Reason string `hcl:"reason" json:"reason"`
	Source string `hcl:"source" json:"source"`
}

// Recommendation is a recommended value with at-least / at-most / exactly
// semantics: a limit already higher than at_least is never lowered.
type Recommendation struct {
	Key     string  `hcl:"key,label" json:"key"`
	AtLeast *string `hcl:"at_least,optional" json:"at_least,omitempty"`
	AtMost  *string `hcl:"at_most,optional" json:"at_most,omitempty"`
	Exactly *string `hcl:"exactly,optional" json:"exactly,omitempty"`
	Kernel  string  `hcl:"kernel,optional" json:"kernel,omitempty"`
	Reason  string  `hcl:"reason" json:"reason"`
	// Source is the public document or code the value comes from (the
	// application's docs, a kernel file, a benchmark); built-ins must
	// give one.
	Source string   `hcl:"source,optional" json:"source,omitempty"`
	Rules  []string `hcl:"rules,optional" json:"rules"`
	// Yields gives way when profiles compose: another profile's
	// recommendation for the same key wins instead of conflicting
	// (hardened's redirect and rp_filter values yield to a router's).
	Yields bool `hcl:"yields,optional" json:"yields,omitempty"`
	// Profile is the profile that asks for it (set at load; a composed
	// profile keeps each recommendation's own).
	Profile string `json:"profile"`
	// DefRange is where the recommend block is, for diagnostics.
	DefRange hcl.Range `hcl:",def_range" json:"-"`
}

// ruleBlock is a rule block as written in HCL, before validation.
type ruleBlock struct {
	ID          string         `hcl:"id,label"`
	Name        string         `hcl:"name"`
	Title       string         `hcl:"title"`
	Key         string         `hcl:"key,optional"`
	Diagnostic  string         `hcl:"diagnostic,optional"`
	Subject     string         `hcl:"subject,optional"`
	Kernel      hcl.Expression `hcl:"kernel,optional"`
	Mode        string         `hcl:"mode,optional"`
	Scope       string         `hcl:"scope,optional"`
	FixKind     string         `hcl:"fix_kind,optional"`
	Fix         hcl.Expression `hcl:"fix,optional"`
	Once        hcl.Expression `hcl:"once,optional"`
	Supersedes  []string       `hcl:"supersedes,optional"`
	Since       string         `hcl:"since,optional"`
	Severity    hcl.Expression `hcl:"severity"`
	When        hcl.Expression `hcl:"when,optional"`
	Suggest     hcl.Expression `hcl:"suggest,optional"`
	Message     hcl.Expression `hcl:"message"`
	Remediation string         `hcl:"remediation"`
	Description string         `hcl:"description,optional"`
	References  []string       `hcl:"references"`
	DefRange    hcl.Range      `hcl:",def_range"`
}

type fileSchema struct {
	Rules    []*ruleBlock `hcl:"rule,block"`
	Profiles []*Profile   `hcl:"profile,block"`
}

// Set is every rule and profile loaded.
type Set struct {
	Rules    []*Rule
	Profiles map[string]*Profile
	byRef    map[string]*Rule
	files    map[string]*hcl.File // user files, for diagnostic excerpts
}

var (
	idPattern    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^TW[0-9]{3}$`) })
	namePattern  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })
	sincePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`) })
)

// Load returns the built-in rules and profiles (compiled into the binary:
// no parsing) plus every *.hcl file of dirs and extra files, parsed and
// validated now. Every problem of every file is reported, not only the
// first; any non-nil error is an hcl.Diagnostics with file:line:col subjects.
func Load(dirs []string, files []string) (*Set, hcl.Diagnostics) {
	return load(func(*Rule) bool { return true }, dirs, files)
}

// LoadCensus loads what `twadvise sockets` evaluates: the built-in rules of
// builtin/census.hcl and the user's rule files.
func LoadCensus(dirs []string) (*Set, hcl.Diagnostics) {
	return load(func(r *Rule) bool { return r.DefRange.Filename == "builtin/census.hcl" }, dirs, nil)
}

func load(builtin func(*Rule) bool, dirs []string, files []string) (*Set, hcl.Diagnostics) {
	s := newSet()
	s.addBuiltins(builtin)
	var diags hcl.Diagnostics
	for _, dir := range dirs {
		matches, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
		if err == nil && len(matches) == 0 {
			if _, serr := os.Stat(dir); serr != nil {
				err = serr
			}
		}
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read rules directory", Detail: fmt.Sprintf("%s: %v", dir, err)})
			continue
		}
		sort.Strings(matches)
		files = append(files, matches...)
	}
	var srcs []source
	for _, f := range files {
		data, err := readLimited(f)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read rule or profile file", Detail: fmt.Sprintf("%s: %v", f, err)})
			continue
		}
		srcs = append(srcs, source{name: f, data: data})
	}
	diags = append(diags, s.addSources(srcs)...)
	return s, diags
}

func newSet() *Set {
	return &Set{Profiles: map[string]*Profile{}, byRef: map[string]*Rule{}, files: map[string]*hcl.File{}}
}

// addSources parses, validates and registers rule and profile files, then
// checks what needs every rule (supersedes).
func (s *Set) addSources(srcs []source) hcl.Diagnostics {
	// Parsing and decoding are pure, so files are read in parallel; they
	// are registered in order, so IDs and diagnostics do not depend on timing.
	var wg sync.WaitGroup
	for i := range srcs {
		wg.Add(1)
		go func(src *source) {
			defer wg.Done()
			src.decode()
		}(&srcs[i])
	}
	wg.Wait()
	var diags hcl.Diagnostics
	var added []*Rule
	for i := range srcs {
		d, rs := s.register(&srcs[i])
		diags = append(diags, d...)
		added = append(added, rs...)
	}
	for _, r := range added {
		diags = append(diags, s.checkSupersedes(r)...)
	}
	diags = append(diags, s.checkRelax()...)
	sort.SliceStable(s.Rules, func(i, j int) bool { return s.Rules[i].ID < s.Rules[j].ID })
	return diags
}

// source is one rule or profile file on its way in.
type source struct {
	name   string
	data   []byte
	file   *hcl.File
	schema fileSchema
	diags  hcl.Diagnostics
}

func (src *source) decode() {
	src.file, src.diags = hclsyntax.ParseConfig(src.data, src.name, hcl.InitialPos)
	if src.diags.HasErrors() {
		return
	}
	src.diags = append(src.diags, hcldecode.DecodeBody(src.file.Body, &src.schema)...)
}

func (s *Set) register(src *source) (hcl.Diagnostics, []*Rule) {
	if src.file != nil {
		s.files[src.name] = src.file
	}
	diags := src.diags
	if diags.HasErrors() {
		return diags, nil
	}
	var added []*Rule
	for _, b := range src.schema.Rules {
		r, d := compileRule(b, src.data)
		diags = append(diags, d...)
		if !d.HasErrors() {
			diags = append(diags, s.addRule(r)...)
			added = append(added, r)
		}
	}
	for _, p := range src.schema.Profiles {
		diags = append(diags, s.addProfile(p)...)
	}
	return diags, added
}

func readLimited(name string) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if fi.Size() > 4<<20 {
		return nil, fmt.Errorf("file too large (%d bytes, limit 4 MiB)", fi.Size())
	}
	return os.ReadFile(name)
}

// addRule registers a valid rule, refusing a duplicate ID or name.
func (s *Set) addRule(r *Rule) hcl.Diagnostics {
	for _, ref := range []string{r.ID, r.Name} {
		if prev := s.byRef[ref]; prev != nil {
			return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Duplicate rule " + map[bool]string{true: "ID", false: "name"}[ref == r.ID],
				Detail: fmt.Sprintf("%s is already used by %s at %s:%d.", ref, prev.ID, prev.DefRange.Filename, prev.DefRange.Start.Line), Subject: r.DefRange.Ptr()}}
		}
	}
	s.Rules = append(s.Rules, r)
	s.byRef[r.ID] = r
	s.byRef[r.Name] = r
	return nil
}

// checkSupersedes resolves r.Supersedes to rule IDs once every rule is loaded.
func (s *Set) checkSupersedes(r *Rule) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for i, ref := range r.Supersedes {
		other := s.byRef[ref]
		switch {
		case other == nil:
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown rule in supersedes", Detail: fmt.Sprintf("%s supersedes %q, which is no loaded rule.", r.ID, ref), Subject: r.DefRange.Ptr()})
		case other == r:
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Rule supersedes itself", Detail: r.ID + ": supersedes names other rules.", Subject: r.DefRange.Ptr()})
		default:
			r.Supersedes[i] = other.ID
		}
	}
	return diags
}

// compileRule validates a rule block and turns it into a Rule, reporting
// every problem it has at its position, not just the first.
func compileRule(b *ruleBlock, src []byte) (*Rule, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	bad := func(summary, detail string) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: b.DefRange.Ptr()})
	}
	r := &Rule{
		ID: b.ID, Name: b.Name, Title: b.Title, Description: b.Description, Since: b.Since,
		Key: b.Key, Diagnostic: b.Diagnostic, Mode: b.Mode, Supersedes: b.Supersedes,
		Remediation: b.Remediation, References: b.References, DefRange: b.DefRange,
		severity: parsedExpr(b.Severity, src), when: parsedExpr(b.When, src),
		suggest: parsedExpr(b.Suggest, src), message: parsedExpr(b.Message, src), fix: parsedExpr(b.Fix, src),
		once: parsedExpr(b.Once, src),
	}
	if !idPattern().MatchString(b.ID) {
		bad("Invalid rule ID", fmt.Sprintf("%q: a rule ID is TW followed by three digits, e.g. TW101.", b.ID))
	}
	if !namePattern().MatchString(b.Name) {
		bad("Invalid rule name", fmt.Sprintf("%q: a rule name is kebab-case, e.g. tcp-tw-recycle-removed.", b.Name))
	}
	switch {
	case b.Subject == "census":
		r.Kind = KindCensus
		if b.Diagnostic != "" || isPattern(b.Key) {
			bad("Invalid census rule", fmt.Sprintf("%s: a census rule names at most one plain key (the sysctl its finding is about) and no diagnostic.", b.ID))
		}
	case b.Subject != "":
		bad("Invalid subject", fmt.Sprintf("%s: subject is \"census\" (evaluated once over the live socket census).", b.ID))
	case (b.Key == "") == (b.Diagnostic == ""):
		bad("Rule needs a key or a diagnostic", fmt.Sprintf("%s: set exactly one of key and diagnostic.", b.ID))
	case b.Diagnostic != "":
		r.Kind = KindDiagnostic
	}
	switch b.Scope {
	case "":
		if readsMerge(b) {
			r.Scope = ScopeEffective
		}
	case "effective":
		r.Scope = ScopeEffective
	case "every":
		r.Scope = ScopeEvery
		if r.Kind != KindSetting {
			bad("Invalid scope", fmt.Sprintf("%s: scope applies to key rules only.", b.ID))
		}
	default:
		bad("Invalid scope", fmt.Sprintf("%s: scope is \"effective\" or \"every\".", b.ID))
	}
	if b.Mode != "" && b.Mode != "system" && b.Mode != "path" {
		bad("Invalid mode", fmt.Sprintf("%s: mode is \"system\" or \"path\".", b.ID))
	}
	if b.Since != "" && !sincePattern().MatchString(b.Since) {
		bad("Invalid since", fmt.Sprintf("%s: since is the twadvise version that added the rule, e.g. \"0.2.0\".", b.ID))
	}
	if len(b.References) == 0 {
		bad("Rule without references", fmt.Sprintf("%s: every rule names its source (kernel commit or doc, man page, RFC).", b.ID))
	}
	diags = append(diags, r.compileFix(b)...)
	diags = append(diags, r.compileKernel(b.Kernel)...)
	diags = append(diags, r.compileExprs(b)...)
	r.deps = readsOf(b.Severity, b.When, b.Suggest, b.Message, b.Fix, b.Once)
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		return a.Start.Line < b.Start.Line || a.Start.Line == b.Start.Line && a.Start.Column < b.Start.Column
	})
	return r, diags
}

// readsMerge reports whether any of b's expressions reads what only the
// merged result has: the live value or the overridden assignments.
func readsMerge(b *ruleBlock) bool {
	for _, e := range []hcl.Expression{b.Severity, b.When, b.Suggest, b.Message, b.Fix, b.Once} {
		if isNullExpr(e) {
			continue
		}
		for _, v := range e.Variables() {
			if n := v.RootName(); n == "live" || n == "shadowed" {
				return true
			}
		}
	}
	return false
}

func (r *Rule) compileFix(b *ruleBlock) hcl.Diagnostics {
	if b.FixKind == "" {
		if r.suggest.present() {
			r.FixKind = FixSet
		}
		return nil
	}
	fix, err := parseFixKind(b.FixKind)
	if err == nil && fix == FixSet && !r.suggest.present() {
		err = fmt.Errorf("fix_kind = \"set\" needs a suggest expression giving the value")
	}
	if err != nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid fix_kind", Detail: fmt.Sprintf("%s: %v.", b.ID, err), Subject: b.DefRange.Ptr()}}
	}
	r.FixKind = fix
	return nil
}

// compileKernel reads the kernel constraint, reporting a bad one at its own
// position.
func (r *Rule) compileKernel(e hcl.Expression) hcl.Diagnostics {
	s, c, diags := constraintAttr(e, r.ID)
	r.Kernel, r.constraint = s, c
	return diags
}

// constraintAttr evaluates a kernel = "..." attribute (nil context) and
// parses it; subject of any error is the attribute's expression.
func constraintAttr(e hcl.Expression, who string) (string, constraint, hcl.Diagnostics) {
	if isNullExpr(e) {
		return "", nil, nil
	}
	bad := func(detail string) hcl.Diagnostics {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid kernel constraint", Detail: who + ": " + detail, Subject: e.Range().Ptr()}}
	}
	v, d := e.Value(nil)
	if d.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
		return "", nil, bad("kernel is a string literal such as \">= 4.12\".")
	}
	c, err := parseConstraint(v.AsString())
	if err != nil {
		return "", nil, bad(err.Error() + ".")
	}
	return v.AsString(), c, nil
}

// compileExprs checks every expression's variables and functions against
// what the rule's kind provides, and reads the possible severities.
func (r *Rule) compileExprs(b *ruleBlock) hcl.Diagnostics {
	var diags hcl.Diagnostics
	funcs := functionNames()
	for _, e := range []hcl.Expression{b.Severity, b.When, b.Suggest, b.Message, b.Fix} {
		if !isNullExpr(e) {
			diags = append(diags, checkNames(r, e, funcs)...)
		}
	}
	sevs, ok := severityChoices(b.Severity)
	if !ok {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid severity",
			Detail: r.ID + `: severity is "error", "warning" or "info", or conditionals choosing among them (optional ? "info" : "warning").`, Subject: b.Severity.Range().Ptr()})
	}
	r.Severities = sevs
	return diags
}

func (s *Set) addProfile(p *Profile) hcl.Diagnostics {
	bad := func(summary, detail string, subject hcl.Range) hcl.Diagnostics {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: subject.Ptr()}}
	}
	var diags hcl.Diagnostics
	if prev := s.Profiles[p.Name]; prev != nil {
		diags = append(diags, bad("Duplicate profile", fmt.Sprintf("profile %q is already defined at %s:%d.", p.Name, prev.DefRange.Filename, prev.DefRange.Start.Line), p.DefRange)...)
	}
	switch p.Closes {
	case "server", "client", "both":
	default:
		diags = append(diags, bad("Invalid closes", fmt.Sprintf("profile %q: closes is \"server\", \"client\" or \"both\" (which side closes connections first, and so holds TIME_WAIT).", p.Name), p.DefRange)...)
	}
	// Every problem of the profile is reported, not the first.
	diags = append(diags, validateProfile(p)...)
	if !diags.HasErrors() {
		s.Profiles[p.Name] = p
	}
	return diags
}

// Rule finds a rule by ID ("TW101") or name ("tcp-tw-recycle-removed").
func (s *Set) Rule(ref string) *Rule { return s.byRef[strings.TrimSpace(ref)] }

// RuleRefs lists every way a rule can be named: IDs and names.
func (s *Set) RuleRefs() []string {
	refs := make([]string, 0, len(s.byRef))
	for ref := range s.byRef {
		refs = append(refs, ref)
	}
	sort.Strings(refs)
	return refs
}

// ProfileNames lists the profiles, sorted.
func (s *Set) ProfileNames() []string {
	var names []string
	for n := range s.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func isPattern(key string) bool { return key == "*" || strings.ContainsAny(key, "*?[") }

// IsProfileFile tells a profile file (--profile FILE.hcl, or any path with a
// slash) from the name of a loaded profile.
func IsProfileFile(ref string) bool {
	return strings.HasSuffix(ref, ".hcl") || strings.ContainsRune(ref, '/')
}

// SelectProfile resolves a --profile value: a loaded profile's name, or a
// file (loaded with Load's files) that defines exactly one profile.
func (s *Set) SelectProfile(ref string) (*Profile, error) {
	if IsProfileFile(ref) {
		var found *Profile
		for _, p := range s.Profiles {
			if p.DefRange.Filename == ref {
				if found != nil {
					return nil, fmt.Errorf("--profile %s: holds several profiles; a profile file holds one", ref)
				}
				found = p
			}
		}
		if found == nil {
			return nil, fmt.Errorf("--profile %s: the file defines no profile block", ref)
		}
		return found, nil
	}
	if p := s.Profiles[ref]; p != nil {
		return p, nil
	}
	hint := ""
	if near := closest(ref, s.ProfileNames()); near != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", near)
	}
	return nil, fmt.Errorf("unknown profile %q%s: want one of %s, or a FILE.hcl", ref, hint, strings.Join(s.ProfileNames(), ", "))
}
