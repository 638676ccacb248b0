package rules

import (
	"embed"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

//go:embed builtin/*.hcl
var builtinFS embed.FS

// Rule is one rule block as written in HCL. Severity, When, Suggest and
// Message are expressions evaluated per setting over the facts.
type Rule struct {
	ID          string         `hcl:"id,label"`
	Name        string         `hcl:"name"`
	Title       string         `hcl:"title"`
	Key         string         `hcl:"key,optional"`        // key or key pattern; "*" for every key
	Diagnostic  string         `hcl:"diagnostic,optional"` // instead of key: a parser diagnostic kind
	Subject     string         `hcl:"subject,optional"`    // "census": evaluated once over the live socket census
	Kernel      string         `hcl:"kernel,optional"`     // version constraint, e.g. ">= 4.12"
	Mode        string         `hcl:"mode,optional"`       // "system" or "path": only in that mode
	Scope       string         `hcl:"scope,optional"`      // "effective" (default): winners only; "every": every assignment
	Severity    hcl.Expression `hcl:"severity"`
	When        hcl.Expression `hcl:"when,optional"`
	Suggest     hcl.Expression `hcl:"suggest,optional"`
	Message     hcl.Expression `hcl:"message"`
	Remediation string         `hcl:"remediation"`
	// Fix is the fix for this host, an expression over the facts (a census
	// rule names the sysctl only where the live kernel has it); when it
	// gives text, that text comes before Remediation.
	Fix         hcl.Expression `hcl:"fix,optional"`
	Description string         `hcl:"description,optional"`
	References  []string       `hcl:"references"`
	DefRange    hcl.Range      `hcl:",def_range"`

	constraint   constraint
	needsEarlier bool // an expression reads "earlier" (see usesEarlier)
	readsMerge   bool // an expression reads "live" or "shadowed": judge the winners only
}

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
}

type fileSchema struct {
	Rules    []*Rule    `hcl:"rule,block"`
	Profiles []*Profile `hcl:"profile,block"`
}

// Set is every rule and profile loaded, with the parser that read them so
// diagnostics can quote their source.
type Set struct {
	Rules    []*Rule
	Profiles map[string]*Profile
	Parser   *hclparse.Parser
	byRef    map[string]*Rule
}

var (
	idPattern   = regexp.MustCompile(`^TW[0-9]{3}$`)
	namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Load reads the built-in rules and profiles, then every *.hcl file of
// dirs and extra files. Any non-nil error is an hcl.Diagnostics with
// file:line:col subjects.
func Load(dirs []string, files []string) (*Set, hcl.Diagnostics) {
	return load(func(string) bool { return true }, dirs, files)
}

// LoadCensus loads what `twadvise sockets` evaluates: the built-in census
// rules (builtin/census.hcl) and the user's rule files, without parsing the
// other built-ins, which would cost the census more than it takes itself.
func LoadCensus(dirs []string) (*Set, hcl.Diagnostics) {
	return load(func(name string) bool { return name == "census.hcl" }, dirs, nil)
}

func load(builtin func(name string) bool, dirs []string, files []string) (*Set, hcl.Diagnostics) {
	s := &Set{Profiles: map[string]*Profile{}, Parser: hclparse.NewParser(), byRef: map[string]*Rule{}}
	var diags hcl.Diagnostics
	entries, err := builtinFS.ReadDir("builtin")
	if err != nil {
		panic("UNEXPECTED: failed to load built-in rules: " + err.Error())
	}
	var srcs []source
	for _, e := range entries {
		if !builtin(e.Name()) {
			continue
		}
		data, _ := builtinFS.ReadFile(path.Join("builtin", e.Name()))
		srcs = append(srcs, source{name: "builtin/" + e.Name(), data: data})
	}
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
	for _, f := range files {
		data, err := readLimited(f)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read rule or profile file", Detail: fmt.Sprintf("%s: %v", f, err)})
			continue
		}
		srcs = append(srcs, source{name: f, data: data})
	}
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
	for i := range srcs {
		diags = append(diags, s.register(&srcs[i])...)
	}
	diags = append(diags, s.checkRelax()...)
	sort.SliceStable(s.Rules, func(i, j int) bool { return s.Rules[i].ID < s.Rules[j].ID })
	return s, diags
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
	src.diags = append(src.diags, gohcl.DecodeBody(src.file.Body, nil, &src.schema)...)
}

func (s *Set) register(src *source) hcl.Diagnostics {
	if src.file != nil {
		s.Parser.AddFile(src.name, src.file)
	}
	diags := src.diags
	if diags.HasErrors() {
		return diags
	}
	for _, r := range src.schema.Rules {
		diags = append(diags, s.addRule(r)...)
	}
	for _, p := range src.schema.Profiles {
		diags = append(diags, s.addProfile(p)...)
	}
	return diags
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

func (s *Set) addRule(r *Rule) hcl.Diagnostics {
	bad := func(summary, detail string) hcl.Diagnostics {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: r.DefRange.Ptr()}}
	}
	switch {
	case !idPattern.MatchString(r.ID):
		return bad("Invalid rule ID", fmt.Sprintf("%q: a rule ID is TW followed by three digits, e.g. TW101.", r.ID))
	case !namePattern.MatchString(r.Name):
		return bad("Invalid rule name", fmt.Sprintf("%q: a rule name is kebab-case, e.g. tcp-tw-recycle-removed.", r.Name))
	case s.byRef[r.ID] != nil:
		return bad("Duplicate rule ID", fmt.Sprintf("%s is already defined at %s.", r.ID, s.byRef[r.ID].DefRange))
	case s.byRef[r.Name] != nil:
		return bad("Duplicate rule name", fmt.Sprintf("%s is already used by %s.", r.Name, s.byRef[r.Name].ID))
	case r.Subject != "" && r.Subject != "census":
		return bad("Invalid subject", fmt.Sprintf("%s: subject is \"census\" (evaluated once over the live socket census).", r.ID))
	case r.Subject == "" && (r.Key == "") == (r.Diagnostic == ""):
		return bad("Rule needs a key or a diagnostic", fmt.Sprintf("%s: set exactly one of key and diagnostic.", r.ID))
	case r.Subject != "" && (r.Diagnostic != "" || isPattern(r.Key)):
		return bad("Invalid census rule", fmt.Sprintf("%s: a census rule names at most one plain key (the sysctl its finding is about) and no diagnostic.", r.ID))
	case r.Scope != "" && r.Scope != "effective" && r.Scope != "every":
		return bad("Invalid scope", fmt.Sprintf("%s: scope is \"effective\" or \"every\".", r.ID))
	case r.Mode != "" && r.Mode != "system" && r.Mode != "path":
		return bad("Invalid mode", fmt.Sprintf("%s: mode is \"system\" or \"path\".", r.ID))
	case len(r.References) == 0:
		return bad("Rule without references", fmt.Sprintf("%s: every rule names its source (kernel commit or doc, man page, RFC).", r.ID))
	}
	if r.Kernel != "" {
		c, err := parseConstraint(r.Kernel)
		if err != nil {
			return bad("Invalid kernel constraint", err.Error())
		}
		r.constraint = c
	}
	if v, d := r.Severity.Value(nil); !d.HasErrors() && v.IsKnown() && !v.IsNull() {
		if _, err := ParseSeverity(v.AsString(), false); err != nil {
			return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid severity", Detail: err.Error(), Subject: r.Severity.Range().Ptr()}}
		}
	}
	r.needsEarlier = r.usesEarlier()
	r.readsMerge = r.readsMergeVars()
	s.Rules = append(s.Rules, r)
	s.byRef[r.ID] = r
	s.byRef[r.Name] = r
	return nil
}

func (s *Set) addProfile(p *Profile) hcl.Diagnostics {
	if s.Profiles[p.Name] != nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Duplicate profile", Detail: fmt.Sprintf("profile %q is already defined at %s.", p.Name, s.Profiles[p.Name].DefRange), Subject: p.DefRange.Ptr()}}
	}
	switch p.Closes {
	case "server", "client", "both":
	default:
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid closes", Detail: fmt.Sprintf("profile %q: closes is \"server\", \"client\" or \"both\" (which side closes connections first, and so holds TIME_WAIT).", p.Name), Subject: p.DefRange.Ptr()}}
	}
	if diags := validateProfile(p); diags.HasErrors() {
		return diags
	}
	s.Profiles[p.Name] = p
	return nil
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
