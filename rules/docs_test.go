package rules

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateDocs = flag.Bool("update", false, "rewrite the table of built-in rules in docs/rules.md")

// TestDocsListRules fails when docs/rules.md's table of built-in rules lacks
// a rule, so the documentation cannot fall behind the HCL.
func TestDocsListRules(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	if *updateDocs {
		doc = rewriteRuleTable(t, doc)
		if err := os.WriteFile(filepath.Join("..", "docs", "rules.md"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
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

var severityWord = regexp.MustCompile(`"(error|warning|info)"`)

// rewriteRuleTable regenerates the table of built-in rules from the HCL.
func rewriteRuleTable(t *testing.T, doc string) string {
	t.Helper()
	const header = "| ID | name | severity | kernel | title |\n|---|---|---|---|---|\n"
	start := strings.Index(doc, header)
	if start < 0 {
		t.Fatal("docs/rules.md: table header not found")
	}
	end := start + len(header)
	for strings.HasPrefix(doc[end:], "| TW") {
		end += strings.Index(doc[end:], "\n") + 1
	}
	var b strings.Builder
	b.WriteString(header)
	for _, r := range builtinSet(t).Rules {
		src, _ := builtinFS.ReadFile(r.DefRange.Filename)
		rg := r.Severity.Range()
		seen := map[string]bool{}
		var sev []string
		for _, m := range severityWord.FindAllStringSubmatch(string(src[rg.Start.Byte:rg.End.Byte]), -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				sev = append(sev, m[1])
			}
		}
		kernel := r.Kernel
		if kernel == "" {
			kernel = "any"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.ID, r.Name, strings.Join(sev, " or "), kernel, r.Title)
	}
	return doc[:start] + b.String() + doc[end:]
}
