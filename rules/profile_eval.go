package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/twadvise/twadvise/kernel"
)

// DiagProfileRequirement is the diagnostic kind of a value that does not
// meet the profile's recommendation (rule TW701).
const DiagProfileRequirement = "profile-requirement"

// withProfileDiagnostics adds a diagnostic for every recommendation of the
// profile that applies to the target kernel and that the value in effect
// does not meet. Requirements count only for keys the checked files set
// (PATH mode) or that are in effect (system mode: configured, else live);
// a key nobody set is not a finding (DESIGN.md, "Profile").
func withProfileDiagnostics(f *Facts) *Facts {
	p := f.Profile
	if p == nil || len(p.Recommend) == 0 {
		return f
	}
	var add []kernel.Diagnostic
	for _, r := range p.Recommend {
		if ok, err := r.KernelHolds(f.Kernel); err != nil || !ok {
			continue
		}
		if ok, _ := f.KeyOnKernel(r.Key); !ok {
			continue
		}
		key := kernel.CanonicalKey(r.Key)
		d := kernel.Diagnostic{Kind: DiagProfileRequirement, Key: key}
		var value string
		if e, ok := lookupEffective(f, key); ok {
			value, d.File, d.Line = e.Value, e.File, e.Line
		} else if f.Mode == "system" && f.Live != nil {
			lv := f.Live(key)
			if lv.Status != kernel.LiveOK {
				continue
			}
			value, d.File = lv.Value, LiveFile
		} else {
			continue
		}
		// Integer handlers stop at the first non-digit, so an inline
		// comment (TW011's business) does not change what the kernel gets.
		if r.Satisfies(value) || r.Satisfies(beforeComment(value)) {
			continue
		}
		d.Message = fmt.Sprintf("%s = %s does not meet profile %s (%s): %s",
			key, strings.Join(strings.Fields(value), " "), r.Profile, r.Bound(), strings.Join(strings.Fields(r.Reason), " "))
		add = append(add, d)
	}
	if len(add) == 0 {
		return f
	}
	fc := *f
	fc.Diagnostics = append(slices.Clone(f.Diagnostics), add...)
	return &fc
}

func lookupEffective(f *Facts, key string) (kernel.Setting, bool) {
	if f.Effective == nil {
		return kernel.Setting{}, false
	}
	e, ok := f.Effective.Lookup(key)
	if !ok || e.Exclude {
		return kernel.Setting{}, false
	}
	return e.Setting, true
}

// relaxed drops the findings of rules the profile relaxes: its
// application's documentation asks for what the generic rule warns about.
func relaxed(p *Profile, fs []Finding) []Finding {
	if p == nil || len(p.Relax) == 0 {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		if !slices.ContainsFunc(p.Relax, func(x *Relax) bool { return x.Rule == f.RuleID }) {
			out = append(out, f)
		}
	}
	return out
}

// beforeComment is value up to an inline "#" comment.
func beforeComment(value string) string {
	if i := strings.Index(value, "#"); i >= 0 {
		return strings.TrimSpace(value[:i])
	}
	return value
}
