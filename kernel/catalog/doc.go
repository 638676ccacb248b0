// Package catalog is the kernel knowledge base: for every sysctl key, the
// kernel releases that have it, its scope, type, handler, bounds and
// default per release (tables generated from kernel source by
// internal/kextract), curated facts the tables cannot show (no-ops,
// defaults computed at run time, semantic changes), and the events that
// follow from them. docs/catalogue.md says where the data comes from and
// how to regenerate it.
//
// The knowledge base is a value (*KB): rules reach it through their facts,
// and tests build their own from small tables with LoadDir or Build.
package catalog
