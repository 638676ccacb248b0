package rules

import (
	"fmt"
	"path"
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
		"value_bounds":    f.valueBoundsFunc(),
		"configured":      f.configuredFunc(),
		"configured_keys": f.configuredKeysFunc(),

		"wellknown_ports_in": wellKnownPortsInFunc,
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
	"in_gap": cty.Bool, "moved": cty.Bool, "moved_to": cty.String, "vendor": cty.String,
	"module": cty.String, "note": cty.String, "outside": cty.String, "releases": cty.String,
	"suggestions": cty.List(cty.String), "noop": cty.String, "noop_since": cty.String,
	"vendor_kernel": cty.Bool, "needs_module": cty.Bool,
})

// key_state(key) is what the kernel knowledge base says of key on the
// target kernel: status "known", "module", "not-yet-added", "removed" (also
// for keys moved out of sysctl, with moved set and moved_to saying where)
// or "unknown"; the release or range of that fact ("4.12", "5.13–5.14")
// and its source; in_gap when the target falls inside that range, so that
// the change may or may not be in it (unverified is its old name); the
// vendor of a distribution kernel; the module a key needs (for an unknown
// key, the module its prefix belongs to); outside, the note saying the
// target is older or newer than every tree read and which tree stands in
// for it; releases, the trees read ("3.8.13 to 6.18"); the no-op note and
// the release it stopped working when the key is accepted but does
// nothing; "did you mean" suggestions for unknown keys.
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
	version, source, note, movedTo := cty.NullVal(cty.String), "", st.Note, ""
	inGap := st.Status == catalog.StatusInGap
	if e := st.Event; e != nil {
		version, source = cty.StringVal(e.Span.String()), e.Cite()
		switch {
		case inGap && e.Kind == catalog.EventAdded:
			status = "not-yet-added"
		case inGap:
			status = "removed"
		}
		if e.Kind == catalog.EventMoved {
			movedTo = e.Note
			note = joinNote(e.Note, note)
		}
	}
	outside := ""
	if st.OutsideRange {
		outside = outsideNote(kb, st)
	}
	module := st.Module
	if st.Status == catalog.StatusUnknown {
		module = catalog.ModuleOf(kernel.CanonicalKey(key))
	}
	noop, noopSince := "", ""
	if st.Noop != nil && f.Kernel != nil {
		noop, noopSince = st.Noop.Note, st.Noop.Span.String()
		if c := st.Noop.Cite(); c != "" {
			noop += " (" + c + ")"
		}
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
		"moved": cty.BoolVal(st.Event != nil && st.Event.Kind == catalog.EventMoved), "moved_to": cty.StringVal(movedTo),
		"vendor": cty.StringVal(st.Vendor), "module": cty.StringVal(module), "note": cty.StringVal(note),
		"outside": cty.StringVal(outside), "releases": cty.StringVal(releasesRead(kb)),
		"suggestions": list, "noop": cty.StringVal(noop), "noop_since": cty.StringVal(noopSince),
		"vendor_kernel": cty.BoolVal(st.Vendor != ""), "needs_module": cty.BoolVal(module != ""),
	})
}

// outsideNote says which tree stands in for a target older or newer than
// every tree read (DESIGN.md: such targets are judged as the nearest
// known release, with a note).
func outsideNote(kb *catalog.KB, st catalog.State) string {
	rels := kb.Releases()
	if len(rels) == 0 {
		return ""
	}
	oldest, newest := rels[0], rels[len(rels)-1]
	if st.Release.Less(oldest.Version) {
		return fmt.Sprintf("Linux %s is older than every kernel tree read, so it is judged as %s", st.Release, oldest.Name)
	}
	return fmt.Sprintf("Linux %s is newer than every kernel tree read, so it is judged as %s", st.Release, newest.Name)
}

// releasesRead names the oldest and newest trees read ("3.8.13 to 6.18").
func releasesRead(kb *catalog.KB) string {
	rels := kb.Releases()
	switch len(rels) {
	case 0:
		return ""
	case 1:
		return rels[0].Name
	}
	return rels[0].Name + " to " + rels[len(rels)-1].Name
}

func joinNote(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "; " + b
}

var keyInfoType = cty.Object(map[string]cty.Type{
	"known": cty.Bool, "numeric": cty.Bool, "type": cty.String, "min": cty.Number, "max": cty.Number, "scope": cty.String, "module": cty.String,
	"assumed": cty.Bool, "handler": cty.String, "enforce": cty.String, "facts_from": cty.String,
	"gap_span": cty.String, "gap_min": cty.Number, "gap_max": cty.Number, "child_netns": cty.String,
	"default": cty.String,
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
// kernel (the newest release read when the target is unknown): its C type
// and handler; the bounds the kernel enforces (null when none are known)
// and what the handler does with a value outside them (enforce: "reject"
// with EINVAL, "ignore" the write while reporting success, "unknown");
// the tree the facts come from (facts_from) and whether they are assumed
// from an older one; when the target lies inside the range of a bound
// change, that range (gap_span) and the bounds after it; its network
// namespace scope ("per-netns", "global" or "unknown") and what a child
// network namespace sees of it (child_netns: "own" copy, "absent",
// "read-only", "host" for keys no network namespace separates, "unknown");
// the static default of the release ("" when none is recorded; run-time
// defaults come from curated entries); and the module it needs.
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
	kb := f.kb()
	st := kb.State(key, f.Kernel)
	target := kb.Newest().Version
	if f.Kernel != nil {
		target = f.Kernel.Version
	}
	scope := "unknown"
	switch st.Facts.Scope {
	case "netns", "iface":
		scope = "per-netns"
	case "global":
		scope = "global"
	}
	typ, handler := dashless(st.Facts.Type), dashless(st.Facts.Handler)
	if typ == "" && st.Status != catalog.StatusUnknown && f.Kernel != nil {
		// Whether a key takes a number or a name does not change between
		// releases: when the target's tree left the type unrecorded, the
		// newest record stands in (bounds and handler do not).
		typ = dashless(kb.State(key, nil).Facts.Type)
	}
	numeric := numericType(typ)
	if typ == "" {
		// TODO(issue 9): the knowledge base's tables record handlers only
		// for the trees read so far; until then, the handler family by
		// leaf name from the 4.9 and 6.14 trees (integer_keys.go).
		numeric = integerHandler(key)
		if stringHandler(key) {
			typ = "string"
		}
	}
	enforce := "unknown"
	if st.Min != nil || st.Max != nil {
		enforce = boundsEnforcement(handler, typ, target)
	}
	factsFrom := ""
	if st.FactsFrom != nil {
		factsFrom = st.FactsFrom.Name
	}
	gapSpan, gapMin, gapMax := "", (*int64)(nil), (*int64)(nil)
	for _, e := range st.Changing {
		if e.Kind != catalog.EventBounds {
			continue
		}
		lo, hi, ok := parseBoundsText(e.After)
		if ok {
			gapSpan, gapMin, gapMax = e.Span.String(), lo, hi
			break
		}
	}
	return cty.ObjectVal(map[string]cty.Value{
		"known": cty.BoolVal(st.Status != catalog.StatusUnknown), "numeric": cty.BoolVal(numeric), "type": cty.StringVal(typ),
		"min": numOrNull(st.Min), "max": numOrNull(st.Max), "scope": cty.StringVal(scope), "module": cty.StringVal(st.Module),
		"assumed": cty.BoolVal(st.Assumed), "handler": cty.StringVal(handler), "enforce": cty.StringVal(enforce),
		"facts_from": cty.StringVal(factsFrom), "gap_span": cty.StringVal(gapSpan),
		"gap_min": numOrNull(gapMin), "gap_max": numOrNull(gapMax),
		"child_netns": cty.StringVal(childNetns(kernel.CanonicalKey(key), st, target)),
		"default":     cty.StringVal(dashless(st.Facts.Default)),
	})
}

func dashless(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

func numOrNull(p *int64) cty.Value {
	if p == nil {
		return cty.NullVal(cty.Number)
	}
	return cty.NumberIntVal(*p)
}

// parseBoundsText reads an event's bounds as the knowledge base writes
// them ("0..255", "1..", "none"); a missing side is nil.
func parseBoundsText(s string) (lo, hi *int64, ok bool) {
	a, b, found := strings.Cut(s, "..")
	if !found {
		return nil, nil, false
	}
	parse := func(x string) *int64 {
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		if err != nil {
			return nil
		}
		return &n
	}
	lo, hi = parse(a), parse(b)
	return lo, hi, lo != nil || hi != nil
}

// boundsEnforcement says what a handler does with a value outside its
// bounds. The *_minmax handlers of kernel/sysctl.c return EINVAL (the
// write fails, procps and systemd-sysctl report it); proc_doulongvec_minmax
// skipped such a value while reporting success until commit e260ad01f0aa
// ("sysctl: return -EINVAL if val violates minmax", 5.2, backported to
// stable series). A u8 key is always served by proc_dou8vec_minmax. Other
// handlers are the subsystem's own: what they do is not recorded.
func boundsEnforcement(handler, typ string, v kernel.Version) string {
	switch handler {
	case "proc_dointvec_minmax", "proc_douintvec_minmax", "proc_dou8vec_minmax":
		return "reject"
	case "proc_doulongvec_minmax":
		if v.Less(kernel.Version{Major: 5, Minor: 2}) {
			return "ignore"
		}
		return "reject"
	case "":
		if typ == "u8" {
			return "reject"
		}
	}
	return "unknown"
}

// readOnlyInChild are global net keys a child network namespace sees
// read-only (the host's value) rather than not at all, from the release
// given: nf_conntrack_standalone.c registers its table per namespace and
// makes the global entries 0444 outside init_net ("Don't allow non-init_net
// ns to alter global sysctls"); commit 19249c0724f2 ("net: make
// net.core.{r,w}mem_{default,max} namespaced", 6.11) exports the socket
// buffer limits read-only.
var readOnlyInChild = []struct {
	key  string
	from kernel.Version
}{
	{"net.netfilter.nf_conntrack_max", kernel.Version{}},
	{"net.nf_conntrack_max", kernel.Version{}},
	{"net.netfilter.nf_conntrack_expect_max", kernel.Version{}},
	{"net.netfilter.nf_conntrack_buckets", kernel.Version{}},
	{"net.core.rmem_max", kernel.Version{Major: 6, Minor: 11}},
	{"net.core.wmem_max", kernel.Version{Major: 6, Minor: 11}},
	{"net.core.rmem_default", kernel.Version{Major: 6, Minor: 11}},
	{"net.core.wmem_default", kernel.Version{Major: 6, Minor: 11}},
}

// childNetns says what a child network namespace sees of a key on
// release v: its "own" copy (per-namespace and per-interface keys), the
// host's value "read-only", nothing ("absent": global net keys are
// registered for the initial namespace only, e.g. ipv4_table and
// net_core_table), or the "host"'s setting for keys outside net.*, which
// network namespaces do not separate.
func childNetns(key string, st catalog.State, v kernel.Version) string {
	if !strings.HasPrefix(key, "net.") {
		if st.Status == catalog.StatusUnknown {
			return "unknown"
		}
		return "host"
	}
	switch st.Facts.Scope {
	case "netns", "iface":
		return "own"
	case "global":
	default:
		return "unknown"
	}
	for _, r := range readOnlyInChild {
		if r.key == key {
			if !v.Less(r.from) {
				return "read-only"
			}
			break
		}
	}
	return "absent"
}

var valueBoundsType = cty.Object(map[string]cty.Type{
	"outside": cty.Bool, "gap_outside": cty.Bool, "bounds": cty.String, "gap_bounds": cty.String, "gap_span": cty.String,
	"rejects": cty.Bool, "ignores": cty.Bool, "handler": cty.String, "facts_from": cty.String,
})

// value_bounds(key, value) checks a value's integers against the bounds
// the target kernel enforces for key (key_info's): outside when one is out
// of them; gap_outside when none is, but one is out of the bounds of a
// change whose range of releases holds the target (so whether the target
// rejects it is not known); the bounds as text ("0..255", "1.." for one
// side); whether the handler rejects such a value with EINVAL or ignores
// it while reporting success; the handler and the tree the facts are from.
func (f *Facts) valueBoundsFunc() function.Function { return valueBoundsFunction(f.valueBounds) }

// valueBoundsFunction is value_bounds answered by bounds (the evaluator
// remembers answers, Facts alone does not); a null value is "".
func valueBoundsFunction(bounds func(key, value string) cty.Value) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "key", Type: cty.String}, {Name: "value", Type: cty.String, AllowNull: true}},
		Type:   function.StaticReturnType(valueBoundsType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			value := ""
			if !args[1].IsNull() {
				value = args[1].AsString()
			}
			return bounds(args[0].AsString(), value), nil
		},
	})
}

func (f *Facts) valueBounds(key, value string) cty.Value {
	return boundsOf(f.keyInfo(key), value)
}

// boundsOf is value_bounds for a key whose key_info is keyInfo.
func boundsOf(keyInfo cty.Value, value string) cty.Value {
	info := keyInfo.AsValueMap()
	bound := func(name string) *int64 {
		v := info[name]
		if v.IsNull() {
			return nil
		}
		n, _ := v.AsBigFloat().Int64()
		return &n
	}
	lo, hi, glo, ghi := bound("min"), bound("max"), bound("gap_min"), bound("gap_max")
	ns := numbers(value)
	outside := outOf(ns, lo, hi)
	gapSpan := info["gap_span"].AsString()
	enforce := info["enforce"].AsString()
	return cty.ObjectVal(map[string]cty.Value{
		"outside": cty.BoolVal(outside), "gap_outside": cty.BoolVal(!outside && gapSpan != "" && outOf(ns, glo, ghi)),
		"bounds": cty.StringVal(boundsString(lo, hi)), "gap_bounds": cty.StringVal(boundsString(glo, ghi)),
		"gap_span": cty.StringVal(gapSpan), "rejects": cty.BoolVal(enforce == "reject"), "ignores": cty.BoolVal(enforce == "ignore"),
		"handler": info["handler"], "facts_from": info["facts_from"],
	})
}

// outOf reports whether a number lies outside lo..hi (nil: unbounded).
func outOf(ns []int64, lo, hi *int64) bool {
	for _, n := range ns {
		if (lo != nil && n < *lo) || (hi != nil && n > *hi) {
			return true
		}
	}
	return false
}

func boundsString(lo, hi *int64) string {
	if lo == nil && hi == nil {
		return ""
	}
	s := ""
	if lo != nil {
		s = strconv.FormatInt(*lo, 10)
	}
	s += ".."
	if hi != nil {
		s += strconv.FormatInt(*hi, 10)
	}
	return s
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

var keyValueType = cty.Object(map[string]cty.Type{"key": cty.String, "value": cty.String})

// configured_keys(pattern) lists the keys the configuration being checked
// sets (their winning values) that match a rule-style key pattern
// ("net.ipv6.conf.*.accept_ra"), as {key, value}.
func (f *Facts) configuredKeysFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "pattern", Type: cty.String}},
		Type:   function.StaticReturnType(cty.List(keyValueType)),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			var vals []cty.Value
			if f.Effective != nil {
				for _, e := range f.Effective.Entries {
					if ok, err := path.Match(kernel.KeyPath(args[0].AsString()), kernel.KeyPath(e.Key)); err == nil && ok && !e.Glob {
						vals = append(vals, cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(e.Key), "value": cty.StringVal(e.Value)}))
					}
				}
			}
			if len(vals) == 0 {
				return cty.ListValEmpty(keyValueType), nil
			}
			return cty.ListVal(vals), nil
		},
	})
}
