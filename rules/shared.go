package rules

import (
	"sync"

	"github.com/twadvise/twadvise/kernel"
)

// Shared carries what evaluations of one configuration for several target
// kernels can share: the findings of rules whose outcome does not depend on
// the target. Without it, checking every release (no --kernel) evaluated
// every rule once per release. The caller promises that only Kernel and
// Distro differ between the facts it evaluates with one Shared.
type Shared struct {
	mu       sync.Mutex
	findings map[*Rule][]Finding
	index    map[*kernel.Effective]*assignmentIndex
}

// NewShared returns an empty Shared for one configuration.
func NewShared() *Shared {
	return &Shared{findings: map[*Rule][]Finding{}, index: map[*kernel.Effective]*assignmentIndex{}}
}

// assignmentIndex is what evaluation derives from the assignments alone:
// each one's /proc/sys path, and (built when first needed) the winner
// that overrides it.
type assignmentIndex struct {
	paths  []string
	once   sync.Once
	winner map[filePos]*kernel.Setting
}

func newAssignmentIndex(eff *kernel.Effective) *assignmentIndex {
	ix := &assignmentIndex{paths: make([]string, len(eff.Assignments))}
	for i, a := range eff.Assignments {
		ix.paths[i] = kernel.KeyPath(a.Key)
	}
	return ix
}

// overrider is the assignment that overrides the one at pos, or nil.
func (ix *assignmentIndex) overrider(eff *kernel.Effective, pos filePos) *kernel.Setting {
	ix.once.Do(func() {
		ix.winner = map[filePos]*kernel.Setting{}
		for _, e := range eff.Entries {
			for _, sh := range e.Shadowed {
				ix.winner[filePos{sh.File, sh.Line}] = &e.Setting
			}
		}
	})
	return ix.winner[pos]
}

// indexOf returns the index of eff, shared between evaluations when sh is
// set.
func (sh *Shared) indexOf(eff *kernel.Effective) *assignmentIndex {
	if sh == nil {
		return newAssignmentIndex(eff)
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	ix := sh.index[eff]
	if ix == nil {
		ix = newAssignmentIndex(eff)
		sh.index[eff] = ix
	}
	return ix
}

// targetFree reports whether r's findings are the same for every target
// kernel: a setting or census rule without a kernel constraint that reads
// nothing of the target. Diagnostic rules are excluded: their diagnostics
// (profile requirements) can differ per target.
func (r *Rule) targetFree() bool {
	return r.constraint == nil && r.Kind != KindDiagnostic && r.reads()&readsTarget == 0
}

func (sh *Shared) get(r *Rule) ([]Finding, bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	fs, ok := sh.findings[r]
	return fs, ok
}

// keep records the findings of the rules in rs among fs.
func (sh *Shared) keep(rs []*Rule, fs []Finding) {
	if len(rs) == 0 {
		return
	}
	byID := make(map[string]*Rule, len(rs))
	for _, r := range rs {
		byID[r.ID] = r
	}
	kept := map[*Rule][]Finding{}
	for _, f := range fs {
		if r := byID[f.RuleID]; r != nil {
			kept[r] = append(kept[r], f)
		}
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	for _, r := range rs {
		sh.findings[r] = kept[r]
	}
}
