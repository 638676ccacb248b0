package check

import (
	"sort"
	"strings"
)

// didYouMean returns ` (did you mean "x"?)` for the candidates closest to
// got, or "" when none is close: a typo deserves a pointer, not a list of
// everything.
func didYouMean(got string, candidates []string) string {
	best := Closest(got, candidates, 3)
	if len(best) == 0 {
		return ""
	}
	return ` (did you mean "` + strings.Join(best, `" or "`) + `"?)`
}

// Closest returns up to n candidates within an edit distance of a third of
// got's length (at least 1, at most 3), closest first.
func Closest(got string, candidates []string, n int) []string {
	limit := min(max(len(got)/3, 1), 3)
	type scored struct {
		s string
		d int
	}
	var hits []scored
	lg := strings.ToLower(got)
	for _, c := range candidates {
		if d := distance(lg, strings.ToLower(c)); d <= limit {
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

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
