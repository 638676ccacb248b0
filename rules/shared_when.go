package rules

import (
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/twadvise/twadvise/kernel/catalog"
)

// Checking every release (no --kernel) evaluates each setting's rules
// once per release, and most conditions come out the same in each: they
// read the target only through what the knowledge base says of the
// setting's own key, and what they read of it (a status, a type, bounds)
// changes at a few releases, not forty. So a condition's outcome is
// remembered per setting together with the epoch of the facts it read (the
// distinct values of the attributes of key_state and key_info it looks at;
// facts_from, say, names a different tree for every release, so a
// condition that does not read it must not compare it), and a later
// release whose facts are the same reuses it. Only the condition is
// shared: a rule that fires still builds its message for each release.

// whenShare is how a rule's condition may be shared between releases.
type whenShare uint8

const (
	whenNotShared  whenShare = iota
	whenTargetFree           // reads nothing of the target: the same for every release
	whenKeyFacts             // reads the target only through key_state(key), key_info(key), value_bounds(key, ...)
)

// factRef is one attribute a condition reads of key_state(key) ("state")
// or key_info(key) ("info"); attr "" is the whole object.
type factRef struct{ fn, attr string }

// boundsNeeds is what each attribute of value_bounds is computed from,
// among key_info's attributes (boundsOf).
var boundsNeeds = map[string][]string{
	"outside":     {"min", "max"},
	"gap_outside": {"min", "max", "gap_span", "gap_min", "gap_max"},
	"bounds":      {"min", "max"},
	"gap_bounds":  {"gap_min", "gap_max"},
	"gap_span":    {"gap_span"},
	"rejects":     {"enforce"},
	"ignores":     {"enforce"},
	"handler":     {"handler"},
	"facts_from":  {"facts_from"},
}

// shareOf classifies a parsed condition and lists the facts it reads.
// Anything it does not recognise (another variable or function of the
// target, a catalogue question about another key) is not shared.
func shareOf(e hcl.Expression) (whenShare, []factRef) {
	se, ok := e.(hclsyntax.Expression)
	if !ok {
		return whenNotShared, nil
	}
	for _, v := range e.Variables() {
		if targetVars[v.RootName()] {
			return whenNotShared, nil
		}
	}
	share := whenTargetFree
	refs := map[factRef]bool{}
	attrOf := map[*hclsyntax.FunctionCallExpr]string{}
	hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl.Diagnostics {
		switch x := n.(type) {
		case *hclsyntax.RelativeTraversalExpr:
			// key_info(key).type: visited before the call it reads.
			if c, ok := x.Source.(*hclsyntax.FunctionCallExpr); ok && len(x.Traversal) > 0 {
				if a, ok := x.Traversal[0].(hcl.TraverseAttr); ok {
					attrOf[c] = a.Name
				}
			}
		case *hclsyntax.FunctionCallExpr:
			if !targetFuncs[x.Name] {
				return nil
			}
			if !keyFactsCall(x) {
				share = whenNotShared
				return nil
			}
			if share == whenTargetFree {
				share = whenKeyFacts
			}
			attr := attrOf[x]
			switch {
			case x.Name == "key_state":
				refs[factRef{"state", attr}] = true
			case x.Name == "key_info":
				refs[factRef{"info", attr}] = true
			case attr == "" || boundsNeeds[attr] == nil:
				refs[factRef{"info", ""}] = true
			default:
				for _, a := range boundsNeeds[attr] {
					refs[factRef{"info", a}] = true
				}
			}
		}
		return nil
	})
	if share != whenKeyFacts {
		return share, nil
	}
	list := make([]factRef, 0, len(refs))
	for r := range refs {
		list = append(list, r)
	}
	sort.Slice(list, func(i, j int) bool {
		return list[i].fn < list[j].fn || list[i].fn == list[j].fn && list[i].attr < list[j].attr
	})
	return share, list
}

// keyFactsCall reports whether c asks the knowledge base about the
// setting's own key: key_state(key), key_info(key), value_bounds(key, v).
func keyFactsCall(c *hclsyntax.FunctionCallExpr) bool {
	switch c.Name {
	case "key_state", "key_info", "value_bounds":
	default:
		return false
	}
	if len(c.Args) == 0 || c.ExpandFinal {
		return false
	}
	t, ok := c.Args[0].(*hclsyntax.ScopeTraversalExpr)
	return ok && len(t.Traversal) == 1 && t.Traversal.RootName() == "key"
}

// whenOutcome is a remembered condition: its value for one setting, and
// the epoch of the key's facts it held for.
type whenOutcome struct {
	epoch int32
	value int8 // 0: none remembered, 1: false, 2: true
}

// sharedWhens are the conditions remembered for one configuration, per
// rule, by subject (assignment index, then effective entry index). The
// evaluations that share it run one after another (check.Evaluate's loop
// over targets), so it has no lock.
type sharedWhens struct {
	outcomes map[*Rule][]whenOutcome
	entries  []subjectEntry             // by subject: its knowledge-base entry, looked up once
	epochs   map[epochKey][][]cty.Value // each entry's distinct facts so far, per list of facts read
}

// subjectEntry is a subject's knowledge-base entry: 0 not looked up yet,
// 1 unknown key, 2 known.
type subjectEntry struct {
	entry *catalog.Key
	state int8
}

// entryOf is the entry of the current setting's key, subject i of n,
// looked up in the first target that asks.
func (sw *sharedWhens) entryOf(ev *evaluator, i, n int) (*catalog.Key, bool) {
	if sw.entries == nil {
		sw.entries = make([]subjectEntry, n)
	}
	e := &sw.entries[i]
	if e.state == 0 {
		k, ok := ev.entry(ev.cur.Key) // the last key's entry is remembered there too
		*e = subjectEntry{k, 1}
		if ok {
			e.state = 2
		}
	}
	return e.entry, e.state == 2
}

// epochKey is a knowledge-base entry and the facts a condition reads of it
// (factsID of their list).
type epochKey struct {
	entry *catalog.Key
	facts int32
}

// factsIDs numbers the distinct lists of facts conditions read, so that
// epochs are found by a number, not by hashing the list's name millions
// of times.
var factsIDs = struct {
	sync.Mutex
	m map[string]int32
}{m: map[string]int32{}}

func factsID(name string) int32 {
	factsIDs.Lock()
	defer factsIDs.Unlock()
	return denseID(factsIDs.m, name)
}

// epochOf numbers the distinct values of the facts read of an entry.
func (sw *sharedWhens) epochOf(k epochKey, values []cty.Value) int32 {
	seen := sw.epochs[k]
next:
	for i, vs := range seen {
		for j := range vs {
			if !vs[j].RawEquals(values[j]) {
				continue next
			}
		}
		return int32(i)
	}
	sw.epochs[k] = append(seen, values)
	return int32(len(seen))
}

// outcomesOf is r's outcomes, by subject.
func (sw *sharedWhens) outcomesOf(r *Rule, subjects int) []whenOutcome {
	s := sw.outcomes[r]
	if s == nil {
		s = make([]whenOutcome, subjects)
		sw.outcomes[r] = s
	}
	return s
}

// sharedCond is where r's condition for the current setting is kept
// between targets, and the epoch of the facts it reads; ok false when it
// is not shared (then the caller evaluates it as usual).
func (ev *evaluator) sharedCond(r *Rule) (slot *whenOutcome, epoch int32, ok bool) {
	sw := ev.sharedWhens()
	if sw == nil || ev.subject < 0 {
		return nil, 0, false
	}
	switch r.conditionShare() {
	case whenNotShared:
		return nil, 0, false
	case whenKeyFacts:
		if epoch, ok = ev.epoch(sw, r); !ok {
			return nil, 0, false
		}
	}
	slots := ev.slots[r]
	if slots == nil {
		slots = sw.outcomesOf(r, ev.subjects)
		ev.slots[r] = slots
	}
	return &slots[ev.subject], epoch, true
}

// sharedWhens is the Shared's table, looked up once per evaluation.
func (ev *evaluator) sharedWhens() *sharedWhens {
	if !ev.swAsked {
		ev.sw, ev.swAsked = ev.facts.Shared.whens(), true
	}
	return ev.sw
}

// epoch is the (1-based) epoch of the facts r's condition reads of the
// current setting's key; ok false for a key the knowledge base lacks (its
// answers depend on its spelling). The epochs of the last entry asked are
// kept in a short list: a setting's rules ask in turn, and 200,000
// interfaces' rp_filter are one entry.
func (ev *evaluator) epoch(sw *sharedWhens, r *Rule) (int32, bool) {
	k, known := sw.entryOf(ev, ev.subject, ev.subjects)
	if !known {
		return 0, false
	}
	if k != ev.epochEntry {
		ev.epochEntry, ev.entryEpochs = k, ev.entryEpochs[:0]
	}
	for _, e := range ev.entryEpochs {
		if e.facts == r.shareID {
			return e.epoch, true
		}
	}
	ek := epochKey{k, r.shareID}
	epoch := ev.epochs[ek]
	if epoch == 0 {
		epoch = sw.epochOf(ek, ev.factValues(r.shareFacts)) + 1
		ev.epochs[ek] = epoch
	}
	ev.entryEpochs = append(ev.entryEpochs, entryEpoch{r.shareID, epoch})
	return epoch, true
}

// entryEpoch is the epoch of one list of facts of the last entry asked.
type entryEpoch struct {
	facts, epoch int32
}

// factValues are the values of refs for the current setting's key.
func (ev *evaluator) factValues(refs []factRef) []cty.Value {
	out := make([]cty.Value, len(refs))
	for i, r := range refs {
		v := ev.keyInfoOf(ev.cur.Key)
		if r.fn == "state" {
			v = ev.keyState(ev.cur.Key)
		}
		if r.attr != "" && v.Type().IsObjectType() && v.Type().HasAttribute(r.attr) {
			v = v.GetAttr(r.attr)
		}
		out[i] = v
	}
	return out
}

// conditionShare classifies r's condition once it is parsed.
func (r *Rule) conditionShare() whenShare {
	r.shareOnce.Do(func() {
		if r.Kind != KindSetting || !r.when.present() {
			return
		}
		if e, d := r.when.get(); !d.HasErrors() {
			r.share, r.shareFacts = shareOf(e)
			name := ""
			for _, f := range r.shareFacts {
				name += f.fn + "." + f.attr + ","
			}
			r.shareID = factsID(name)
		}
	})
	return r.share
}
