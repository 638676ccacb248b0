package check

import (
	"strings"

	"github.com/twadvise/twadvise/kernel"
)

// didYouMean returns ` (did you mean "x"?)` for the candidates closest to
// got, or "" when none is close: a typo deserves a pointer, not a list of
// everything.
func didYouMean(got string, candidates []string) string {
	best := kernel.Closest(got, candidates, 3)
	if len(best) == 0 {
		return ""
	}
	return ` (did you mean "` + strings.Join(best, `" or "`) + `"?)`
}
