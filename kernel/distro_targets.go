package kernel

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Target is one kernel to check against: a release, and the distribution
// release when it is known (named, or inferred from the release string).
type Target struct {
	Release Release
	Distro  *Distro // nil when no single distribution release is known
}

// ErrTarget is wrapped by every ParseTargets error.
var ErrTarget = errors.New("invalid kernel target")

// ParseTargets parses a --kernel value: a comma-separated list whose items
// are kernel releases ("6.8", "3.10.0-1160.el7.x86_64") or distribution
// names ("rhel7", "debian-12", "jammy"). A distribution name stands for its
// kernel, with Vendor set for vendor kernels; a release string keeps its
// version, gains the Vendor its suffix implies, and carries the Distro when
// DistroForRelease knows it. Repeated items are kept once. An error names
// the bad item and suggests distribution names close to it.
func ParseTargets(spec string) ([]Target, error) {
	var out []Target
	seen := map[string]bool{}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, fmt.Errorf("%w: empty item in %q (want a comma-separated list such as 5.15,rhel9)", ErrTarget, spec)
		}
		t, err := parseTarget(item)
		if err != nil {
			return nil, err
		}
		key := "release:" + strings.ToLower(item)
		if t.Distro != nil && !startsWithDigit(item) {
			key = "distro:" + t.Distro.Name // rhel7 and centos7 are one target
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, t)
		}
	}
	return out, nil
}

func parseTarget(item string) (Target, error) {
	// No distribution name starts with a digit (the table refuses one), so
	// a release is read as such without parsing the table.
	if !startsWithDigit(item) {
		if d, ok := LookupDistro(item); ok {
			return Target{Release: d.Release(item), Distro: &d}, nil
		}
	}
	r, err := ParseRelease(item)
	if err != nil {
		if s := SuggestDistro(item); len(s) > 0 {
			return Target{}, fmt.Errorf("%w %q: not a kernel release or a known distribution; did you mean %s?", ErrTarget, item, strings.Join(s, ", "))
		}
		if strings.ContainsFunc(item, isLetter) && !startsWithDigit(item) {
			return Target{}, fmt.Errorf("%w %q: not a known distribution (see the distro table for names) nor a kernel release", ErrTarget, item)
		}
		return Target{}, fmt.Errorf("%w: %w", ErrTarget, err)
	}
	if r.Raw != releaseNumber(r.Raw) {
		r.Vendor = familyVendor(r) // from the suffix: "-91-generic", ".amzn2"
	}
	t := Target{Release: r}
	if d, ok := DistroForRelease(r); ok {
		t.Distro = &d
	}
	return t, nil
}

// SuggestDistro returns canonical names of distribution releases whose name
// or alias is a close typo of name, best first, at most three; nil when name
// is known or nothing is close. "rhel77" suggests rhel-7, "ubuntu-22.10"
// ubuntu-22.04.
func SuggestDistro(name string) []string {
	if _, ok := LookupDistro(name); ok {
		return nil
	}
	key := normDistroName(name)
	if !strings.ContainsFunc(key, isLetter) {
		return nil
	}
	bound := max(1, TypoBound(len(key)))
	best := map[string]int{}
	var order []string
	for _, d := range distros().rows {
		for _, alias := range append([]string{d.Name}, d.Aliases...) {
			dist := OSADistance(key, normDistroName(alias), bound)
			if dist > bound {
				continue
			}
			if old, ok := best[d.Name]; !ok || dist < old {
				if !ok {
					order = append(order, d.Name)
				}
				best[d.Name] = dist
			}
		}
	}
	slices.SortStableFunc(order, func(a, b string) int { return best[a] - best[b] })
	return order[:min(len(order), maxSuggestions)]
}

func isLetter(c rune) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }
