package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/rules"
)

// idPattern recognises something meant as a rule ID, so explain can say
// "unknown rule" rather than "unknown key".
var idPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?i)tw[0-9]{3}$`) })

// loadRuleSet loads built-in and --rules rules, and a --profile FILE.hcl
// when one is given, reporting invalid HCL as file:line:col (exit 2).
func loadRuleSet(cmd *cobra.Command, g *globalFlags) (*rules.Set, error) {
	var extra []string
	for _, ref := range strings.Split(g.profile, ",") {
		if ref = strings.TrimSpace(ref); rules.IsProfileFile(ref) {
			extra = append(extra, ref)
		}
	}
	set, diags := rules.Load(g.rulesDir, extra)
	if diags.HasErrors() {
		writeHCLDiags(cmd, set, diags)
		return nil, &exitError{code: exitFailed, err: fmt.Errorf("invalid rules or profile")}
	}
	return set, nil
}

// ruleSummary is one entry of `twadvise rules --format json`.
type ruleSummary struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Title    string `json:"title"`
	Key      string `json:"key,omitempty"`
	Kernel   string `json:"kernel"`
	Source   string `json:"source"`
}

type rulesReport struct {
	Schema int           `json:"schema"`
	Tool   toolInfo      `json:"tool"`
	Rules  []ruleSummary `json:"rules"`
}

func newRulesCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "list the rules (built-in and --rules), with ID, name, severity and title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(g.format, "text", "json"); err != nil {
				return err
			}
			set, err := loadRuleSet(cmd, g)
			if err != nil {
				return err
			}
			r := rulesReport{Schema: 1, Tool: currentTool(), Rules: []ruleSummary{}}
			for _, rule := range set.Rules {
				e := newRuleExplanation(set, rule)
				r.Rules = append(r.Rules, ruleSummary{ID: e.ID, Name: e.Name, Severity: severityLabel(rule), Title: e.Title,
					Key: e.Key, Kernel: e.Kernel, Source: e.Source})
			}
			if g.format == "json" {
				return writeJSON(cmd.OutOrStdout(), r)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tSEVERITY\tTITLE")
			for _, s := range r.Rules {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.ID, s.Name, s.Severity, s.Title)
			}
			return tw.Flush()
		},
	}
}

// severityLabel lists the severities a rule can give ("info|warning").
func severityLabel(r *rules.Rule) string {
	var out []string
	for _, s := range r.Severities {
		out = append(out, s.String())
	}
	sort.Strings(out)
	return strings.Join(out, "|")
}
