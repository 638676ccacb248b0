package rules

import (
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
)

// evaluator holds one evaluation's state: the facts, one variable map that
// is refilled for each setting (never copied per rule), and the index
// value_before() searches.
type evaluator struct {
	facts *Facts
	res   *Result
	vars  map[string]cty.Value
	ctx   *hcl.EvalContext

	// The setting being evaluated, for value_before(): its index in
	// Effective.Assignments, or -1 until looked up (at).
	cur         kernel.Setting
	curAt       int
	curShadowed []kernel.Setting
	// pending is a setting whose variables are not built yet: when every
	// rule that looks at it answers from its memo, they never are.
	pending     bool
	pendingNeed reads
	// byKey lists, per canonical key, the indexes of the assignments that
	// set it; at maps file and line to an assignment's index. Built on the
	// first value_before() call.
	byKey map[string][]int
	at    map[filePos]int

	// memo keeps, per rule, the outcome for each combination of the
	// setting variables the rule reads (see Rule.memoClass), so a value
	// repeated on many lines is judged once.
	memo map[*Rule]*memo
	// The last key_info and key_state answers: the rules that look at a
	// setting ask about its key one after the other, and a cache of every
	// key would grow with the file.
	infoKey, stateKey string
	info, state       cty.Value
	// byEntry keeps key_state and key_info answers per knowledge-base
	// entry: every key an entry covers (net.ipv4.conf.*.rp_filter for
	// each interface) gets the same answer, which is what keeps 200,000
	// interface keys cheap. Unknown keys are not kept (their "did you
	// mean" depends on the key).
	stateByEntry, infoByEntry map[*catalog.Key]cty.Value
	boundsByEntry             map[boundsKey]cty.Value
	entryKey                  string // entry's last question and answer
	entryVal                  *catalog.Key
	entryOK, entryAsked       bool
	// subject is the setting being judged, for conditions shared between
	// targets: its assignment index, or len(Assignments) + its entry's
	// index; -1 for anything else. subjects is how many there are.
	subject, subjects int
	epochs            map[epochKey]int32 // each entry's epoch of facts (+1) for this target
	sw                *sharedWhens
	swAsked           bool
	slots             map[*Rule][]whenOutcome // sw's, for this evaluation's rules
	epochEntry        *catalog.Key            // whose epochs entryEpochs holds
	entryEpochs       []entryEpoch
}

type filePos struct {
	file string
	line int
}

func newEvaluator(f *Facts, res *Result) *evaluator {
	ev := &evaluator{facts: f, res: res, curAt: -1, memo: map[*Rule]*memo{},
		stateByEntry: map[*catalog.Key]cty.Value{}, infoByEntry: map[*catalog.Key]cty.Value{},
		boundsByEntry: map[boundsKey]cty.Value{}, subject: -1, epochs: map[epochKey]int32{},
		slots: map[*Rule][]whenOutcome{}}
	ev.vars = map[string]cty.Value{
		"kernel":    f.kernelVal(),
		"profile":   f.profileVal(),
		"host":      f.hostVal(),
		"loader":    cty.StringVal(string(f.Loader)),
		"mode":      cty.StringVal(f.Mode),
		"netns":     cty.StringVal(f.NetNS),
		"container": cty.BoolVal(f.Container),
		"census":    censusVal(f.Census),
		"distro":    f.distroVal(),
	}
	ev.ctx = &hcl.EvalContext{Variables: ev.vars, Functions: ev.functions()}
	return ev
}

// functions are the facts' functions plus value_before, which needs the
// setting being evaluated.
func (ev *evaluator) functions() map[string]function.Function {
	fs := ev.facts.functions()
	fs["value_before"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "key", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return ev.valueBefore(args[0].AsString()), nil
		},
	})
	fs["overrides_in_file"] = function.New(&function.Spec{
		Type: function.StaticReturnType(overridesType),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return ev.overridesInFile(), nil
		},
	})
	fs["key_state"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "key", Type: cty.String}},
		Type:   function.StaticReturnType(keyStateType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return ev.keyState(args[0].AsString()), nil
		},
	})
	fs["key_info"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "key", Type: cty.String}},
		Type:   function.StaticReturnType(keyInfoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return ev.keyInfoOf(args[0].AsString()), nil
		},
	})
	fs["value_bounds"] = valueBoundsFunction(ev.valueBounds)
	return fs
}

// valueBounds is value_bounds(key, value), remembered per knowledge-base
// entry and value: 200,000 interfaces' rp_filter = 1 are one question.
func (ev *evaluator) valueBounds(key, value string) cty.Value {
	k, ok := ev.entry(key)
	if !ok {
		return ev.facts.valueBounds(key, value)
	}
	bk := boundsKey{k, value}
	if v, ok := ev.boundsByEntry[bk]; ok {
		return v
	}
	v := boundsOf(ev.keyInfoOf(key), value)
	if len(ev.boundsByEntry) < maxMemo {
		ev.boundsByEntry[bk] = v
	}
	return v
}

// entry is the knowledge-base entry of key, remembered for the last key
// asked: the rules looking at one setting ask about its key in turn.
func (ev *evaluator) entry(key string) (*catalog.Key, bool) {
	if !ev.entryAsked || ev.entryKey != key {
		ev.entryKey, ev.entryAsked = key, true
		ev.entryVal, ev.entryOK = ev.facts.kb().Key(key)
	}
	return ev.entryVal, ev.entryOK
}

type boundsKey struct {
	entry *catalog.Key
	value string
}

// keyInfoOf is key_info(key), remembered for the last key asked.
func (ev *evaluator) keyInfoOf(key string) cty.Value {
	if ev.info == cty.NilVal || ev.infoKey != key {
		ev.infoKey, ev.info = key, ev.byEntry(key, ev.infoByEntry, ev.facts.keyInfo)
	}
	return ev.info
}

// keyState is key_state(key), remembered for the last key asked.
func (ev *evaluator) keyState(key string) cty.Value {
	if ev.state == cty.NilVal || ev.stateKey != key {
		ev.stateKey, ev.state = key, ev.byEntry(key, ev.stateByEntry, ev.facts.keyState)
	}
	return ev.state
}

// byEntry answers for key from the cache of its knowledge-base entry.
// key_state and key_info build their answer from the entry and the target
// kernel only, never from the key's own spelling.
func (ev *evaluator) byEntry(key string, cache map[*catalog.Key]cty.Value, build func(string) cty.Value) cty.Value {
	k, ok := ev.entry(key)
	if !ok {
		return build(key)
	}
	if v, ok := cache[k]; ok {
		return v
	}
	v := build(key)
	cache[k] = v
	return v
}

// functionNames are the functions rule expressions may call.
var functionNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	for n := range (&evaluator{facts: &Facts{}}).functions() {
		names[n] = true
	}
	return names
})

// clear removes the variables of the previous subject, so that a rule of
// one kind never sees another kind's variables.
func (ev *evaluator) clear(kind Kind) {
	for _, k := range []Kind{KindSetting, KindDiagnostic, KindCensus} {
		if k != kind {
			for _, n := range kindVariables[k] {
				delete(ev.vars, n)
			}
		}
	}
}

// setSetting fills the variables of a setting rule; at is the setting's
// index in Effective.Assignments, or -1 when not known. Only the variables
// in need are built (the rules about to run read no others): on a large
// file, numbers, live objects and the shadowed list are most of the cost.
func (ev *evaluator) setSetting(st kernel.Setting, shadowed []kernel.Setting, at int, need reads) {
	f := ev.facts
	ev.clear(KindSetting)
	ev.cur, ev.curAt, ev.curShadowed = st, at, shadowed
	v := ev.vars
	v["key"] = cty.StringVal(st.Key)
	v["value"] = cty.StringVal(st.Value)
	v["file"] = cty.StringVal(st.File)
	v["optional"] = cty.BoolVal(st.Optional)
	v["glob"] = cty.BoolVal(st.Glob)
	if need&readsNum != 0 {
		ns := numbers(st.Value)
		v["num"], v["nums"] = numOf(ns), numsOf(ns)
	} else {
		delete(v, "num")
		delete(v, "nums")
	}
	if need&readsLine != 0 {
		v["line"] = cty.NumberIntVal(int64(st.Line))
	} else {
		delete(v, "line")
	}
	if need&readsLive != 0 {
		live := kernel.Live{Status: kernel.LiveNotRead}
		if f.Live != nil && !st.Glob {
			live = f.Live(st.Key)
		}
		v["live"] = liveVal(live)
	} else {
		delete(v, "live")
	}
	if need&readsShadowed != 0 {
		v["shadowed"] = shadowedVal(shadowed)
	} else {
		delete(v, "shadowed")
	}
}

// next records the setting the next rules look at; ready builds its
// variables when a rule is really evaluated.
func (ev *evaluator) next(st kernel.Setting, shadowed []kernel.Setting, at int, need reads) {
	ev.cur, ev.curAt, ev.curShadowed = st, at, shadowed
	ev.pending, ev.pendingNeed = true, need
}

func (ev *evaluator) ready() {
	if ev.pending {
		ev.pending = false
		ev.setSetting(ev.cur, ev.curShadowed, ev.curAt, ev.pendingNeed)
	}
}

// needs is the union of what rules read.
func needs(rs []*Rule) reads {
	var d reads
	for _, r := range rs {
		d |= r.reads()
	}
	return d
}

func (ev *evaluator) setDiagnostic(d kernel.Diagnostic) {
	ev.clear(KindDiagnostic)
	ev.cur, ev.curAt, ev.curShadowed, ev.pending = kernel.Setting{}, -1, nil, false
	ev.vars["detail"] = cty.StringVal(d.Message)
	ev.vars["file"] = cty.StringVal(d.File)
	ev.vars["line"] = cty.NumberIntVal(int64(d.Line))
}

func (ev *evaluator) setCensus(key string, live kernel.Live) {
	ev.clear(KindCensus)
	ev.cur, ev.curAt, ev.curShadowed, ev.pending = kernel.Setting{}, -1, nil, false
	ev.vars["key"] = cty.StringVal(key)
	ev.vars["live"] = liveVal(live)
}

var liveNotRead = cty.ObjectVal(map[string]cty.Value{"value": cty.NullVal(cty.String), "status": cty.StringVal(string(kernel.LiveNotRead))})

func liveVal(live kernel.Live) cty.Value {
	if live.Status == kernel.LiveNotRead {
		return liveNotRead
	}
	v := cty.NullVal(cty.String)
	if live.Status == kernel.LiveOK {
		v = cty.StringVal(live.Value)
	}
	return cty.ObjectVal(map[string]cty.Value{"value": v, "status": cty.StringVal(string(live.Status))})
}

// valueBefore is the value key had just before the current setting was
// applied (null when nothing set it earlier): what the kernel checks a
// write against (TW302). Each call is a binary search, so rules that ask
// keep check linear in the number of assignments.
func (ev *evaluator) valueBefore(key string) cty.Value {
	eff := ev.facts.Effective
	if eff == nil || ev.cur.File == "" && ev.cur.Line == 0 && ev.curAt < 0 {
		return cty.NullVal(cty.String)
	}
	if ev.byKey == nil {
		ev.byKey, ev.at = map[string][]int{}, map[filePos]int{}
		for i, a := range eff.Assignments {
			if _, dup := ev.at[filePos{a.File, a.Line}]; !dup {
				ev.at[filePos{a.File, a.Line}] = i
			}
			if !a.Exclude && !a.Glob {
				k := kernel.CanonicalKey(a.Key)
				ev.byKey[k] = append(ev.byKey[k], i)
			}
		}
	}
	at := ev.curAt
	if at < 0 {
		i, ok := ev.at[filePos{ev.cur.File, ev.cur.Line}]
		if !ok {
			i = len(eff.Assignments)
		}
		at = i
	}
	idx := ev.byKey[kernel.CanonicalKey(key)]
	n := sort.SearchInts(idx, at)
	if n == 0 {
		return cty.NullVal(cty.String)
	}
	return cty.StringVal(eff.Assignments[idx[n-1]].Value)
}

var overridesType = cty.Object(map[string]cty.Type{"count": cty.Number, "first_line": cty.Number})

// overridesInFile is overrides_in_file(): how many earlier assignments of
// the current setting's key in its own file it overrides with a value that
// differs as the kernel reads it, and the line of the first (null when
// none). What TW016 reports, in one pass over the overridden assignments:
// a for expression over shadowed cost some 15 µs an element.
func (ev *evaluator) overridesInFile() cty.Value {
	n, first := 0, cty.NullVal(cty.Number)
	for _, s := range ev.curShadowed {
		if s.File == ev.cur.File && !kernel.SameValue(s.Value, ev.cur.Value) {
			if n == 0 {
				first = cty.NumberIntVal(int64(s.Line))
			}
			n++
		}
	}
	return cty.ObjectVal(map[string]cty.Value{"count": cty.NumberIntVal(int64(n)), "first_line": first})
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
