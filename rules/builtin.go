package rules

import (
	"embed"
	"path"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The built-in rules and profiles are written in builtin/*.hcl and compiled
// at build time into builtin_gen.go: Go values holding each field, each
// expression's source and position, and what validation computed (kind,
// possible severities, fix). A run therefore parses no HCL for them; each
// expression is parsed the first time it is evaluated. TestBuiltinGenerated
// fails when builtin_gen.go no longer matches the HCL.
//
//go:generate go test -run ^TestBuiltinGenerated$ -update .

//go:embed builtin/*.hcl
var builtinFS embed.FS

// builtins are the compiled built-in rules and profiles, built on first
// use (never in init, so commands that need no rules pay nothing). Sets
// share them: they are not modified after loading.
var builtins = sync.OnceValues(func() ([]*Rule, []*Profile) {
	rs, ps := builtinRules(), builtinProfiles()
	for _, r := range rs {
		if r.Kernel != "" {
			r.constraint = mustConstraint(r.Kernel, r.ID)
		}
	}
	return rs, ps
})

// mustConstraint parses a constraint of the compiled built-ins, which the
// generator already validated: a failure means builtin_gen.go was edited by
// hand, a build defect that must not pass silently.
func mustConstraint(s, who string) constraint {
	c, err := parseConstraint(s)
	if err != nil {
		panic("UNEXPECTED: invalid compiled built-in rules (" + who + "): " + err.Error() + "; run go generate ./rules")
	}
	return c
}

// addBuiltins adds the compiled built-in profiles and the built-in rules
// that keep says to.
func (s *Set) addBuiltins(keep func(*Rule) bool) {
	rs, ps := builtins()
	for _, r := range rs {
		if !keep(r) {
			continue
		}
		s.Rules = append(s.Rules, r)
		s.byRef[r.ID] = r
		s.byRef[r.Name] = r
	}
	for _, p := range ps {
		s.Profiles[p.Name] = p
	}
}

// builtinSources are the built-in HCL files, named "builtin/x.hcl" as
// diagnostics show them.
func builtinSources() []source {
	entries, err := builtinFS.ReadDir("builtin")
	if err != nil {
		panic("UNEXPECTED: failed to read embedded built-in rules: " + err.Error())
	}
	var srcs []source
	for _, e := range entries {
		data, err := builtinFS.ReadFile(path.Join("builtin", e.Name()))
		if err != nil {
			panic("UNEXPECTED: failed to read embedded built-in rules: " + err.Error())
		}
		srcs = append(srcs, source{name: "builtin/" + e.Name(), data: data})
	}
	return srcs
}

// Files are the parsed rule and profile files by name, for printing
// diagnostics with source excerpts. Built-in files are parsed only when
// asked for, which happens only on error paths.
func (s *Set) Files() map[string]*hcl.File {
	out := map[string]*hcl.File{}
	for _, src := range builtinSources() {
		if f, d := hclsyntax.ParseConfig(src.data, src.name, hcl.InitialPos); !d.HasErrors() {
			out[src.name] = f
		}
	}
	for n, f := range s.files {
		out[n] = f
	}
	return out
}
