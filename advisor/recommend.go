package advisor

import (
	"sort"
	"strings"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
	"github.com/twadvise/twadvise/rules"
)

// Action is what a recommendation asks for.
type Action string

// Actions. Keep still names a value, so a generated drop-in that is applied
// after other files does not lower a limit they raised.
const (
	ActionSet    Action = "set"    // write Value: the current value does not satisfy the profile or a rule
	ActionKeep   Action = "keep"   // the current value already satisfies the profile
	ActionRemove Action = "remove" // the key must go: the target kernel does not have it
)

// Recommendation is the advice for one key.
type Recommendation struct {
	Key        string            `json:"key"`
	Action     Action            `json:"action"`
	Value      string            `json:"value"`   // recommended value; "" for ActionRemove
	Current    string            `json:"current"` // configured (effective) value; "" when not configured
	File       string            `json:"file"`    // where Current comes from
	Line       int               `json:"line"`
	Live       string            `json:"live"`
	LiveStatus kernel.LiveStatus `json:"live_status"`
	Reason     string            `json:"reason"`
	Rules      []string          `json:"rules"`
	Profile    string            `json:"profile,omitempty"` // the profile(s) asking for it
	Source     string            `json:"source,omitempty"`  // public source of the profile's value

	fromProfile bool // the profile asks for this value (not only a rule's suggestion)
}

// Recommend computes the advice for profile p on the facts: the profile's
// recommendations that apply to the target kernel, corrections suggested by
// findings at warning or above, and keys that must be removed. The result is
// sorted by key. Keys the target kernel lacks (the facts' knowledge base) are dropped;
// with an unknown kernel, kernel-constrained recommendations are skipped.
func Recommend(p *rules.Profile, f *rules.Facts, findings []rules.Finding) []Recommendation {
	byKey := map[string]*Recommendation{}
	for _, pr := range applicable(p, f) {
		r := current(f, kernel.CanonicalKey(pr.Key))
		if r.LiveStatus == kernel.LiveAbsent {
			continue // the running kernel is the truth: no such key here
		}
		r.Reason, r.Rules = oneLine(pr.Reason), append([]string(nil), pr.Rules...)
		r.Profile, r.Source = pr.Profile, pr.Source
		cur := base(r)
		if cur == "" {
			// Nothing configured or running: compare with the release's
			// default, and write no line that restates it.
			if def, ok := rules.ReleaseDefault(r.Key, f.Kernel); ok && pr.Satisfies(def) {
				continue
			}
		}
		r.Value, r.Action = target(pr, cur)
		r.fromProfile = true
		byKey[r.Key] = r
	}
	for _, fnd := range findings {
		if fnd.RuleID == profileRuleID {
			continue // the profile's own recommendation already covers it
		}
		applyFinding(byKey, f, fnd)
	}
	reservePorts(byKey, p, f)
	for k, r := range byKey {
		if restatesDefault(r, f) {
			delete(byKey, k)
		}
	}
	out := make([]Recommendation, 0, len(byKey))
	for _, r := range byKey {
		if r.Action != ActionRemove && !exists(f, r.Key) {
			continue
		}
		sort.Strings(r.Rules)
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// applyFinding folds one finding into the advice: a removal, or a correction
// when the finding suggests a value. A profile value that changes the key
// anyway wins over the rule's generic suggestion.
func applyFinding(byKey map[string]*Recommendation, f *rules.Facts, fnd rules.Finding) {
	if fnd.Key == "" || kernel.IsGlob(fnd.Key) || fnd.Severity < rules.Warning {
		return
	}
	key := kernel.CanonicalKey(fnd.Key)
	r := byKey[key]
	if r == nil {
		r = current(f, key)
		byKey[key] = r
	}
	switch {
	case fnd.FixKind == rules.FixRemove:
		r.Action, r.Value, r.Reason = ActionRemove, "", oneLine(fnd.Message)
	case fnd.Suggestion == nil || r.Action == ActionRemove:
		if r.Action == "" {
			delete(byKey, key) // a warning with nothing to advise
			return
		}
	case r.Action == ActionSet && r.Reason != "":
		// the profile already changes this key
	default:
		r.Action, r.Value, r.Reason = ActionSet, *fnd.Suggestion, oneLine(fnd.Message)
	}
	r.Rules = appendUnique(r.Rules, fnd.RuleID)
}

// profileRuleID reports values that miss the profile's recommendations.
const profileRuleID = "TW701"

// restatesDefault reports a line that would change nothing: the key is set
// by no file and the value is the target release's compiled-in default.
func restatesDefault(r *Recommendation, f *rules.Facts) bool {
	if r.File != "" || r.Action == ActionRemove {
		return false
	}
	def, ok := rules.ReleaseDefault(r.Key, f.Kernel)
	return ok && kernel.SameValue(def, r.Value)
}

// current starts a recommendation with what is configured and running.
func current(f *rules.Facts, key string) *Recommendation {
	r := &Recommendation{Key: key, LiveStatus: kernel.LiveNotRead}
	if f.Effective != nil {
		if e, ok := f.Effective.Lookup(key); ok {
			r.Current, r.File, r.Line = SysctlValue(e.Value), e.File, e.Line
		}
	}
	if f.Live != nil {
		lv := f.Live(key)
		r.Live, r.LiveStatus = SysctlValue(lv.Value), lv.Status
	}
	return r
}

// base is the value a recommendation is compared with: the configured one,
// else the running one, else "" (nothing known).
func base(r *Recommendation) string {
	if r.Current != "" {
		return r.Current
	}
	if r.LiveStatus == kernel.LiveOK {
		return r.Live
	}
	return ""
}

func exists(f *rules.Facts, key string) bool {
	kb := f.Catalog
	if kb == nil {
		kb = catalog.Builtin()
	}
	switch kb.State(key, f.Kernel).Status {
	case catalog.StatusRemoved, catalog.StatusMoved, catalog.StatusNotYetAdded:
		return false
	}
	return true
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// SysctlValue is a value as `sysctl` prints and writes it: fields joined by
// one blank. /proc/sys separates vector fields with tabs
// ("32768\t60999"), which a config line or a report should not show.
func SysctlValue(v string) string { return oneLine(v) }

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
