package kernel

import (
	"sort"
	"strings"
)

// Edit distances for "did you mean" suggestions, shared by the knowledge
// base's key suggestions and the distro names of --kernel.

// maxSuggestions bounds a "did you mean" answer: more choices than this
// help nobody.
const maxSuggestions = 3

// TypoBound is how many edits a component of length n may be off by and
// still count as a typo: none for very short names, where every key is
// within a few edits of every other.
func TypoBound(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 6:
		return 1
	case n <= 14:
		return 2
	default:
		return 3
	}
}

// OSADistance is the optimal string alignment distance (Levenshtein plus
// adjacent transpositions, so "recylce" is one edit from "recycle"). It
// returns bound+1 as soon as the distance must exceed bound.
func OSADistance(a, b string, bound int) int {
	if d := len(a) - len(b); d > bound || -d > bound {
		return bound + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > bound {
			return bound + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], bound+1)
}

// Closest returns up to n candidates within an edit distance of a third
// of got's length (at least 1, at most 3), closest first, compared without
// case: the "did you mean" of flags, profile and rule names.
func Closest(got string, candidates []string, n int) []string {
	bound := min(max(len(got)/3, 1), 3)
	type scored struct {
		s string
		d int
	}
	var hits []scored
	lg := strings.ToLower(got)
	for _, c := range candidates {
		if d := OSADistance(lg, strings.ToLower(c), bound); d <= bound {
			hits = append(hits, scored{c, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].d < hits[j].d })
	var out []string
	for i := 0; i < len(hits) && i < n; i++ {
		out = append(out, hits[i].s)
	}
	return out
}
