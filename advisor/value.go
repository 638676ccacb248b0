package advisor

import (
	"github.com/twadvise/twadvise/rules"
)

// target applies at-least / at-most / exactly semantics to the current
// value cur: a value that already satisfies every bound is kept as it is
// (a limit already higher than at_least is never lowered). Otherwise the
// exact value, or the bound cur misses, is set.
func target(pr *rules.Recommendation, cur string) (string, Action) {
	if pr.Satisfies(cur) {
		if pr.Exactly != nil {
			return *pr.Exactly, ActionKeep
		}
		return cur, ActionKeep
	}
	switch {
	case pr.Exactly != nil:
		return *pr.Exactly, ActionSet
	case pr.AtLeast != nil && (pr.AtMost == nil || !atLeast(cur, *pr.AtLeast)):
		return *pr.AtLeast, ActionSet
	case pr.AtMost != nil:
		return *pr.AtMost, ActionSet
	}
	return cur, ActionKeep
}

// atLeast reports whether cur meets at_least lo (and so missed at_most).
func atLeast(cur, lo string) bool {
	r := rules.Recommendation{AtLeast: &lo}
	return r.Satisfies(cur)
}
