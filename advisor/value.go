package advisor

import (
	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// target applies at-least / at-most / exactly semantics to the current
// value cur: a value that already satisfies the bound is kept as it is
// (a limit already higher than at_least is never lowered).
func target(pr *rules.Recommendation, cur string) (string, Action) {
	switch {
	case pr.Exactly != nil:
		if cur != "" && kernel.SameValue(cur, *pr.Exactly) {
			return *pr.Exactly, ActionKeep
		}
		return *pr.Exactly, ActionSet
	case pr.AtLeast != nil:
		if cmpAll(cur, *pr.AtLeast, func(c, w int64) bool { return c >= w }) {
			return cur, ActionKeep
		}
		return *pr.AtLeast, ActionSet
	case pr.AtMost != nil:
		if cmpAll(cur, *pr.AtMost, func(c, w int64) bool { return c <= w }) {
			return cur, ActionKeep
		}
		return *pr.AtMost, ActionSet
	}
	return cur, ActionKeep
}

// cmpAll reports whether every number of cur satisfies ok against the
// number at the same position of want. Values that are not all numbers, or
// differ in length, never satisfy a bound.
func cmpAll(cur, want string, ok func(c, w int64) bool) bool {
	c, w := ints(cur), ints(want)
	if len(c) == 0 || len(c) != len(w) {
		return false
	}
	for i := range c {
		if !ok(c[i], w[i]) {
			return false
		}
	}
	return true
}

func ints(s string) []int64 {
	var out []int64
	for _, tok := range splitFields(s) {
		n, ok := kernel.ParseInt(tok)
		if !ok {
			return nil
		}
		out = append(out, n)
	}
	return out
}
