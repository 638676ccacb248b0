package rules

import (
	"sync"

	"github.com/twadvise/twadvise/kernel"
	"github.com/zclconf/go-cty/cty"
)

// Shared carries what evaluations of one configuration for several target
// kernels can share: the findings of rules whose outcome does not depend on
// the target. Without it, checking every release (no --kernel) evaluated
// every rule once per release. The caller promises that only Kernel and
// Distro differ between the facts it evaluates with one Shared.
type Shared struct {
	// Targets is how many evaluations will share it; conditions are
	// remembered between them only when there are several, and those
	// evaluations must then run one after another.
	Targets int

	mu       sync.Mutex
	findings map[*Rule][]Finding
	index    map[*kernel.Effective]*assignmentIndex
	conds    *sharedWhens
	spare    []Finding // Recycle's
}

// NewShared returns an empty Shared for one configuration.
func NewShared() *Shared {
	return &Shared{findings: map[*Rule][]Finding{}, index: map[*kernel.Effective]*assignmentIndex{}}
}

// assignmentIndex is what evaluation derives from the assignments alone,
// once for every target kernel: each one's /proc/sys path, numbers that
// tell equal paths and equal lines apart without comparing strings, and
// (built when first needed) the winner that overrides it.
type assignmentIndex struct {
	paths      []string
	entryPaths []string // of each effective entry
	pathID     []int32  // equal for assignments with the same path and glob flag
	nPaths     int
	lineID     []int32 // equal for assignments lineMemo may judge alike
	once       sync.Once
	winner     []*kernel.Setting // by assignment: what overrides it, or nil
}

func newAssignmentIndex(eff *kernel.Effective) *assignmentIndex {
	n := len(eff.Assignments)
	ix := &assignmentIndex{paths: make([]string, n), pathID: make([]int32, n), lineID: make([]int32, n)}
	pathIDs, lineIDs := map[string]int32{}, map[string]int32{}
	for i, a := range eff.Assignments {
		p := kernel.KeyPath(a.Key)
		ix.paths[i] = p
		if a.Glob {
			p += "\x00glob" // a glob setting matches other rules than its path would
		}
		ix.pathID[i] = denseID(pathIDs, p)
		ix.lineID[i] = denseID(lineIDs, lineKey(a))
	}
	ix.nPaths = len(pathIDs)
	ix.entryPaths = make([]string, len(eff.Entries))
	for j, e := range eff.Entries {
		ix.entryPaths[j] = kernel.KeyPath(e.Key)
	}
	return ix
}

// denseID numbers the distinct strings of ids from 0 in order of arrival.
func denseID(ids map[string]int32, s string) int32 {
	id, ok := ids[s]
	if !ok {
		id = int32(len(ids))
		ids[s] = id
	}
	return id
}

// overrider is the assignment that overrides assignment i, or nil.
func (ix *assignmentIndex) overrider(eff *kernel.Effective, i int) *kernel.Setting {
	ix.once.Do(func() {
		// Found by position, as before: a file named twice has two
		// assignments at one position, and both are overridden.
		at := make(map[filePos][]int, len(eff.Assignments))
		for j, a := range eff.Assignments {
			p := filePos{a.File, a.Line}
			at[p] = append(at[p], j)
		}
		ix.winner = make([]*kernel.Setting, len(eff.Assignments))
		for _, e := range eff.Entries {
			for _, sh := range e.Shadowed {
				for _, j := range at[filePos{sh.File, sh.Line}] {
					ix.winner[j] = &e.Setting
				}
			}
		}
	})
	return ix.winner[i]
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

// Recycle hands back the findings list of an evaluation whose findings
// the caller has copied, for the next evaluation to fill: checking every
// release of a file with 200,000 findings otherwise made 50 MB of garbage
// per release.
func (sh *Shared) Recycle(fs []Finding) {
	if sh == nil {
		return
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	clear(fs) // no references kept alive
	sh.spare = fs[:0]
}

// spareFindings is a list to fill, empty; nil when there is none.
func (sh *Shared) spareFindings() []Finding {
	if sh == nil {
		return nil
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	fs := sh.spare
	sh.spare = nil
	return fs
}

// whens is where conditions are remembered between targets; nil when
// there is only one.
func (sh *Shared) whens() *sharedWhens {
	if sh == nil || sh.Targets < 2 {
		return nil
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.conds == nil {
		sh.conds = &sharedWhens{outcomes: map[*Rule][]whenOutcome{}, epochs: map[epochKey][][]cty.Value{}}
	}
	return sh.conds
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
