package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/twadvise/twadvise/kernel"
)

// Result is the outcome of evaluating a rule set.
type Result struct {
	Findings []Finding
	// Skipped lists kernel-dependent rules not evaluated because the kernel
	// is unknown, so the output can say so.
	Skipped []string
	// Diagnostics are errors in rule expressions (exit 2).
	Diagnostics hcl.Diagnostics
}

// Evaluate runs every rule of the set over the facts. Its cost is linear
// in the number of assignments: each setting's variables are built once
// and shared by every rule that looks at it, and rules with a plain key are
// found by a map lookup, not by matching every key against every rule.
func (s *Set) Evaluate(f *Facts) *Result {
	res := &Result{Findings: f.Shared.spareFindings()}
	f = withProfileDiagnostics(f)
	if f.Live != nil {
		// Every rule that looks at a key reads its live value: read each
		// /proc/sys file once per evaluation, not once per rule.
		fc := *f
		fc.Live = memoLive(f.Live)
		f = &fc
	}
	ev := newEvaluator(f, res)
	var every, assignment, effective, diag, ignore, census, shared []*Rule
	for _, r := range s.Rules {
		if r.Mode != "" && r.Mode != f.Mode {
			continue
		}
		if r.constraint != nil {
			if f.Kernel == nil {
				res.Skipped = append(res.Skipped, r.ID)
				continue
			}
			if !r.constraint.holds(f.Kernel.Version) {
				continue
			}
		}
		if f.Shared != nil && r.targetFree() {
			if fs, ok := f.Shared.get(r); ok {
				res.Findings = append(res.Findings, fs...)
				continue
			}
			shared = append(shared, r)
		}
		switch {
		case r.Kind == KindDiagnostic && r.Diagnostic == IgnoreDiagnostic:
			ignore = append(ignore, r)
		case r.Kind == KindDiagnostic:
			diag = append(diag, r)
		case r.Kind == KindCensus:
			census = append(census, r)
		case r.Scope == ScopeEvery:
			every = append(every, r)
		case r.Scope == ScopeAssignment:
			assignment = append(assignment, r)
		default:
			effective = append(effective, r)
		}
	}
	if f.Effective != nil {
		ev.assignments(newRuleIndex(every), newRuleIndex(assignment))
		ev.effectiveEntries(newRuleIndex(effective))
	}
	var diags []kernel.Diagnostic
	if f.Effective != nil {
		diags = append(diags, f.Effective.Diagnostics...)
	}
	ev.diagnostics(diag, append(diags, f.Diagnostics...))
	for _, r := range census {
		ev.census(r)
	}
	if f.Shared != nil {
		f.Shared.keep(shared, res.Findings)
	}
	res.Findings = firstOfGroups(res.Findings)
	s.supersede(res)
	ev.diagnostics(ignore, s.applyIgnores(f, res))
	res.Findings = relaxed(f.Profile, res.Findings)
	SortFindings(res.Findings)
	return res
}

// ruleIndex finds the setting rules that look at a key.
type ruleIndex struct {
	all      []*Rule            // key = "*"
	exact    map[string][]*Rule // by /proc/sys path
	patterns []*Rule            // shell patterns
	paths    []string           // KeyPath of each pattern
}

func newRuleIndex(rs []*Rule) *ruleIndex {
	ix := &ruleIndex{exact: map[string][]*Rule{}}
	for _, r := range rs {
		switch {
		case r.Key == "*":
			ix.all = append(ix.all, r)
		case isPattern(r.Key):
			ix.patterns = append(ix.patterns, r)
			ix.paths = append(ix.paths, kernel.KeyPath(r.Key))
		default:
			p := kernel.KeyPath(r.Key)
			ix.exact[p] = append(ix.exact[p], r)
		}
	}
	return ix
}

// match appends to buf the rules that look at setting st, whose
// /proc/sys path is p, in a stable order. Glob settings only match the
// catch-all "*": their value applies to many keys.
func (ix *ruleIndex) match(st kernel.Setting, p string, buf []*Rule) []*Rule {
	buf = append(buf[:0], ix.all...)
	if st.Glob || (len(ix.exact) == 0 && len(ix.patterns) == 0) {
		return buf
	}
	buf = append(buf, ix.exact[p]...)
	for i, r := range ix.patterns {
		if ok, err := path.Match(ix.paths[i], p); err == nil && ok {
			buf = append(buf, r)
		}
	}
	return buf
}

// assignments evaluates the rules that lint each assignment on its own:
// scope "every" (a removed key fails on every line, not just the last) and
// the default, whose findings on an overridden line name the winner.
func (ev *evaluator) assignments(every, assignment *ruleIndex) {
	eff := ev.facts.Effective
	ix := ev.facts.Shared.indexOf(eff)
	matches := newMatchCache(ix, every, assignment)
	lines := newLineMemo()
	ev.subjects = len(eff.Assignments) + len(eff.Entries)
	defer func() { ev.subject = -1 }()
	for i, a := range eff.Assignments {
		if a.Exclude {
			continue
		}
		ev.subject = i
		bufEvery, bufAssign := matches.get(i, a)
		if len(bufEvery)+len(bufAssign) == 0 {
			continue
		}
		by := func() *kernel.Setting { return ix.overrider(eff, i) }
		if lines.replay(ev, a, ix.lineID[i], by) {
			continue
		}
		start, diags := len(ev.res.Findings), len(ev.res.Diagnostics)
		ev.next(a, nil, i, needs(bufEvery)|needs(bufAssign))
		for _, r := range bufEvery {
			ev.evalSetting(r, a, nil)
		}
		for _, r := range bufAssign {
			n := len(ev.res.Findings)
			ev.evalSetting(r, a, nil)
			if len(ev.res.Findings) > n {
				if o := by(); o != nil {
					ev.res.Findings[n].OverriddenBy = &Position{File: o.File, Line: o.Line}
				}
			}
		}
		if len(ev.res.Diagnostics) == diags {
			lines.record(a, ix.lineID[i], needs(bufEvery)|needs(bufAssign), ev.res.Findings[start:], bufEvery)
		}
	}
}

// matchCache gives the rules of scope "every" and of the default scope
// that look at each assignment, matched once per distinct path: a file
// that repeats a key, checked for every release, would otherwise match
// patterns millions of times. When paths rarely repeat it matches each
// assignment afresh, which costs no memory.
type matchCache struct {
	ix                *assignmentIndex
	every, assignment *ruleIndex
	cached            []*matched // by path ID; nil when off
	bufE, bufA        []*Rule    // when off
}

type matched struct{ every, assign []*Rule }

func newMatchCache(ix *assignmentIndex, every, assignment *ruleIndex) *matchCache {
	m := &matchCache{ix: ix, every: every, assignment: assignment}
	if ix.nPaths*2 <= len(ix.paths) {
		m.cached = make([]*matched, ix.nPaths)
	}
	return m
}

// get returns the rules for assignment i (a); the slices are not to be
// modified.
func (m *matchCache) get(i int, a kernel.Setting) (every, assign []*Rule) {
	if m.cached == nil {
		m.bufE, m.bufA = m.every.match(a, m.ix.paths[i], m.bufE), m.assignment.match(a, m.ix.paths[i], m.bufA)
		return m.bufE, m.bufA
	}
	c := m.cached[m.ix.pathID[i]]
	if c == nil {
		c = &matched{m.every.match(a, m.ix.paths[i], nil), m.assignment.match(a, m.ix.paths[i], nil)}
		m.cached[m.ix.pathID[i]] = c
	}
	return c.every, c.assign
}

// effectiveEntries evaluates the other setting rules on each effective
// winner, with the assignments of the same key it overrode.
func (ev *evaluator) effectiveEntries(ix *ruleIndex) {
	var buf []*Rule
	eff := ev.facts.Effective
	paths := ev.facts.Shared.indexOf(eff).entryPaths
	ev.subjects = len(eff.Assignments) + len(eff.Entries)
	defer func() { ev.subject = -1 }()
	for j, e := range eff.Entries {
		if buf = ix.match(e.Setting, paths[j], buf); len(buf) == 0 {
			continue
		}
		ev.subject = len(eff.Assignments) + j
		ev.next(e.Setting, e.Shadowed, -1, needs(buf))
		for _, r := range buf {
			ev.evalSetting(r, e.Setting, nil)
		}
	}
}

// evalSetting evaluates r on st; overriddenBy is the later assignment that
// wins over st, for the finding to say so.
func (ev *evaluator) evalSetting(r *Rule, st kernel.Setting, overriddenBy *kernel.Setting) {
	if r.when.present() {
		// A condition another target found false with the same facts:
		// not even the setting's variables are needed.
		if slot, epoch, ok := ev.sharedCond(r); ok && slot.value == 1 && slot.epoch == epoch {
			return
		}
	}
	fnd, ok := ev.evalMemo(r, st)
	if !ok {
		return
	}
	fnd.Key, fnd.Value, fnd.File, fnd.Line = st.Key, st.Value, st.File, st.Line
	if overriddenBy != nil {
		fnd.OverriddenBy = &Position{File: overriddenBy.File, Line: overriddenBy.Line}
	}
	fnd.ignore = st.Ignore
	ev.res.Findings = append(ev.res.Findings, fnd)
}

// evalRule evaluates when, severity, message and suggest in the current
// context.
func (ev *evaluator) evalRule(r *Rule) (Finding, bool) {
	res := ev.res
	if r.when.present() && !ev.when(r) {
		return Finding{}, false
	}
	sevStr, ok := ev.evalString(r, r.severity)
	if !ok {
		return Finding{}, false
	}
	sev, err := ParseSeverity(sevStr, false)
	if err != nil {
		res.Diagnostics = append(res.Diagnostics, exprDiag(r, r.severity, err.Error()))
		return Finding{}, false
	}
	msg, ok := ev.evalString(r, r.message)
	if !ok {
		return Finding{}, false
	}
	fnd := Finding{RuleID: r.ID, RuleName: r.Name, Severity: sev, Message: msg, Remediation: r.Remediation, References: r.References, FixKind: r.FixKind}
	if r.suggest.present() {
		if sug, ok := ev.evalString(r, r.suggest); ok && sug != "" {
			fnd.Suggestion = &sug
		}
	}
	if r.fix.present() {
		if fix, ok := ev.evalString(r, r.fix); ok && fix != "" {
			fnd.Remediation = fix + " " + r.Remediation
		}
	}
	if r.once.present() {
		group, ok := ev.evalString(r, r.once)
		if !ok {
			return Finding{}, false
		}
		fnd.onceGroup = &group
	}
	return fnd, true
}

// firstOfGroups keeps, of the findings of rules with "once", the first line
// of each (rule, file, group); the others say nothing new.
func firstOfGroups(fs []Finding) []Finding {
	type id struct{ rule, file, group string }
	first := map[id]int{}
	out := fs[:0]
	for _, f := range fs {
		if f.onceGroup == nil {
			out = append(out, f)
			continue
		}
		k := id{f.RuleID, f.File, *f.onceGroup}
		i, seen := first[k]
		switch {
		case !seen:
			first[k] = len(out)
			out = append(out, f)
		case f.Line < out[i].Line:
			out[i] = f
		}
	}
	return out
}

// value parses (on first use) and evaluates one expression.
func (ev *evaluator) value(r *Rule, x *expr) (cty.Value, bool) {
	e, d := x.get()
	if d.HasErrors() {
		ev.res.Diagnostics = append(ev.res.Diagnostics, d...)
		return cty.NilVal, false
	}
	v, d := e.Value(ev.ctx)
	if d.HasErrors() {
		ev.res.Diagnostics = append(ev.res.Diagnostics, d...)
		return cty.NilVal, false
	}
	return v, true
}

// cond evaluates a condition (see fastValue). Unlike HCL, which evaluates
// both operands of && and ||, it stops at the first operand that decides
// the result, so a cheap guard (!glob, num != null) saves the catalogue
// look-ups behind it.
// when evaluates r's condition, or takes it from an earlier target with
// the same facts (sharedCond).
func (ev *evaluator) when(r *Rule) bool {
	slot, epoch, shared := ev.sharedCond(r)
	if shared && slot.value != 0 && slot.epoch == epoch {
		return slot.value == 2
	}
	v, ok := ev.cond(r, r.when)
	if !ok {
		return false // a diagnostic: never remembered, so each target reports it
	}
	holds := false
	if v.IsKnown() && !v.IsNull() {
		b, err := convert.Convert(v, cty.Bool)
		if err != nil {
			ev.res.Diagnostics = append(ev.res.Diagnostics, exprDiag(r, r.when, "when must be true or false: "+err.Error()))
			return false
		}
		// Compared as values first: cty's False() goes through Equals.
		holds = b == cty.True || (b != cty.False && b.True())
	}
	if shared {
		*slot = whenOutcome{epoch: epoch, value: 1}
		if holds {
			slot.value = 2
		}
	}
	return holds
}

func (ev *evaluator) cond(r *Rule, x *expr) (cty.Value, bool) {
	e, d := x.get()
	if d.HasErrors() {
		ev.res.Diagnostics = append(ev.res.Diagnostics, d...)
		return cty.NilVal, false
	}
	v, d := ev.fastValue(e)
	if d.HasErrors() {
		ev.res.Diagnostics = append(ev.res.Diagnostics, d...)
		return cty.NilVal, false
	}
	return v, true
}

func (ev *evaluator) evalString(r *Rule, x *expr) (string, bool) {
	v, ok := ev.value(r, x)
	if !ok || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	v, err := convert.Convert(v, cty.String)
	if err != nil {
		ev.res.Diagnostics = append(ev.res.Diagnostics, exprDiag(r, x, "want a string: "+err.Error()))
		return "", false
	}
	return v.AsString(), true
}

func exprDiag(r *Rule, x *expr, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("Invalid expression in rule %s", r.ID), Detail: detail, Subject: x.Range.Ptr()}
}

// diagnostics turns each diagnostic of a rule's kind into a finding.
func (ev *evaluator) diagnostics(rs []*Rule, all []kernel.Diagnostic) {
	if len(rs) == 0 {
		return
	}
	for _, d := range all {
		for _, r := range rs {
			if d.Kind != r.Diagnostic {
				continue
			}
			ev.setDiagnostic(d)
			fnd, ok := ev.evalRule(r)
			if !ok {
				continue
			}
			fnd.File, fnd.Line, fnd.Key = d.File, d.Line, d.Key
			ev.res.Findings = append(ev.res.Findings, fnd)
		}
	}
}

// census evaluates a census rule once, when a census was taken. Its
// finding is about the running system (file "live") and names the rule's key.
func (ev *evaluator) census(r *Rule) {
	f := ev.facts
	if f.Census == nil {
		return
	}
	live := kernel.Live{Status: kernel.LiveNotRead}
	if r.Key != "" && f.Live != nil {
		live = f.Live(r.Key)
	}
	ev.setCensus(r.Key, live)
	fnd, ok := ev.evalRule(r)
	if !ok {
		return
	}
	fnd.Key, fnd.Value, fnd.File = r.Key, live.Value, LiveFile
	ev.res.Findings = append(ev.res.Findings, fnd)
}

// supersede drops findings that a superseding rule's finding on the same
// file, line and key replaces (rule data: supersedes = [...]).
func (s *Set) supersede(res *Result) {
	type spot struct {
		file, key, rule string
		line            int
	}
	gone := map[spot]bool{}
	for _, fnd := range res.Findings {
		if r := s.byRef[fnd.RuleID]; r != nil {
			for _, id := range r.Supersedes {
				gone[spot{fnd.File, fnd.Key, id, fnd.Line}] = true
			}
		}
	}
	if len(gone) == 0 {
		return
	}
	kept := res.Findings[:0]
	for _, fnd := range res.Findings {
		if !gone[spot{fnd.File, fnd.Key, fnd.RuleID, fnd.Line}] {
			kept = append(kept, fnd)
		}
	}
	res.Findings = kept
}

// applyIgnores drops findings silenced by a "# twadvise:ignore" directive
// and returns, as IgnoreDiagnostic diagnostics, the directives without a
// reason, naming an unknown rule, or silencing nothing.
func (s *Set) applyIgnores(f *Facts, res *Result) []kernel.Diagnostic {
	used := map[*kernel.IgnoreDirective]bool{}
	kept := res.Findings[:0]
	for _, fnd := range res.Findings {
		if d := fnd.ignore; d != nil && d.Reason != "" && s.directiveNames(d, fnd) {
			used[d] = true
			continue
		}
		kept = append(kept, fnd)
	}
	res.Findings = kept
	if f.Effective == nil {
		return nil
	}
	var problems []kernel.Diagnostic
	for _, d := range f.Effective.Directives {
		var problem string
		var unknown []string
		for _, ref := range d.Rules {
			if s.Rule(ref) == nil {
				unknown = append(unknown, ref)
			}
		}
		switch {
		case len(d.Rules) == 0:
			problem = "twadvise:ignore names no rule: write \"# twadvise:ignore RULE[,RULE] reason\""
		case len(unknown) > 0:
			problem = fmt.Sprintf("twadvise:ignore names unknown rule %s", strings.Join(unknown, ", "))
		case d.Reason == "":
			problem = "twadvise:ignore without a reason: say why the finding does not apply"
		case !used[d]:
			problem = fmt.Sprintf("twadvise:ignore %s suppresses nothing: no such finding on the next line", strings.Join(d.Rules, ","))
		default:
			continue
		}
		problems = append(problems, kernel.Diagnostic{File: d.File, Line: d.Line, Kind: IgnoreDiagnostic, Message: problem})
	}
	return problems
}

// directiveNames reports whether directive d names the finding's rule.
func (s *Set) directiveNames(d *kernel.IgnoreDirective, fnd Finding) bool {
	for _, ref := range d.Rules {
		if r := s.Rule(ref); r != nil && r.ID == fnd.RuleID {
			return true
		}
	}
	return false
}

// memoLive caches a live-value reader for one evaluation.
func memoLive(read func(string) kernel.Live) func(string) kernel.Live {
	seen := map[string]kernel.Live{}
	return func(key string) kernel.Live {
		if lv, ok := seen[key]; ok {
			return lv
		}
		lv := read(key)
		seen[key] = lv
		return lv
	}
}

// EvaluateCensus runs only the census rules (subject "census") over the
// facts: what `twadvise sockets` reports, without the cost of the rules
// about configuration files.
func (s *Set) EvaluateCensus(f *Facts) *Result {
	sub := &Set{Rules: make([]*Rule, 0, 16), Profiles: s.Profiles}
	for _, r := range s.Rules {
		if r.Kind == KindCensus {
			sub.Rules = append(sub.Rules, r)
		}
	}
	return sub.Evaluate(f)
}
