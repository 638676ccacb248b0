package rules

import (
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
		}
		if se, ok := e.(hclsyntax.Expression); ok {
			hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
				if c, ok := n.(*hclsyntax.FunctionCallExpr); ok && positionFuncs[c.Name] {
					d |= readsPosition
				}
				return nil
			})
		}
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
	before := len(ev.res.Diagnostics)
	fnd, fired := ev.evalRule(r)
	if !m.off && len(ev.res.Diagnostics) == before && len(m.m) < maxMemo {
		m.m[k] = memoResult{fired, fnd}
	}
	return fnd, fired
}
