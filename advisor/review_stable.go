package advisor

import (
	"bytes"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// Checker re-checks a reviewed version of the file: its effective
// configuration, findings and recommendations.
type Checker func(src []byte) (*kernel.Effective, []rules.Finding, []Recommendation)

// NewChecker checks src as the only file of a PATH-mode run with the facts
// of base (kernel, loader, profile), the way `twadvise check PATH` would.
func NewChecker(set *rules.Set, base rules.Facts, path string) Checker {
	return func(src []byte) (*kernel.Effective, []rules.Finding, []Recommendation) {
		f := base
		f.Effective = kernel.Merge(base.Loader, []*kernel.ConfigFile{kernel.ParseFile(path, src)}, nil)
		res := set.Evaluate(&f)
		return f.Effective, res.Findings, Recommend(f.Profile, &f, res.Findings)
	}
}

// maxReviewPasses bounds ReviewStable; each pass only comments out or
// corrects lines, so real files settle in two or three.
const maxReviewPasses = 8

// ReviewStable reviews until a pass changes nothing. One pass can leave a
// finding behind: a correction can trip another rule (a port range fixed
// for parity that still covers a service port), and a value fixed on one
// line changes what rules say about another. Re-checking the output and
// reviewing again until it is stable makes the result idempotent and
// clean for `twadvise check` with the same kernel and profile.
func ReviewStable(in ReviewInput, check Checker) []byte {
	out := Review(in)
	for i := 1; i < maxReviewPasses && !bytes.Equal(out, in.Src); i++ {
		in.Src = out
		in.Effective, in.Findings, in.Recs = check(out)
		out = Review(in)
	}
	return out
}
