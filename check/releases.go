package check

import "github.com/twadvise/twadvise/kernel"

// supportedFrom is the oldest release an every-kernel check covers
// (DESIGN.md: 3.10 to the newest in the knowledge base).
var supportedFrom = kernel.Version{Major: 3, Minor: 10}

// releases are the releases an every-kernel check evaluates.
func (o Options) releases() []kernel.Version {
	if o.Releases != nil {
		return o.Releases
	}
	var out []kernel.Version
	for _, v := range knowledgeBaseReleases() {
		if !v.Less(supportedFrom) {
			out = append(out, v)
		}
	}
	return out
}

// knowledgeBaseReleases are the releases whose kernel trees were read.
// TODO(kb): take them from the knowledge base once it lands.
func knowledgeBaseReleases() []kernel.Version {
	var out []kernel.Version
	for _, mm := range [][2]int{{3, 10}, {3, 13}, {3, 14}, {3, 17}, {3, 18}, {4, 6}, {4, 9}, {4, 10}, {4, 11}, {4, 12}, {4, 13}, {4, 14}, {4, 15}, {4, 17}, {4, 18}, {4, 19}, {5, 3}, {5, 4}, {5, 12}, {5, 14}, {6, 0}, {6, 1}, {6, 13}, {6, 14}, {6, 18}} {
		out = append(out, kernel.Version{Major: mm[0], Minor: mm[1]})
	}
	return out
}
