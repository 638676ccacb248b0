package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

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

// Evaluate runs every rule of the set over the facts.
func (s *Set) Evaluate(f *Facts) *Result {
	res := &Result{}
	f = withProfileDiagnostics(f)
	if f.Live != nil {
		// Every rule that looks at a key reads its live value: read each
		// /proc/sys file once per evaluation, not once per rule.
		fc := *f
		fc.Live = memoLive(f.Live)
		f = &fc
	}
	funcs := f.functions()
	base := map[string]cty.Value{
		"kernel":    f.kernelVal(),
		"profile":   f.profileVal(),
		"host":      f.hostVal(),
		"loader":    cty.StringVal(string(f.Loader)),
		"mode":      cty.StringVal(f.Mode),
		"netns":     cty.StringVal(f.NetNS),
		"container": cty.BoolVal(f.Container),
		"census":    censusVal(f.Census),
	}
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
		if r.Diagnostic != "" {
			s.evalDiagnostics(r, f, base, funcs, res)
			continue
		}
		if r.Subject == "census" {
			s.evalCensus(r, f, base, funcs, res)
			continue
		}
		for _, t := range s.targets(r, f) {
			s.evalSetting(r, t, f, base, funcs, res)
		}
	}
	s.applyIgnores(f, base, funcs, res)
	res.Findings = relaxed(f.Profile, res.Findings)
	SortFindings(res.Findings)
	return res
}

// target is one setting a rule looks at, with the assignments of the same
// key it overrode (winners only) or the winner that overrides it.
type target struct {
	kernel.Setting
	shadowed     []kernel.Setting
	overriddenBy *kernel.Setting
}

// targets are the settings a rule looks at. Every assignment is linted on
// its own (DESIGN.md, "Two modes of check"): a hazardous line keeps its
// finding when a later file overrides it, so the result does not depend on
// the order of the paths. Rules about the merged result (scope
// "effective", or reading the live value or the shadowed assignments) see
// the winners only.
func (s *Set) targets(r *Rule, f *Facts) []target {
	var out []target
	if f.Effective == nil {
		return nil
	}
	if r.Scope == "effective" || (r.Scope == "" && r.readsMerge) {
		for _, e := range f.Effective.Entries {
			if keyMatches(r.Key, e.Setting) {
				out = append(out, target{Setting: e.Setting, shadowed: e.Shadowed})
			}
		}
		return out
	}
	var winner map[[2]any]*kernel.Setting
	if r.Scope != "every" {
		winner = overrides(f.Effective)
	}
	for _, a := range f.Effective.Assignments {
		if !a.Exclude && keyMatches(r.Key, a) {
			out = append(out, target{Setting: a, overriddenBy: winner[[2]any{a.File, a.Line}]})
		}
	}
	return out
}

// overrides maps each overridden assignment (file, line) to the winner
// that overrides it.
func overrides(eff *kernel.Effective) map[[2]any]*kernel.Setting {
	m := map[[2]any]*kernel.Setting{}
	for _, e := range eff.Entries {
		for _, sh := range e.Shadowed {
			m[[2]any{sh.File, sh.Line}] = &e.Setting
		}
	}
	return m
}

// readsMerge reports whether any of r's expressions reads what only the
// merged result has: the live value or the overridden assignments.
func (r *Rule) readsMergeVars() bool {
	for _, e := range []hcl.Expression{r.When, r.Severity, r.Message, r.Suggest} {
		if e == nil {
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

// keyMatches matches a rule's key or pattern against a setting. Glob
// settings only match the catch-all "*": their value applies to many keys.
func keyMatches(pattern string, s kernel.Setting) bool {
	if pattern == "*" {
		return true
	}
	if s.Glob {
		return false
	}
	ok, err := path.Match(kernel.KeyPath(pattern), kernel.KeyPath(s.Key))
	return err == nil && ok
}

func (s *Set) evalSetting(r *Rule, t target, f *Facts, base map[string]cty.Value, funcs map[string]function.Function, res *Result) {
	st := t.Setting
	vars := make(map[string]cty.Value, len(base)+13)
	for k, v := range base {
		vars[k] = v
	}
	live := kernel.Live{Status: kernel.LiveNotRead}
	if f.Live != nil && !st.Glob {
		live = f.Live(st.Key)
	}
	liveVal := cty.NullVal(cty.String)
	if live.Status == kernel.LiveOK {
		liveVal = cty.StringVal(live.Value)
	}
	vars["key"] = cty.StringVal(st.Key)
	vars["value"] = cty.StringVal(st.Value)
	vars["num"] = numVal(st.Value)
	vars["nums"] = numsVal(st.Value)
	vars["file"] = cty.StringVal(st.File)
	vars["line"] = cty.NumberIntVal(int64(st.Line))
	vars["optional"] = cty.BoolVal(st.Optional)
	vars["glob"] = cty.BoolVal(st.Glob)
	vars["live"] = cty.ObjectVal(map[string]cty.Value{"value": liveVal, "status": cty.StringVal(string(live.Status))})
	if r.needsEarlier {
		vars["earlier"] = earlierVal(f.Effective, st)
	} else {
		vars["earlier"] = cty.MapValEmpty(cty.String)
	}
	vars["shadowed"] = shadowedVal(t.shadowed)
	ctx := &hcl.EvalContext{Variables: vars, Functions: funcs}
	fnd, ok := s.evalRule(r, ctx, res)
	if !ok {
		return
	}
	fnd.Key, fnd.Value, fnd.File, fnd.Line = st.Key, st.Value, st.File, st.Line
	if o := t.overriddenBy; o != nil {
		fnd.OverriddenBy = &Position{File: o.File, Line: o.Line}
	}
	fnd.ignore = st.Ignore
	res.Findings = append(res.Findings, fnd)
}

// evalRule evaluates when, severity, message and suggest in ctx.
func (s *Set) evalRule(r *Rule, ctx *hcl.EvalContext, res *Result) (Finding, bool) {
	if r.When != nil && !isNullExpr(r.When) {
		v, d := r.When.Value(ctx)
		if d.HasErrors() {
			res.Diagnostics = append(res.Diagnostics, d...)
			return Finding{}, false
		}
		if !v.IsKnown() || v.IsNull() {
			return Finding{}, false
		}
		v, err := convert.Convert(v, cty.Bool)
		if err != nil {
			res.Diagnostics = append(res.Diagnostics, exprDiag(r, r.When, "when must be true or false: "+err.Error()))
			return Finding{}, false
		}
		if v.False() {
			return Finding{}, false
		}
	}
	sevStr, ok := s.evalString(r, r.Severity, ctx, res)
	if !ok {
		return Finding{}, false
	}
	sev, err := ParseSeverity(sevStr, false)
	if err != nil {
		res.Diagnostics = append(res.Diagnostics, exprDiag(r, r.Severity, err.Error()))
		return Finding{}, false
	}
	msg, ok := s.evalString(r, r.Message, ctx, res)
	if !ok {
		return Finding{}, false
	}
	fnd := Finding{RuleID: r.ID, RuleName: r.Name, Severity: sev, Message: msg, Remediation: r.Remediation, References: r.References}
	if r.Suggest != nil && !isNullExpr(r.Suggest) {
		if sug, ok := s.evalString(r, r.Suggest, ctx, res); ok && sug != "" {
			fnd.Suggestion = &sug
		}
	}
	if r.Fix != nil && !isNullExpr(r.Fix) {
		if fix, ok := s.evalString(r, r.Fix, ctx, res); ok && fix != "" {
			fnd.Remediation = fix + " " + r.Remediation
		}
	}
	return fnd, true
}

func (s *Set) evalString(r *Rule, e hcl.Expression, ctx *hcl.EvalContext, res *Result) (string, bool) {
	v, d := e.Value(ctx)
	if d.HasErrors() {
		res.Diagnostics = append(res.Diagnostics, d...)
		return "", false
	}
	if !v.IsKnown() || v.IsNull() {
		return "", false
	}
	v, err := convert.Convert(v, cty.String)
	if err != nil {
		res.Diagnostics = append(res.Diagnostics, exprDiag(r, e, "want a string: "+err.Error()))
		return "", false
	}
	return v.AsString(), true
}

func exprDiag(r *Rule, e hcl.Expression, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("Invalid expression in rule %s", r.ID), Detail: detail, Subject: e.Range().Ptr()}
}

// isNullExpr reports whether an optional attribute was left out: gohcl
// gives absent optional expressions a null static value.
func isNullExpr(e hcl.Expression) bool {
	v, d := e.Value(nil)
	return !d.HasErrors() && v.IsNull() && len(e.Variables()) == 0
}

// usesEarlier reports whether any of r's expressions reads "earlier".
// Building that map walks every assignment before the setting, so doing it
// for every rule and setting made check quadratic (5,000 files took 15 s);
// addRule records the answer once in needsEarlier.
func (r *Rule) usesEarlier() bool {
	for _, e := range []hcl.Expression{r.When, r.Severity, r.Message, r.Suggest} {
		if e == nil {
			continue
		}
		for _, v := range e.Variables() {
			if v.RootName() == "earlier" {
				return true
			}
		}
	}
	return false
}

// earlierVal maps each key to the value in effect just before st was
// applied: what the kernel checks a write against.
func earlierVal(eff *kernel.Effective, st kernel.Setting) cty.Value {
	m := map[string]cty.Value{}
	if eff != nil {
		for _, a := range eff.Assignments {
			if a.File == st.File && a.Line == st.Line {
				break
			}
			if !a.Exclude && !a.Glob {
				m[a.Key] = cty.StringVal(a.Value)
			}
		}
	}
	if len(m) == 0 {
		return cty.MapValEmpty(cty.String)
	}
	return cty.MapVal(m)
}

// evalDiagnostics turns parser diagnostics of one kind into findings.
func (s *Set) evalDiagnostics(r *Rule, f *Facts, base map[string]cty.Value, funcs map[string]function.Function, res *Result) {
	var all []kernel.Diagnostic
	if f.Effective != nil {
		all = append(all, f.Effective.Diagnostics...)
	}
	all = append(all, f.Diagnostics...)
	for _, d := range all {
		if d.Kind != r.Diagnostic {
			continue
		}
		vars := make(map[string]cty.Value, len(base)+3)
		for k, v := range base {
			vars[k] = v
		}
		vars["detail"] = cty.StringVal(d.Message)
		vars["file"] = cty.StringVal(d.File)
		vars["line"] = cty.NumberIntVal(int64(d.Line))
		fnd, ok := s.evalRule(r, &hcl.EvalContext{Variables: vars, Functions: funcs}, res)
		if !ok {
			continue
		}
		fnd.File, fnd.Line, fnd.Key = d.File, d.Line, d.Key
		res.Findings = append(res.Findings, fnd)
	}
}

// ignoreRuleID is the rule that reports malformed or unused directives.
const ignoreRuleID = "TW001"

// applyIgnores drops findings silenced by a "# twadvise:ignore" directive
// and reports directives without a reason, naming an unknown rule, or
// silencing nothing.
func (s *Set) applyIgnores(f *Facts, base map[string]cty.Value, funcs map[string]function.Function, res *Result) {
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
	meta := s.Rule(ignoreRuleID)
	if meta == nil || f.Effective == nil {
		return
	}
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
		// The finding is TW001's own: its severity and message come from its HCL.
		vars := make(map[string]cty.Value, len(base)+3)
		for k, v := range base {
			vars[k] = v
		}
		vars["detail"] = cty.StringVal(problem)
		vars["file"] = cty.StringVal(d.File)
		vars["line"] = cty.NumberIntVal(int64(d.Line))
		fnd, ok := s.evalRule(meta, &hcl.EvalContext{Variables: vars, Functions: funcs}, res)
		if !ok {
			continue
		}
		fnd.File, fnd.Line = d.File, d.Line
		res.Findings = append(res.Findings, fnd)
	}
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

var shadowedType = cty.Object(map[string]cty.Type{"value": cty.String, "file": cty.String, "line": cty.Number})

// shadowedVal lists the overridden assignments as {value, file, line}.
func shadowedVal(ss []kernel.Setting) cty.Value {
	if len(ss) == 0 {
		return cty.ListValEmpty(shadowedType)
	}
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.ObjectVal(map[string]cty.Value{
			"value": cty.StringVal(s.Value), "file": cty.StringVal(s.File), "line": cty.NumberIntVal(int64(s.Line)),
		})
	}
	return cty.ListVal(vals)
}

// evalCensus evaluates a census rule once, when a census was taken. Its
// finding is about the running system (file "live") and names the rule's key.
func (s *Set) evalCensus(r *Rule, f *Facts, base map[string]cty.Value, funcs map[string]function.Function, res *Result) {
	if f.Census == nil {
		return
	}
	vars := make(map[string]cty.Value, len(base)+3)
	for k, v := range base {
		vars[k] = v
	}
	live := kernel.Live{Status: kernel.LiveNotRead}
	if r.Key != "" && f.Live != nil {
		live = f.Live(r.Key)
	}
	liveVal := cty.NullVal(cty.String)
	if live.Status == kernel.LiveOK {
		liveVal = cty.StringVal(live.Value)
	}
	vars["key"] = cty.StringVal(r.Key)
	vars["live"] = cty.ObjectVal(map[string]cty.Value{"value": liveVal, "status": cty.StringVal(string(live.Status))})
	fnd, ok := s.evalRule(r, &hcl.EvalContext{Variables: vars, Functions: funcs}, res)
	if !ok {
		return
	}
	fnd.Key, fnd.Value, fnd.File = r.Key, live.Value, LiveFile
	res.Findings = append(res.Findings, fnd)
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
		if r.Subject == "census" {
			sub.Rules = append(sub.Rules, r)
		}
	}
	return sub.Evaluate(f)
}
