package rules

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/twadvise/twadvise/kernel"
	"github.com/zclconf/go-cty/cty"
)

// expr is one rule expression: its HCL source and where it sits, parsed the
// first time it is evaluated. Built-in rules are compiled to this form at
// build time (builtin_gen.go), so a run pays only for the expressions it
// evaluates; user rules arrive already parsed.
type expr struct {
	Src   string    // the HCL text, e.g. `num != null && num < 10`; "" when left out
	Range hcl.Range // where Src sits in its file

	once   sync.Once
	parsed hcl.Expression
	diags  hcl.Diagnostics
}

// parsedExpr wraps an expression that is already parsed; nil when the
// optional attribute was left out.
func parsedExpr(e hcl.Expression, src []byte) *expr {
	if isNullExpr(e) {
		return nil
	}
	x := &expr{Range: e.Range(), parsed: e}
	x.once.Do(func() {})
	if r := x.Range; r.Start.Byte >= 0 && r.End.Byte <= len(src) && r.Start.Byte < r.End.Byte {
		x.Src = string(src[r.Start.Byte:r.End.Byte])
	}
	return x
}

// present reports whether the attribute was written.
func (x *expr) present() bool { return x != nil }

// get parses the expression on first use.
func (x *expr) get() (hcl.Expression, hcl.Diagnostics) {
	x.once.Do(func() {
		x.parsed, x.diags = hclsyntax.ParseExpression([]byte(x.Src), x.Range.Filename, x.Range.Start)
	})
	return x.parsed, x.diags
}

// String is the expression's source on one line, as explain prints it.
func (x *expr) String() string {
	if x == nil {
		return ""
	}
	return strings.Join(strings.Fields(x.Src), " ")
}

// isNullExpr reports whether an optional attribute was left out: gohcl
// gives absent optional expressions a null static value.
func isNullExpr(e hcl.Expression) bool {
	if e == nil {
		return true
	}
	v, d := e.Value(nil)
	return !d.HasErrors() && v.IsNull() && len(e.Variables()) == 0
}

// severityChoices is the set of severities an expression can give, read
// from its syntax: a literal, or conditionals whose branches are literals
// ("optional ? "info" : "warning""). ok is false for anything else, which
// Load rejects so that every rule's possible severities are known without
// evaluating it (rules, SARIF levels, docs).
func severityChoices(e hcl.Expression) (out []Severity, ok bool) {
	switch e := e.(type) {
	case *hclsyntax.ParenthesesExpr:
		return severityChoices(e.Expression)
	case *hclsyntax.ConditionalExpr:
		a, okA := severityChoices(e.TrueResult)
		b, okB := severityChoices(e.FalseResult)
		if !okA || !okB {
			return nil, false
		}
		for _, s := range b {
			if !slices.Contains(a, s) {
				a = append(a, s)
			}
		}
		slices.Sort(a)
		return a, true
	case *hclsyntax.TemplateExpr, *hclsyntax.LiteralValueExpr, *hclsyntax.TemplateWrapExpr:
		if len(e.Variables()) > 0 {
			return nil, false
		}
		v, d := e.Value(nil)
		if d.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			return nil, false
		}
		s, err := ParseSeverity(v.AsString(), false)
		if err != nil {
			return nil, false
		}
		return []Severity{s}, true
	}
	return nil, false
}

// checkNames reports every variable an expression reads that a rule of kind
// k does not provide, and every function it calls that does not exist, at
// the position of the name.
func checkNames(r *Rule, e hcl.Expression, funcs map[string]bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	allowed := r.Kind.Variables()
	for _, tr := range e.Variables() {
		name := tr.RootName()
		if slices.Contains(allowed, name) {
			continue
		}
		detail := fmt.Sprintf("%s: a %s rule sees %s.", r.ID, r.Kind, strings.Join(allowed, ", "))
		if near := nearest(name, allowed); near != "" {
			detail = fmt.Sprintf("%s: did you mean %q? A %s rule sees %s.", r.ID, near, r.Kind, strings.Join(allowed, ", "))
		}
		if name == "earlier" {
			detail += " \"earlier\" was replaced by the function value_before(KEY)."
		}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("Unknown variable %q", name), Detail: detail, Subject: tr.SourceRange().Ptr()})
	}
	se, ok := e.(hclsyntax.Expression)
	if !ok {
		return diags
	}
	hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
		if call, ok := n.(*hclsyntax.FunctionCallExpr); ok && !funcs[call.Name] {
			names := make([]string, 0, len(funcs))
			for f := range funcs {
				names = append(names, f)
			}
			detail := fmt.Sprintf("%s: docs/rules.md lists the functions rules may call.", r.ID)
			if near := nearest(call.Name, names); near != "" {
				detail = fmt.Sprintf("%s: did you mean %s()?", r.ID, near)
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("Unknown function %q", call.Name), Detail: detail, Subject: call.NameRange.Ptr()})
		}
		return nil
	})
	return diags
}

// nearest is the candidate closest to name within two edits, or "".
func nearest(name string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := kernel.OSADistance(name, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
