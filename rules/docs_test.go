package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocsListRules fails when docs/rules.md's table of built-in rules lacks
// a rule, so the documentation cannot fall behind the HCL.
func TestDocsListRules(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, r := range builtinSet(t).Rules {
		if !strings.Contains(doc, "| "+r.ID+" | "+r.Name+" |") {
			t.Errorf("docs/rules.md does not list %s %s in its table of built-in rules", r.ID, r.Name)
		}
	}
}

// TestDocsListFunctions fails when a function rules can call is not in
// docs/rules.md.
func TestDocsListFunctions(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	for name := range (&Facts{}).functions() {
		if !strings.Contains(string(data), "`"+name+"`") && !strings.Contains(string(data), "`"+name+"(") {
			t.Errorf("docs/rules.md does not document function %s", name)
		}
	}
}
