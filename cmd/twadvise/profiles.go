package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/rules"
)

// profileJSON is one profile of `twadvise profiles --format json`.
type profileJSON struct {
	Name             string                 `json:"name"`
	Description      string                 `json:"description"`
	Closes           string                 `json:"closes"`
	InboundRate      float64                `json:"inbound_rate"`
	OutboundRate     float64                `json:"outbound_rate"`
	ClientsBehindNAT bool                   `json:"clients_behind_nat"`
	ServicePorts     []int                  `json:"service_ports"`
	Containers       bool                   `json:"containers"`
	Recommendations  []rules.Recommendation `json:"recommendations"`
	Relax            []rules.Relax          `json:"relax"`
	Source           string                 `json:"source"`
}

type profilesReport struct {
	Schema   int           `json:"schema"`
	Tool     toolInfo      `json:"tool"`
	Profiles []profileJSON `json:"profiles"`
}

func newProfilesCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "profiles",
		Short: "list the workload profiles (built-in and --profile FILE.hcl) with their recommendations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(g.format, "text", "json"); err != nil {
				return err
			}
			set, err := loadRuleSet(cmd, g)
			if err != nil {
				return err
			}
			r := profilesReport{Schema: 1, Tool: currentTool(), Profiles: []profileJSON{}}
			for _, n := range set.ProfileNames() {
				r.Profiles = append(r.Profiles, toProfileJSON(set.Profiles[n]))
			}
			if g.format == "json" {
				return writeJSON(cmd.OutOrStdout(), r)
			}
			writeProfilesText(cmd.OutOrStdout(), r.Profiles)
			return nil
		},
	}
}

func toProfileJSON(p *rules.Profile) profileJSON {
	out := profileJSON{Name: p.Name, Description: p.Description, Closes: p.Closes,
		InboundRate: p.InboundRate, OutboundRate: p.OutboundRate, ClientsBehindNAT: p.ClientsBehindNAT,
		ServicePorts: p.ServicePorts, Containers: p.Containers, Recommendations: []rules.Recommendation{}, Relax: []rules.Relax{},
		Source: fmt.Sprintf("%s:%d", p.DefRange.Filename, p.DefRange.Start.Line)}
	if out.ServicePorts == nil {
		out.ServicePorts = []int{}
	}
	for _, x := range p.Relax {
		out.Relax = append(out.Relax, *x)
	}
	for _, rec := range p.Recommend {
		r := *rec
		r.Rules = nonNil(r.Rules)
		out.Recommendations = append(out.Recommendations, r)
	}
	return out
}

func writeProfilesText(w io.Writer, ps []profileJSON) {
	for i, p := range ps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s: %s\n", p.Name, p.Description)
		fmt.Fprintf(w, "  closes first:       %s\n", p.Closes)
		fmt.Fprintf(w, "  clients behind NAT: %v\n", p.ClientsBehindNAT)
		if len(p.ServicePorts) > 0 {
			ports := make([]string, len(p.ServicePorts))
			for j, port := range p.ServicePorts {
				ports[j] = fmt.Sprint(port)
			}
			fmt.Fprintf(w, "  service ports:      %s\n", strings.Join(ports, ", "))
		}
		for _, rec := range p.Recommendations {
			fmt.Fprintf(w, "  recommend %s %s (%s)\n", rec.Key, bound(rec), rec.Reason)
			if rec.Source != "" {
				fmt.Fprintf(w, "    source: %s\n", rec.Source)
			}
		}
		for _, x := range p.Relax {
			fmt.Fprintf(w, "  relax %s (%s)\n    source: %s\n", x.Rule, x.Reason, x.Source)
		}
	}
}

// bound writes a recommendation's semantics: ">= 4096", "<= 600", "= 1".
func bound(r rules.Recommendation) string {
	var parts []string
	if r.AtLeast != nil {
		parts = append(parts, ">= "+*r.AtLeast)
	}
	if r.AtMost != nil {
		parts = append(parts, "<= "+*r.AtMost)
	}
	if r.Exactly != nil {
		parts = append(parts, "= "+*r.Exactly)
	}
	if r.Kernel != "" {
		parts = append(parts, "on kernel "+r.Kernel)
	}
	return strings.Join(parts, ", ")
}
