package rules

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateDocs = flag.Bool("update", false, "rewrite builtin_gen.go and the built-in rules in docs/rules.md")

// TestDocsListRules fails when docs/rules.md's section of built-in rules
// (a table, then each rule's description) is not what the HCL gives, so
// the documentation, explain and SARIF help come from one place;
// `go test ./rules -update` rewrites it.
func TestDocsListRules(t *testing.T) {
	name := filepath.Join("..", "docs", "rules.md")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	start, end := strings.Index(doc, rulesBegin), strings.Index(doc, rulesEnd)
	if start < 0 || end < start {
		t.Fatalf("%s: markers %q and %q not found", name, rulesBegin, rulesEnd)
	}
	want := doc[:start] + rulesBegin + "\n" + ruleReference(sourceSet(t)) + doc[end:]
	if *updateDocs {
		if err := os.WriteFile(name, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != doc {
		t.Errorf("%s: the section of built-in rules is stale; run go test ./rules -update", name)
	}
}

const (
	rulesBegin = "<!-- generated from rules/builtin/*.hcl by `go test ./rules -update`; do not edit -->"
	rulesEnd   = "<!-- end of generated rules -->"
)

// ruleReference is the table of built-in rules and their descriptions.
func ruleReference(s *Set) string {
	var b strings.Builder
	b.WriteString("| ID | name | severity | kernel | title |\n|---|---|---|---|---|\n")
	for _, r := range s.Rules {
		var sev []string
		for _, s := range r.Severities {
			sev = append(sev, s.String())
		}
		kernel := r.Kernel
		if kernel == "" {
			kernel = "any"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.ID, r.Name, strings.Join(sev, " or "), kernel, strings.ReplaceAll(r.Title, "|", "\\|"))
	}
	for _, r := range s.Rules {
		fmt.Fprintf(&b, "\n### %s %s\n\n%s\n", r.ID, r.Name, r.Description)
		if r.FixKind != FixNone || len(r.Supersedes) > 0 || r.Since != "" {
			var facts []string
			if r.FixKind != FixNone {
				facts = append(facts, "fix: "+r.FixKind.String())
			}
			if len(r.Supersedes) > 0 {
				facts = append(facts, "supersedes "+strings.Join(r.Supersedes, ", "))
			}
			if r.Since != "" {
				facts = append(facts, "since "+r.Since)
			}
			fmt.Fprintf(&b, "\n(%s)\n", strings.Join(facts, "; "))
		}
	}
	b.WriteString("\n")
	return b.String()
}

// TestDocsListFunctions fails when a function rules can call is not in
// docs/rules.md.
func TestDocsListFunctions(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	for name := range functionNames() {
		if !strings.Contains(string(data), "`"+name+"`") && !strings.Contains(string(data), "`"+name+"(") {
			t.Errorf("docs/rules.md does not document function %s", name)
		}
	}
}
