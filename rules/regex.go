package rules

import (
	"errors"
	"fmt"
	"regexp"
	"sync"
	"sync/atomic"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// regex(pattern, string) and regexall(pattern, string) behave as cty's
// stdlib functions of the same names, but compile each pattern once per
// process: cty's compile the pattern on every call (twice: once for the
// result type), which made a rule like TW011 cost a compilation per
// assignment.
var (
	regexFunc = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "pattern", Type: cty.String}, {Name: "string", Type: cty.String}},
		Type: func(args []cty.Value) (cty.Type, error) {
			if !args[0].IsKnown() {
				return cty.DynamicPseudoType, nil
			}
			p, err := compiledPattern(args[0].AsString())
			if err != nil {
				return cty.NilType, function.NewArgError(0, err)
			}
			return p.result, nil
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if retType == cty.DynamicPseudoType {
				return cty.DynamicVal, nil
			}
			p, err := compiledPattern(args[0].AsString())
			if err != nil {
				return cty.NilVal, function.NewArgError(0, err)
			}
			str := args[1].AsString()
			idx := p.re.FindStringSubmatchIndex(str)
			if idx == nil {
				return cty.NilVal, errors.New("pattern did not match any part of the given string")
			}
			return p.match(str, idx), nil
		},
	})
	regexAllFunc = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "pattern", Type: cty.String}, {Name: "string", Type: cty.String}},
		Type: func(args []cty.Value) (cty.Type, error) {
			if !args[0].IsKnown() {
				return cty.List(cty.DynamicPseudoType), nil
			}
			p, err := compiledPattern(args[0].AsString())
			if err != nil {
				return cty.NilType, function.NewArgError(0, err)
			}
			return cty.List(p.result), nil
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			ety := retType.ElementType()
			if ety == cty.DynamicPseudoType {
				return cty.DynamicVal, nil
			}
			p, err := compiledPattern(args[0].AsString())
			if err != nil {
				return cty.NilVal, function.NewArgError(0, err)
			}
			str := args[1].AsString()
			all := p.re.FindAllStringSubmatchIndex(str, -1)
			if len(all) == 0 {
				return cty.ListValEmpty(ety), nil
			}
			elems := make([]cty.Value, len(all))
			for i, idx := range all {
				elems[i] = p.match(str, idx)
			}
			return cty.ListVal(elems), nil
		},
	})
)

// pattern is a compiled regular expression with the type of its result:
// the match (no groups), a tuple (unnamed groups) or an object (named).
type pattern struct {
	re     *regexp.Regexp
	result cty.Type
	err    error
}

// maxPatterns bounds the cache: patterns are normally literals in rules,
// but one built from values would otherwise grow it with the input.
const maxPatterns = 1024

var (
	patterns     sync.Map // string -> *pattern
	patternCount atomic.Int64
)

func compiledPattern(src string) (*pattern, error) {
	if p, ok := patterns.Load(src); ok {
		return p.(*pattern), p.(*pattern).err
	}
	p := compilePattern(src)
	if n := patternCount.Add(1); n <= maxPatterns {
		patterns.Store(src, p)
	}
	return p, p.err
}

func compilePattern(src string) *pattern {
	re, err := regexp.Compile(src)
	if err != nil {
		return &pattern{err: fmt.Errorf("invalid regexp pattern: %w", err)}
	}
	var named, unnamed int
	for _, n := range re.SubexpNames()[1:] {
		if n == "" {
			unnamed++
		} else {
			named++
		}
	}
	p := &pattern{re: re}
	switch {
	case named == 0 && unnamed == 0:
		p.result = cty.String
	case named > 0 && unnamed > 0:
		p.err = errors.New("invalid regexp pattern: cannot mix both named and unnamed capture groups")
	case unnamed > 0:
		tys := make([]cty.Type, unnamed)
		for i := range tys {
			tys[i] = cty.String
		}
		p.result = cty.Tuple(tys)
	default:
		attrs := map[string]cty.Type{}
		for _, n := range re.SubexpNames()[1:] {
			attrs[n] = cty.String
		}
		p.result = cty.Object(attrs)
	}
	return p
}

// match is one match's value: the matched text, or its groups (null for a
// group that did not take part).
func (p *pattern) match(str string, idx []int) cty.Value {
	if p.result == cty.String {
		return cty.StringVal(str[idx[0]:idx[1]])
	}
	group := func(i int) cty.Value {
		s, e := idx[2+2*i], idx[3+2*i]
		if s < 0 || e < 0 {
			return cty.NullVal(cty.String)
		}
		return cty.StringVal(str[s:e])
	}
	names := p.re.SubexpNames()[1:]
	if p.result.IsTupleType() {
		vals := make([]cty.Value, len(names))
		for i := range names {
			vals[i] = group(i)
		}
		return cty.TupleVal(vals)
	}
	vals := make(map[string]cty.Value, len(names))
	for i, n := range names {
		vals[n] = group(i)
	}
	return cty.ObjectVal(vals)
}
