package advisor

import (
	"fmt"

	"github.com/twadvise/twadvise/rules"
)

// applicable are the profile's recommendations for the target kernel:
// those whose kernel constraint holds and whose key the release has.
func applicable(p *rules.Profile, f *rules.Facts) []*rules.Recommendation {
	if p == nil {
		return nil
	}
	var out []*rules.Recommendation
	for _, pr := range p.Recommend {
		if ok, err := pr.KernelHolds(f.Kernel); err != nil || !ok {
			continue
		}
		if ok, _ := f.KeyOnKernel(pr.Key); !ok {
			continue
		}
		out = append(out, pr)
	}
	return out
}

// Skipped are notes for the profile's recommendations that the target
// kernel has no key for: they are left out of every generated file.
func Skipped(p *rules.Profile, f *rules.Facts) []string {
	if p == nil || f.Kernel == nil {
		return nil
	}
	var out []string
	for _, pr := range p.Recommend {
		if ok, why := f.KeyOnKernel(pr.Key); !ok {
			out = append(out, fmt.Sprintf("profile %s recommends %s, which Linux %s does not have (%s): skipped", pr.Profile, pr.Key, f.Kernel.Raw, why))
			continue
		}
		if pr.Kernel != "" {
			if ok, err := pr.KernelHolds(f.Kernel); err == nil && !ok {
				out = append(out, fmt.Sprintf("profile %s recommends %s only on kernel %s: skipped for Linux %s", pr.Profile, pr.Key, pr.Kernel, f.Kernel.Raw))
			}
		}
	}
	return out
}
