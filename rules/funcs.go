package rules

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
)

// functions are the functions rule expressions may call: a few of cty's
// standard library and small, pure helpers of our own. Listed in one place
// so docs/rules.md can match them.
func (f *Facts) functions() map[string]function.Function {
	return map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
		"min": stdlib.MinFunc, "max": stdlib.MaxFunc,
		"coalesce": stdlib.CoalesceFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"format": stdlib.FormatFunc, "join": stdlib.JoinFunc, "length": stdlib.LengthFunc,
		"lookup": stdlib.LookupFunc, "lower": stdlib.LowerFunc, "regex": regexFunc, "regexall": regexAllFunc,
		"substr": stdlib.SubstrFunc, "trim": stdlib.TrimFunc, "trimspace": stdlib.TrimSpaceFunc, "replace": stdlib.ReplaceFunc,
		"tostring": stdlib.MakeToFunc(cty.String), "tonumber": stdlib.MakeToFunc(cty.Number),
		"can": tryfunc.CanFunc, "try": tryfunc.TryFunc,

		"setting":         f.settingFunc(),
		"kernel_at_least": f.kernelCmpFunc(func(c int) bool { return c >= 0 }),
		"kernel_below":    f.kernelCmpFunc(func(c int) bool { return c < 0 }),
		"same_value":      sameValueFunc,
		"int":             intFunc,
		"ints":            intsFunc,
		"port_listed":     portListedFunc,
		"key_state":       f.keyStateFunc(),
		"key_info":        f.keyInfoFunc(),
		"configured":      f.configuredFunc(),
	}
}

// setting(key) is a key's value: configured, else live, else null.
func (f *Facts) settingFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "key", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return f.current(args[0].AsString()), nil
		},
	})
}

// kernel_at_least("4.12") and kernel_below("4.12") compare the target
// kernel; they are unknown when the kernel is, which skips the rule.
func (f *Facts) kernelCmpFunc(ok func(int) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "version", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			r, err := kernel.ParseRelease(args[0].AsString())
			if err != nil {
				return cty.NilVal, function.NewArgError(0, err)
			}
			if f.Kernel == nil {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(ok(f.Kernel.Version.Compare(r.Version))), nil
		},
	})
}

// same_value(configured, live) compares as the kernel would read them.
var sameValueFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "a", Type: cty.String}, {Name: "b", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.BoolVal(kernel.SameValue(args[0].AsString(), args[1].AsString())), nil
	},
})

// int(value) is the first integer of a value as the kernel parses it, or null.
var intFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.String, AllowNull: true}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if args[0].IsNull() {
			return cty.NullVal(cty.Number), nil
		}
		return numVal(args[0].AsString()), nil
	},
})

// ints(value) is the list of leading integers of a value.
var intsFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.String, AllowNull: true}},
	Type:   function.StaticReturnType(cty.List(cty.Number)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if args[0].IsNull() {
			return cty.ListValEmpty(cty.Number), nil
		}
		return numsVal(args[0].AsString()), nil
	},
})

// port_listed(port, list) reports whether port is in a list written like
// ip_local_reserved_ports: "8080,9000-9100". A null list holds nothing.
var portListedFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "port", Type: cty.Number}, {Name: "list", Type: cty.String, AllowNull: true}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if args[1].IsNull() {
			return cty.False, nil
		}
		port, _ := args[0].AsBigFloat().Int64()
		return cty.BoolVal(PortListed(port, args[1].AsString())), nil
	},
})

// PortListed reports whether port is in a comma list of ports and ranges.
func PortListed(port int64, list string) bool {
	for _, part := range strings.Split(list, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.ParseInt(strings.TrimSpace(lo), 10, 64)
		if err != nil {
			continue
		}
		b := a
		if isRange {
			if b, err = strconv.ParseInt(strings.TrimSpace(hi), 10, 64); err != nil {
				continue
			}
		}
		if port >= a && port <= b {
			return true
		}
	}
	return false
}

// keyStateType is what key_state(key) returns.
var keyStateType = cty.Object(map[string]cty.Type{
	"status": cty.String, "version": cty.String, "source": cty.String, "unverified": cty.Bool,
	"in_gap": cty.Bool, "moved": cty.Bool, "vendor": cty.String,
	"module": cty.String, "note": cty.String, "suggestions": cty.List(cty.String),
	"noop": cty.String,
})

// key_state(key) is what the kernel knowledge base says of key on the
// target kernel: status "known", "module", "not-yet-added", "removed" (also
// for keys moved out of sysctl, with moved set) or "unknown"; the release
// or range of that fact ("4.12", "5.13–5.14") and its source; unverified
// and in_gap when the target falls inside the range, so that the change
// may or may not be in it; the vendor of a distribution kernel; the no-op
// note when the key is accepted but does nothing; "did you mean"
// suggestions for unknown keys.
//
// A rule calls it several times per key (condition, severity, message), and
// suggestions cost a catalogue scan, so results are kept for the evaluation.
func (f *Facts) keyStateFunc() function.Function {
	seen := map[string]cty.Value{}
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "key", Type: cty.String}},
		Type:   function.StaticReturnType(keyStateType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			key := args[0].AsString()
			if v, ok := seen[key]; ok {
				return v, nil
			}
			v := f.keyState(key)
			seen[key] = v
			return v, nil
		},
	})
}

// keyState builds key_state(key)'s value.
func (f *Facts) keyState(key string) cty.Value {
	kb := f.kb()
	st := kb.State(key, f.Kernel)
	status := map[catalog.Status]string{catalog.StatusPresent: "known", catalog.StatusModule: "module",
		catalog.StatusNotYetAdded: "not-yet-added", catalog.StatusRemoved: "removed", catalog.StatusMoved: "removed",
		catalog.StatusUnknown: "unknown"}[st.Status]
	version, source, note := cty.NullVal(cty.String), "", st.Note
	inGap := st.Status == catalog.StatusInGap
	if e := st.Event; e != nil {
		version, source = cty.StringVal(e.Span.String()), e.Cite()
		switch {
		case inGap && e.Kind == catalog.EventAdded:
			status = "not-yet-added"
		case inGap:
			status = "removed"
		}
		if e.Kind == catalog.EventMoved && e.Note != "" {
			note = joinNote(e.Note, note)
		}
	}
	noop := ""
	if st.Noop != nil {
		noop = st.Noop.Note + " (since " + st.Noop.Span.String() + "; " + st.Noop.Cite() + ")"
	}
	list := cty.ListValEmpty(cty.String)
	if st.Status == catalog.StatusUnknown {
		var sugg []cty.Value
		for _, s := range kb.Suggest(key) {
			sugg = append(sugg, cty.StringVal(s))
		}
		if len(sugg) > 0 {
			list = cty.ListVal(sugg)
		}
	}
	return cty.ObjectVal(map[string]cty.Value{
		"status": cty.StringVal(status), "version": version, "source": cty.StringVal(source),
		"unverified": cty.BoolVal(inGap), "in_gap": cty.BoolVal(inGap),
		"moved": cty.BoolVal(st.Event != nil && st.Event.Kind == catalog.EventMoved), "vendor": cty.StringVal(st.Vendor),
		"module": cty.StringVal(st.Module), "note": cty.StringVal(note), "suggestions": list, "noop": cty.StringVal(noop),
	})
}

func joinNote(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "; " + b
}

var keyInfoType = cty.Object(map[string]cty.Type{
	"known": cty.Bool, "numeric": cty.Bool, "type": cty.String, "min": cty.Number, "max": cty.Number, "scope": cty.String, "module": cty.String,
	"assumed": cty.Bool,
})

// numericType reports whether the kernel parses a value of C type t (as
// the knowledge base writes it: "int", "u8", "int[3]"...) as integers, so
// trailing text after the numbers is ignored rather than rejected.
func numericType(t string) bool {
	if i := strings.IndexByte(t, '['); i > 0 {
		t = t[:i]
	}
	switch t {
	case "bool", "u8", "u16", "u32", "u64", "int", "uint", "long", "ulong", "int pair", "int triple":
		return true
	}
	return false
}

// key_info(key) is the knowledge base's record of a key on the target
// kernel (the newest release read when the target is unknown): its C type,
// the bounds the kernel enforces (null when none are known), its network
// namespace scope ("per-netns", "global" or "unknown"), the module it
// needs, and whether the facts are assumed from an older release.
func (f *Facts) keyInfoFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "key", Type: cty.String}},
		Type:   function.StaticReturnType(keyInfoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return f.keyInfo(args[0].AsString()), nil
		},
	})
}

// keyInfo builds key_info(key)'s value.
func (f *Facts) keyInfo(key string) cty.Value {
	st := f.kb().State(key, f.Kernel)
	bound := func(p *int64) cty.Value {
		if p == nil {
			return cty.NullVal(cty.Number)
		}
		return cty.NumberIntVal(*p)
	}
	scope := "unknown"
	switch st.Facts.Scope {
	case "netns", "iface":
		scope = "per-netns"
	case "global":
		scope = "global"
	}
	typ := st.Facts.Type
	if typ == "-" {
		typ = ""
	}
	return cty.ObjectVal(map[string]cty.Value{
		"known": cty.BoolVal(st.Status != catalog.StatusUnknown), "numeric": cty.BoolVal(numericType(typ)), "type": cty.StringVal(typ),
		"min": bound(st.Min), "max": bound(st.Max), "scope": cty.StringVal(scope), "module": cty.StringVal(st.Module),
		"assumed": cty.BoolVal(st.Assumed),
	})
}

// configured(key) is a key's value in the configuration being checked, or
// null: unlike setting(), it never falls back to the running value.
func (f *Facts) configuredFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "key", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if f.Effective != nil {
				if ent, ok := f.Effective.Lookup(kernel.CanonicalKey(args[0].AsString())); ok {
					return cty.StringVal(ent.Value), nil
				}
			}
			return cty.NullVal(cty.String), nil
		},
	})
}
