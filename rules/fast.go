package rules

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Conditions (when) run for every assignment a rule looks at, and HCL's
// evaluator allocates some 20 KB for a typical one (conversions, function
// type checks, refinements): on 200,000 assignments that was most of the
// cost of check. fastValue evaluates the plain cases of what conditions
// are made of directly: variables and their attributes, literals, !, &&
// and || (stopping at the operand that decides), == and !=, comparisons
// of two numbers, tuples, contains() and the catalogue and pattern
// functions. Any other case
// (an unknown or null where HCL would convert or complain, another
// operator or function) is handed to HCL for that node, so results and
// diagnostics stay HCL's.

// fastFunc evaluates one function on known, non-null arguments; ok is
// false when HCL should handle the call.
type fastFunc func(ev *evaluator, args []cty.Value) (cty.Value, bool)

var fastFuncs = map[string]fastFunc{
	"key_state": func(ev *evaluator, args []cty.Value) (cty.Value, bool) {
		if !isString(args[0]) {
			return cty.NilVal, false
		}
		return ev.keyState(args[0].AsString()), true
	},
	"key_info": func(ev *evaluator, args []cty.Value) (cty.Value, bool) {
		if !isString(args[0]) {
			return cty.NilVal, false
		}
		return ev.keyInfoOf(args[0].AsString()), true
	},
	"value_bounds": func(ev *evaluator, args []cty.Value) (cty.Value, bool) {
		if !isString(args[0]) || !isString(args[1]) {
			return cty.NilVal, false
		}
		return ev.valueBounds(args[0].AsString(), args[1].AsString()), true
	},
	"contains": func(_ *evaluator, args []cty.Value) (cty.Value, bool) {
		ty := args[0].Type()
		if !ty.IsListType() && !ty.IsTupleType() {
			return cty.NilVal, false
		}
		for it := args[0].ElementIterator(); it.Next(); {
			_, el := it.Element()
			eq, ok := equal(el, args[1])
			if !ok {
				return cty.NilVal, false // another type or a null: cty decides
			}
			if eq {
				return cty.True, true
			}
		}
		return cty.False, true
	},
	"length": func(_ *evaluator, args []cty.Value) (cty.Value, bool) {
		ty := args[0].Type()
		if !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() && !ty.IsMapType() {
			return cty.NilVal, false
		}
		return cty.NumberIntVal(int64(args[0].LengthInt())), true
	},
	"regexall": func(_ *evaluator, args []cty.Value) (cty.Value, bool) {
		if !isString(args[0]) || !isString(args[1]) {
			return cty.NilVal, false
		}
		p, err := compiledPattern(args[0].AsString())
		if err != nil {
			return cty.NilVal, false
		}
		str := args[1].AsString()
		all := p.re.FindAllStringSubmatchIndex(str, -1)
		if len(all) == 0 {
			return cty.ListValEmpty(p.result), true
		}
		elems := make([]cty.Value, len(all))
		for i, idx := range all {
			elems[i] = p.match(str, idx)
		}
		return cty.ListVal(elems), true
	},
}

// equal compares two non-null values of the same primitive type without
// cty's general Equals; ok is false for every other case.
func equal(l, r cty.Value) (eq, ok bool) {
	if l.IsNull() || r.IsNull() || l.Type() != r.Type() {
		return false, false
	}
	switch l.Type() {
	case cty.String:
		return l.AsString() == r.AsString(), true
	case cty.Bool:
		return l == r, true
	case cty.Number:
		return l.AsBigFloat().Cmp(r.AsBigFloat()) == 0, true
	}
	return false, false
}

func isString(v cty.Value) bool { return v.Type() == cty.String && !v.IsNull() }

// plain reports whether v is a known, unmarked value HCL would use as is.
func plain(v cty.Value) bool { return v != cty.NilVal && v.IsKnown() && !v.IsMarked() }

func (ev *evaluator) fastValue(e hcl.Expression) (cty.Value, hcl.Diagnostics) {
	if v, ok := ev.fast(e); ok {
		return v, nil
	}
	return e.Value(ev.ctx)
}

// fast is fastValue's plain case; ok false means "ask HCL".
func (ev *evaluator) fast(e hcl.Expression) (cty.Value, bool) {
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return x.Val, true
	case *hclsyntax.TemplateExpr:
		if len(x.Parts) == 1 {
			if lit, ok := x.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
				return lit.Val, true
			}
		}
	case *hclsyntax.ParenthesesExpr:
		return ev.fast(x.Expression)
	case *hclsyntax.TupleConsExpr:
		elems := make([]cty.Value, len(x.Exprs))
		for i, el := range x.Exprs {
			v, ok := ev.fast(el)
			if !ok || !plain(v) {
				return cty.NilVal, false
			}
			elems[i] = v
		}
		return cty.TupleVal(elems), true
	case *hclsyntax.ScopeTraversalExpr:
		v, ok := ev.vars[x.Traversal.RootName()]
		if !ok {
			return cty.NilVal, false
		}
		return traverse(v, x.Traversal[1:])
	case *hclsyntax.RelativeTraversalExpr:
		if v, ok := ev.fast(x.Source); ok {
			return traverse(v, x.Traversal)
		}
	case *hclsyntax.UnaryOpExpr:
		if x.Op == hclsyntax.OpLogicalNot {
			if v, ok := ev.fast(x.Val); ok && plain(v) && !v.IsNull() && v.Type() == cty.Bool {
				return cty.BoolVal(v != cty.True), true
			}
		}
	case *hclsyntax.BinaryOpExpr:
		return ev.fastBinary(x)
	case *hclsyntax.FunctionCallExpr:
		impl := fastFuncs[x.Name]
		if impl == nil || x.ExpandFinal {
			break
		}
		args := make([]cty.Value, len(x.Args))
		for i, a := range x.Args {
			v, ok := ev.fast(a)
			if !ok || !plain(v) || v.IsNull() {
				return cty.NilVal, false
			}
			args[i] = v
		}
		return impl(ev, args)
	}
	return cty.NilVal, false
}

func (ev *evaluator) fastBinary(x *hclsyntax.BinaryOpExpr) (cty.Value, bool) {
	switch x.Op {
	case hclsyntax.OpLogicalAnd, hclsyntax.OpLogicalOr:
		and := x.Op == hclsyntax.OpLogicalAnd
		l, ok := ev.fast(x.LHS)
		if !ok || !plain(l) || l.IsNull() || l.Type() != cty.Bool {
			return cty.NilVal, false
		}
		if (l == cty.True) != and {
			return l, true // false && ..., true || ...
		}
		r, ok := ev.fast(x.RHS)
		if !ok || !plain(r) || r.IsNull() || r.Type() != cty.Bool {
			return cty.NilVal, false
		}
		return r, true
	case hclsyntax.OpEqual, hclsyntax.OpNotEqual:
		l, okL := ev.fast(x.LHS)
		r, okR := ev.fast(x.RHS)
		if !okL || !okR || !plain(l) || !plain(r) {
			return cty.NilVal, false
		}
		eq, ok := equal(l, r)
		if !ok {
			v := l.Equals(r)
			if !plain(v) || v.IsNull() {
				return cty.NilVal, false
			}
			eq = v == cty.True
		}
		return cty.BoolVal(eq != (x.Op == hclsyntax.OpNotEqual)), true
	case hclsyntax.OpGreaterThan, hclsyntax.OpGreaterThanOrEqual, hclsyntax.OpLessThan, hclsyntax.OpLessThanOrEqual:
		l, okL := ev.fast(x.LHS)
		r, okR := ev.fast(x.RHS)
		if !okL || !okR || !plain(l) || !plain(r) || l.IsNull() || r.IsNull() || l.Type() != cty.Number || r.Type() != cty.Number {
			return cty.NilVal, false
		}
		c := l.AsBigFloat().Cmp(r.AsBigFloat())
		switch x.Op {
		case hclsyntax.OpGreaterThan:
			return cty.BoolVal(c > 0), true
		case hclsyntax.OpGreaterThanOrEqual:
			return cty.BoolVal(c >= 0), true
		case hclsyntax.OpLessThan:
			return cty.BoolVal(c < 0), true
		}
		return cty.BoolVal(c <= 0), true
	}
	return cty.NilVal, false
}

// traverse follows attribute and index steps through known objects, lists
// and tuples; anything else is HCL's to report.
func traverse(v cty.Value, steps hcl.Traversal) (cty.Value, bool) {
	for _, st := range steps {
		if !plain(v) || v.IsNull() {
			return cty.NilVal, false
		}
		switch s := st.(type) {
		case hcl.TraverseAttr:
			if !v.Type().IsObjectType() || !v.Type().HasAttribute(s.Name) {
				return cty.NilVal, false
			}
			v = v.GetAttr(s.Name)
		case hcl.TraverseIndex:
			ty := v.Type()
			if !ty.IsListType() && !ty.IsTupleType() || s.Key.Type() != cty.Number || !s.Key.IsKnown() || s.Key.IsNull() {
				return cty.NilVal, false
			}
			i, acc := s.Key.AsBigFloat().Int64()
			if acc != 0 || i < 0 || i >= int64(v.LengthInt()) {
				return cty.NilVal, false
			}
			v = v.Index(s.Key)
		default:
			return cty.NilVal, false
		}
	}
	return v, true
}
