// Package check is the check pipeline as a library: options (paths or a
// root, target kernels, profile, loader, project configuration) → facts
// gathered once → rules evaluated per target kernel → one Result, and the
// Report that is its JSON document, written by `twadvise check --format json`
// and read back by the fleet report and baselines.
//
// cmd/twadvise wires flags into Options and formats the Result; the
// advisor's review mode and tests call Run directly, so there is one
// definition of what "check" does.
package check
