package rules

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/twadvise/twadvise/kernel"
)

// reads is the set of setting variables a rule's expressions read.
type reads uint16

const (
	readsKey reads = 1 << iota
	readsValue
	readsNum // num or nums
	readsFile
	readsLine
	readsOptional
	readsGlob
	readsLive
	readsShadowed
	// readsPosition: the rule calls a function of the setting's position
	// (value_before, overrides_in_file), so its outcome is not a function
	// of the variables alone.
	readsPosition
	// readsTarget: the rule reads the target kernel (the kernel variable,
	// key_state, key_info, kernel_at_least, kernel_below), so evaluations
	// for several kernels cannot share its findings.
	readsTarget
)

// targetVars and targetFuncs depend on the target kernel. A fact or
// function added later that does must be listed here.
var (
	targetVars  = map[string]bool{"kernel": true, "distro": true}
	targetFuncs = map[string]bool{"key_state": true, "key_info": true, "value_bounds": true, "kernel_at_least": true, "kernel_below": true}
)

var readsByName = map[string]reads{
	"key": readsKey, "value": readsValue, "num": readsNum, "nums": readsNum, "file": readsFile, "line": readsLine,
	"optional": readsOptional, "glob": readsGlob, "live": readsLive, "shadowed": readsShadowed,
}

// positionFuncs depend on where the current setting is.
var positionFuncs = map[string]bool{"value_before": true, "overrides_in_file": true}

// reads is what r's expressions read, computed at load (for the
// built-ins, at build time: evaluation must not parse expressions it never
// evaluates, such as the message of a rule that does not fire).
func (r *Rule) reads() reads { return r.deps }

// readsOf is what the expressions read.
func readsOf(es ...hcl.Expression) reads {
	var d reads
	for _, e := range es {
		if isNullExpr(e) {
			continue
		}
		for _, v := range e.Variables() {
			d |= readsByName[v.RootName()]
			if targetVars[v.RootName()] {
				d |= readsTarget
			}
		}
		se, ok := e.(hclsyntax.Expression)
		if !ok {
			d |= readsTarget | readsPosition
			continue
		}
		hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
			if c, ok := n.(*hclsyntax.FunctionCallExpr); ok {
				if positionFuncs[c.Name] {
					d |= readsPosition
				}
				if targetFuncs[c.Name] {
					d |= readsTarget
				}
			}
			return nil
		})
	}
	return d
}

// memoResult is a remembered outcome of a rule.
type memoResult struct {
	fired bool
	fnd   Finding
}

// memo is one rule's remembered outcomes. Once it is full and has rarely
// been hit (distinct keys), it is switched off: building its keys would
// only cost time.
type memo struct {
	m          map[string]memoResult
	hits, miss int
	off        bool
}

// maxMemo bounds each rule's memo: distinct keys never repeat, so past this
// size the memo only costs memory.
const maxMemo = 4096

// evalMemo is evalRule for a setting, remembering the outcome per
// combination of the variables the rule reads, when it reads nothing tied
// to the line (file, line, shadowed, value_before): a file that repeats a
// value 200,000 times is judged once per rule. An outcome that raised a
// diagnostic is not remembered, so every occurrence reports it.
func (ev *evaluator) evalMemo(r *Rule, st kernel.Setting) (Finding, bool) {
	d := r.reads()
	m := ev.memo[r]
	if m == nil {
		m = &memo{m: map[string]memoResult{}, off: d&(readsFile|readsLine|readsShadowed|readsPosition) != 0}
		ev.memo[r] = m
	}
	if m.off {
		ev.ready()
		return ev.evalRule(r)
	}
	var b strings.Builder
	if d&(readsKey|readsLive) != 0 {
		b.WriteString(st.Key)
	}
	b.WriteByte(0)
	if d&(readsValue|readsNum) != 0 {
		b.WriteString(st.Value)
	}
	b.WriteByte(0)
	if d&readsOptional != 0 && st.Optional {
		b.WriteByte('o')
	}
	if d&(readsGlob|readsLive) != 0 && st.Glob {
		b.WriteByte('g')
	}
	k := b.String()
	if res, ok := m.m[k]; ok {
		m.hits++
		return res.fnd, res.fired
	}
	m.miss++
	if m.miss > maxMemo && m.hits < m.miss/8 {
		m.off, m.m = true, nil
	}
	ev.ready()
	before := len(ev.res.Diagnostics)
	fnd, fired := ev.evalRule(r)
	if !m.off && len(ev.res.Diagnostics) == before && len(m.m) < maxMemo {
		m.m[k] = memoResult{fired, fnd}
	}
	return fnd, fired
}

// lineMemo remembers, for assignments whose rules read nothing tied to the
// line, which findings one (key, value, prefix) combination gave, so a file
// that repeats a line is judged once per combination with one map look-up,
// not once per rule. It switches itself off when lines never repeat.
type lineMemo struct {
	m          map[int32]lineOutcome // by assignmentIndex.lineID
	hits, miss int
	off        bool
}

// lineOutcome is the findings one line gave, without their position.
type lineOutcome struct {
	every    []Finding // of scope "every" rules: never overridden
	assigned []Finding // of default-scope rules: say what overrides them
}

func newLineMemo() *lineMemo { return &lineMemo{m: map[int32]lineOutcome{}} }

// lineKey is what makes two lines alike for lineMemo; assignmentIndex
// numbers the distinct ones.
func lineKey(a kernel.Setting) string {
	var b strings.Builder
	b.WriteString(a.Key)
	b.WriteByte(0)
	b.WriteString(a.Value)
	b.WriteByte(0)
	if a.Optional {
		b.WriteByte('o')
	}
	if a.Glob {
		b.WriteByte('g')
	}
	return b.String()
}

// replay appends the remembered findings of a line like a (whose line ID
// is id), placed at a, and reports whether there were any to replay.
func (lm *lineMemo) replay(ev *evaluator, a kernel.Setting, id int32, by func() *kernel.Setting) bool {
	if lm.off || a.Ignore != nil {
		return false
	}
	out, ok := lm.m[id]
	if !ok {
		lm.miss++
		if lm.miss > maxMemo && lm.hits < lm.miss/8 {
			lm.off, lm.m = true, nil
		}
		return false
	}
	lm.hits++
	place := func(f Finding, overridden bool) {
		f.Key, f.Value, f.File, f.Line = a.Key, a.Value, a.File, a.Line
		f.OverriddenBy = nil
		if overridden {
			if o := by(); o != nil {
				f.OverriddenBy = &Position{File: o.File, Line: o.Line}
			}
		}
		ev.res.Findings = append(ev.res.Findings, f)
	}
	for _, f := range out.every {
		place(f, false)
	}
	for _, f := range out.assigned {
		place(f, true)
	}
	return true
}

// record remembers the findings a line gave when its rules read nothing
// tied to the line; every are the line's scope "every" rules.
func (lm *lineMemo) record(a kernel.Setting, id int32, need reads, fs []Finding, every []*Rule) {
	if lm.off || a.Ignore != nil || need&(readsFile|readsLine|readsShadowed|readsPosition) != 0 || len(lm.m) >= maxMemo {
		return
	}
	var out lineOutcome
	for _, f := range fs {
		if slices.ContainsFunc(every, func(r *Rule) bool { return r.ID == f.RuleID }) {
			out.every = append(out.every, f)
		} else {
			out.assigned = append(out.assigned, f)
		}
	}
	lm.m[id] = out
}
