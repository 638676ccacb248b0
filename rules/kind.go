package rules

import (
	"fmt"
	"slices"
	"sort"
)

// Kind is what a rule is evaluated over, which decides the variables its
// expressions see.
type Kind int

const (
	// KindSetting rules (key = ...) are evaluated per sysctl assignment.
	KindSetting Kind = iota
	// KindDiagnostic rules (diagnostic = ...) turn one kind of parser
	// diagnostic into findings.
	KindDiagnostic
	// KindCensus rules (subject = "census") are evaluated once over the
	// live socket census.
	KindCensus
)

func (k Kind) String() string {
	switch k {
	case KindDiagnostic:
		return "diagnostic"
	case KindCensus:
		return "census"
	}
	return "setting"
}

// Scope says which assignments a setting rule looks at.
type Scope int

const (
	// ScopeAssignment, the default, lints every assignment on its own
	// (DESIGN.md, "Two modes of check"): a hazardous line keeps its finding
	// when a later one overrides it, and the finding names that one.
	ScopeAssignment Scope = iota
	// ScopeEffective looks at the winning assignment of each key only:
	// written scope = "effective", and the default of rules that read what
	// only the merged result has (live, shadowed).
	ScopeEffective
	// ScopeEvery (scope = "every") looks at every assignment, each failing
	// on its own line whatever overrides it (TW101).
	ScopeEvery
)

func (s Scope) String() string {
	switch s {
	case ScopeEffective:
		return "effective"
	case ScopeEvery:
		return "every"
	}
	return "assignment"
}

// FixKind says what a finding asks of the line it is about, for the advisor
// and for reviewed output.
type FixKind int

const (
	// FixNone: the rule only warns; there is nothing to write.
	FixNone FixKind = iota
	// FixSet: write the suggested value (the default when the rule has suggest).
	FixSet
	// FixRemove: delete the line; no value can be right (the key does not
	// exist on the target kernel). A suggestion is then a hint, such as the
	// likely key, never a value.
	FixRemove
)

func (f FixKind) String() string {
	switch f {
	case FixSet:
		return "set"
	case FixRemove:
		return "remove"
	}
	return "none"
}

func parseFixKind(s string) (FixKind, error) {
	switch s {
	case "none":
		return FixNone, nil
	case "set":
		return FixSet, nil
	case "remove":
		return FixRemove, nil
	}
	return FixNone, fmt.Errorf("fix_kind %q: want \"set\" (write the suggested value), \"remove\" (delete the line) or \"none\"", s)
}

// IgnoreDiagnostic is the diagnostic kind of problems with
// "# twadvise:ignore" directives (no reason, unknown rule, suppresses
// nothing). Evaluate raises them after every other rule ran, since
// "suppresses nothing" needs every finding; a rule with this diagnostic
// kind (TW001) reports them.
const IgnoreDiagnostic = "twadvise-ignore"

// globalVariables are seen by every rule kind.
var globalVariables = []string{"kernel", "distro", "profile", "host", "loader", "mode", "netns", "container", "census"}

// kindVariables are the variables each rule kind's expressions see, on top
// of globalVariables. docs/rules.md documents the same sets.
var kindVariables = map[Kind][]string{
	KindSetting:    {"key", "value", "num", "nums", "file", "line", "optional", "glob", "live", "shadowed"},
	KindDiagnostic: {"detail", "file", "line"},
	KindCensus:     {"key", "live"},
}

// Variables lists the variables a rule of kind k may read, sorted.
func (k Kind) Variables() []string {
	out := append(slices.Clone(globalVariables), kindVariables[k]...)
	sort.Strings(out)
	return out
}
