package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/twadvise/twadvise/rules"
)

// ruleExplanation is the JSON form of `twadvise explain RULE`. Severity and
// Condition are the HCL source of the expressions, so what is printed is
// exactly what is evaluated.
type ruleExplanation struct {
	Schema      int      `json:"schema"`
	Tool        toolInfo `json:"tool"`
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Key         string   `json:"key,omitempty"`
	Diagnostic  string   `json:"diagnostic,omitempty"`
	Kernel      string   `json:"kernel"`
	Mode        string   `json:"mode"`
	Severity    string   `json:"severity"`
	Condition   string   `json:"condition"`
	Description string   `json:"description"`
	Remediation string   `json:"remediation"`
	References  []string `json:"references"`
	Source      string   `json:"source"` // file:line of the rule block
}

// findRule looks a rule up by ID (any case) or name.
func findRule(set *rules.Set, ref string) *rules.Rule {
	if r := set.Rule(ref); r != nil {
		return r
	}
	return set.Rule(strings.ToUpper(strings.TrimSpace(ref)))
}

func newRuleExplanation(set *rules.Set, r *rules.Rule) ruleExplanation {
	sev := r.SeveritySource()
	if len(r.Severities) == 1 {
		sev = r.Severities[0].String()
	}
	return ruleExplanation{
		Schema: 1, Tool: currentTool(), ID: r.ID, Name: r.Name, Title: r.Title,
		Key: r.Key, Diagnostic: r.Diagnostic, Kernel: r.Kernel, Mode: r.Mode,
		Severity: sev, Condition: r.Condition(), Description: r.Description,
		Remediation: r.Remediation, References: nonNil(r.References),
		Source: fmt.Sprintf("%s:%d", r.DefRange.Filename, r.DefRange.Start.Line),
	}
}

// explainRule writes a rule's own fields as text or JSON.
func explainRule(w io.Writer, set *rules.Set, r *rules.Rule, format string) error {
	e := newRuleExplanation(set, r)
	if format == "json" {
		return writeJSON(w, e)
	}
	fmt.Fprintf(w, "%s %s: %s\n\n", e.ID, e.Name, e.Title)
	field := func(label, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-12s %s\n", label+":", v)
		}
	}
	field("key", e.Key)
	field("diagnostic", e.Diagnostic)
	kernel := e.Kernel
	if kernel == "" {
		kernel = "any"
	}
	field("kernel", kernel)
	field("mode", e.Mode)
	field("severity", e.Severity)
	field("condition", e.Condition)
	field("defined at", e.Source)
	if e.Description != "" {
		fmt.Fprintf(w, "\n%s\n", e.Description)
	}
	fmt.Fprintf(w, "\nremediation: %s\n", e.Remediation)
	fmt.Fprintf(w, "references:\n")
	for _, ref := range e.References {
		fmt.Fprintf(w, "  - %s\n", ref)
	}
	return nil
}
