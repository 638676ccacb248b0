package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/twadvise/twadvise/kernel"
)

// validateProfile checks one profile block as it loads: names that can be
// composed, bounds that make sense, a reason (and for built-ins a source)
// for every recommendation, and relax blocks with both. User profiles are
// also checked against the kernel knowledge base (validateKeys); built-ins
// are held to it by a test.
func validateProfile(p *Profile) hcl.Diagnostics {
	var diags hcl.Diagnostics
	bad := func(summary, detail string) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: p.DefRange.Ptr()})
	}
	if strings.ContainsAny(p.Name, ", ") || p.Name == "" {
		bad("Invalid profile name", fmt.Sprintf("%q: a profile name has no commas or blanks (--profile a,b composes profiles).", p.Name))
	}
	builtin := strings.HasPrefix(p.DefRange.Filename, "builtin/")
	for _, r := range p.Recommend {
		r.Profile = p.Name
		who := fmt.Sprintf("profile %q, recommend %q", p.Name, r.Key)
		// Problems of one recommendation point at its block.
		badRec := func(summary, detail string) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: r.DefRange.Ptr()})
		}
		switch {
		case r.Exactly == nil && r.AtLeast == nil && r.AtMost == nil:
			badRec("Empty recommendation", who+": give at_least, at_most or exactly.")
		case r.Exactly != nil && (r.AtLeast != nil || r.AtMost != nil):
			badRec("Conflicting recommendation", who+": exactly cannot be combined with at_least or at_most.")
		case r.AtLeast != nil && r.AtMost != nil && !boundsMeet(*r.AtLeast, *r.AtMost):
			badRec("Conflicting recommendation", who+": at_least is above at_most.")
		}
		if strings.TrimSpace(r.Reason) == "" {
			badRec("Recommendation without a reason", who+": say why the workload needs it.")
		}
		if builtin && strings.TrimSpace(r.Source) == "" {
			badRec("Recommendation without a source", who+": a built-in names the public document or code it comes from.")
		}
		if r.Kernel != "" {
			if _, err := parseConstraint(r.Kernel); err != nil {
				badRec("Invalid kernel constraint", who+": "+err.Error())
			}
		}
		if !builtin {
			diags = append(diags, validateKeys(p, r)...)
		}
	}
	for _, x := range p.Relax {
		if strings.TrimSpace(x.Reason) == "" || strings.TrimSpace(x.Source) == "" {
			bad("Relax without a reason or source", fmt.Sprintf("profile %q, relax %q: say why the application asks for it and cite its documentation.", p.Name, x.Rule))
		}
	}
	return diags
}

// checkRelax resolves every relax block's rule once all rules are loaded.
func (s *Set) checkRelax() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, n := range s.ProfileNames() {
		p := s.Profiles[n]
		for _, x := range p.Relax {
			r := s.Rule(x.Rule)
			if r == nil && builtinRuleRef(x.Rule) {
				continue // a built-in left out of a partial load (LoadCensus)
			}
			if r == nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown rule in relax",
					Detail: fmt.Sprintf("profile %q relaxes %q, which is no loaded rule.", p.Name, x.Rule), Subject: p.DefRange.Ptr()})
				continue
			}
			if x.Rule != r.ID { // compiled built-ins are resolved already, and shared
				x.Rule = r.ID
			}
		}
	}
	return diags
}

// boundsMeet reports whether a value can be at least lo and at most hi.
func boundsMeet(lo, hi string) bool {
	return cmpAll(hi, lo, func(h, l int64) bool { return h >= l })
}

// cmpAll reports whether every number of a satisfies ok against the number
// at the same position of b. Values that are not all numbers, or differ in
// length, never do.
func cmpAll(a, b string, ok func(x, y int64) bool) bool {
	x, y := ints(a), ints(b)
	if len(x) == 0 || len(x) != len(y) {
		return false
	}
	for i := range x {
		if !ok(x[i], y[i]) {
			return false
		}
	}
	return true
}

func ints(s string) []int64 {
	var out []int64
	for _, tok := range strings.Fields(s) {
		n, ok := kernel.ParseInt(tok)
		if !ok {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// Satisfies reports whether value v meets the recommendation's bound.
func (r *Recommendation) Satisfies(v string) bool {
	if v == "" {
		return false
	}
	if r.Exactly != nil && !kernel.SameValue(v, *r.Exactly) {
		return false
	}
	if r.AtLeast != nil && !cmpAll(v, *r.AtLeast, func(c, w int64) bool { return c >= w }) {
		return false
	}
	if r.AtMost != nil && !cmpAll(v, *r.AtMost, func(c, w int64) bool { return c <= w }) {
		return false
	}
	return true
}

// Bound writes the recommendation's semantics: ">= 4096", "<= 600", "= 1",
// ">= 1, <= 5".
func (r *Recommendation) Bound() string {
	var parts []string
	if r.Exactly != nil {
		parts = append(parts, "= "+*r.Exactly)
	}
	if r.AtLeast != nil {
		parts = append(parts, ">= "+*r.AtLeast)
	}
	if r.AtMost != nil {
		parts = append(parts, "<= "+*r.AtMost)
	}
	return strings.Join(parts, ", ")
}

// SelectProfiles resolves a --profile value: one profile, a comma list of
// profiles that compose (DESIGN.md, "Profile"), or a FILE.hcl. A typo gets
// the closest names.
func (s *Set) SelectProfiles(spec string) (*Profile, error) {
	var ps []*Profile
	for _, ref := range strings.Split(spec, ",") {
		ref = strings.TrimSpace(ref)
		if ref == "" {
			continue
		}
		p, err := s.SelectProfile(ref)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("--profile: no profile named")
	}
	return Compose(ps...)
}

// ComposeError is two profiles asking for values no one value meets.
type ComposeError struct {
	Key      string
	A, B     *Recommendation
	Profiles [2]string
}

func (e *ComposeError) Error() string {
	return fmt.Sprintf("profiles %s and %s conflict on %s: %s wants %s (%s), %s wants %s (%s)",
		e.Profiles[0], e.Profiles[1], e.Key, e.Profiles[0], e.A.Bound(), e.A.Reason, e.Profiles[1], e.B.Bound(), e.B.Reason)
}

// Compose merges profiles into one: the union of service ports, NAT if any
// has it, "both" when closing sides differ, the highest rates, and the
// strictest bound of each recommendation. A recommendation that yields
// gives way to another profile's for the same key; two that no single
// value meets are a *ComposeError naming both profiles. One profile is
// returned as it is.
func Compose(ps ...*Profile) (*Profile, error) {
	if len(ps) == 1 {
		return ps[0], nil
	}
	out := &Profile{Closes: ps[0].Closes, DefRange: ps[0].DefRange}
	var names, descs []string
	ports := map[int]bool{}
	for _, p := range ps {
		names, descs = append(names, p.Name), append(descs, p.Name+": "+p.Description)
		if p.Closes != out.Closes {
			out.Closes = "both"
		}
		out.InboundRate = max(out.InboundRate, p.InboundRate)
		out.OutboundRate = max(out.OutboundRate, p.OutboundRate)
		out.MemoryGiB = max(out.MemoryGiB, p.MemoryGiB)
		out.ClientsBehindNAT = out.ClientsBehindNAT || p.ClientsBehindNAT
		out.Containers = out.Containers || p.Containers
		for _, port := range p.ServicePorts {
			ports[port] = true
		}
		out.Relax = append(out.Relax, p.Relax...)
	}
	out.Name, out.Description = strings.Join(names, ","), strings.Join(descs, "; ")
	for port := range ports {
		out.ServicePorts = append(out.ServicePorts, port)
	}
	sort.Ints(out.ServicePorts)
	recs, err := mergeRecommendations(ps)
	out.Recommend = recs
	return out, err
}

// mergeRecommendations keeps, per key and kernel constraint, the strictest
// bound of all profiles.
func mergeRecommendations(ps []*Profile) ([]*Recommendation, error) {
	type slot struct{ key, kernel string }
	strong := map[string]bool{} // keys some profile recommends without yielding
	for _, p := range ps {
		for _, r := range p.Recommend {
			if !r.Yields {
				strong[kernel.CanonicalKey(r.Key)] = true
			}
		}
	}
	var order []slot
	merged := map[slot]*Recommendation{}
	for _, p := range ps {
		for _, r := range p.Recommend {
			key := kernel.CanonicalKey(r.Key)
			if r.Yields && strong[key] {
				continue
			}
			sl := slot{key, r.Kernel}
			prev, ok := merged[sl]
			if !ok {
				cp := *r
				merged[sl] = &cp
				order = append(order, sl)
				continue
			}
			m, err := stricter(prev, r)
			if err != nil {
				return nil, err
			}
			merged[sl] = m
		}
	}
	out := make([]*Recommendation, 0, len(order))
	for _, sl := range order {
		out = append(out, merged[sl])
	}
	return out, nil
}

// stricter merges two recommendations for one key: exactly wins when it
// meets the other's bound; otherwise the higher at_least and lower at_most.
func stricter(a, b *Recommendation) (*Recommendation, error) {
	conflict := &ComposeError{Key: a.Key, A: a, B: b, Profiles: [2]string{a.Profile, b.Profile}}
	switch {
	case a.Exactly != nil && b.Exactly != nil:
		if !kernel.SameValue(*a.Exactly, *b.Exactly) {
			return nil, conflict
		}
		return joined(a, b, a), nil
	case a.Exactly != nil:
		if !b.Satisfies(*a.Exactly) {
			return nil, conflict
		}
		return joined(a, b, a), nil
	case b.Exactly != nil:
		if !a.Satisfies(*b.Exactly) {
			return nil, conflict
		}
		return joined(a, b, b), nil
	}
	m := joined(a, b, a)
	m.AtLeast = pick(a.AtLeast, b.AtLeast, func(x, y int64) bool { return x >= y })
	m.AtMost = pick(a.AtMost, b.AtMost, func(x, y int64) bool { return x <= y })
	if m.AtLeast != nil && m.AtMost != nil && !boundsMeet(*m.AtLeast, *m.AtMost) {
		return nil, conflict
	}
	return m, nil
}

// pick returns the stricter of two optional bounds: the one that, at every
// position, is ok against the other.
func pick(a, b *string, ok func(x, y int64) bool) *string {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case cmpAll(*a, *b, ok):
		return a
	}
	return b
}

// joined is base with both recommendations' reasons, sources, rules and
// profiles, so output says who asked for what.
func joined(a, b, base *Recommendation) *Recommendation {
	m := *base
	m.Reason = joinUnique(a.Reason, b.Reason, "; ")
	m.Source = joinUnique(a.Source, b.Source, " ")
	m.Profile = joinUnique(a.Profile, b.Profile, ",")
	m.Rules = slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(a.Rules), b.Rules...))))
	return &m
}

func joinUnique(a, b, sep string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "" || slices.Contains(strings.Split(a, sep), b):
		return a
	}
	return a + sep + b
}

// closest is the candidate nearest to got within a third of its length
// (at least 1, at most 3 edits), "" when none is that close.
func closest(got string, candidates []string) string {
	if best := kernel.Closest(got, candidates, 1); len(best) > 0 {
		return best[0]
	}
	return ""
}

// builtinRuleRef reports whether ref names a built-in rule (ID or name),
// loaded or not.
func builtinRuleRef(ref string) bool {
	rs, _ := builtins()
	ref = strings.TrimSpace(ref)
	for _, r := range rs {
		if r.ID == ref || r.Name == ref {
			return true
		}
	}
	return false
}
