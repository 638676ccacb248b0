package check

import (
	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
)

// supportedFrom is the oldest release an every-kernel check covers
// (DESIGN.md: 3.10 to the newest in the knowledge base).
var supportedFrom = kernel.Version{Major: 3, Minor: 10}

// releases are the releases an every-kernel check evaluates: one per
// major.minor the knowledge base has a tree for, from 3.10 on.
func (o Options) releases() []kernel.Version {
	if o.Releases != nil {
		return o.Releases
	}
	kb := o.Catalog
	if kb == nil {
		kb = catalog.Builtin()
	}
	out := minorsFrom(kb.Releases())
	if len(out) < 10 {
		// A knowledge base without the trees' tables (tests that build a
		// small one) still gets the releases twadvise has always covered.
		return fallbackReleases()
	}
	return out
}

// minorsFrom keeps one version per major.minor, from supportedFrom on,
// oldest first (tables are sorted).
func minorsFrom(rs []catalog.Release) []kernel.Version {
	var out []kernel.Version
	for _, r := range rs {
		v := kernel.Version{Major: r.Version.Major, Minor: r.Version.Minor}
		if v.Less(supportedFrom) || (len(out) > 0 && out[len(out)-1] == v) {
			continue
		}
		out = append(out, v)
	}
	return out
}

// fallbackReleases are the releases of the trees listed in
// the first knowledge base, used when a knowledge base holds no tables.
func fallbackReleases() []kernel.Version {
	var out []kernel.Version
	for _, mm := range [][2]int{{3, 10}, {3, 13}, {3, 14}, {3, 17}, {3, 18}, {4, 6}, {4, 9}, {4, 10}, {4, 11}, {4, 12}, {4, 13}, {4, 14}, {4, 15}, {4, 17}, {4, 18}, {4, 19}, {5, 3}, {5, 4}, {5, 12}, {5, 14}, {6, 0}, {6, 1}, {6, 13}, {6, 14}, {6, 18}} {
		out = append(out, kernel.Version{Major: mm[0], Minor: mm[1]})
	}
	return out
}
