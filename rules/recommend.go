package rules

import "github.com/twadvise/twadvise/kernel"

// KernelHolds reports whether the recommendation applies to kernel k. A
// recommendation without a kernel constraint applies everywhere; one with a
// constraint applies only to a known kernel that satisfies it, because
// advising a key for a kernel we cannot name risks a key that does not
// exist there. An invalid constraint is reported as an error.
func (r *Recommendation) KernelHolds(k *kernel.Release) (bool, error) {
	if r.Kernel == "" {
		return true, nil
	}
	c, err := parseConstraint(r.Kernel)
	if err != nil {
		return false, err
	}
	if k == nil {
		return false, nil
	}
	return c.holds(k.Version), nil
}
