package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/advisor"
	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

func newAdviseCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "advise [PATH...|-]",
		Short: "recommendations for this host (or these files) and a workload profile",
		Long: `advise lists, per key, the current value (configured and live), the recommended value,
why, and the rules behind it. Inputs are read as by check: PATH mode with paths, system mode without.
A limit already higher than the profile asks for is kept, never lowered.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(g.format, "text", "json"); err != nil {
				return err
			}
			a, err := runAdvice(cmd, g, args)
			if err != nil {
				return err
			}
			if g.format == "json" {
				err = writeJSON(cmd.OutOrStdout(), a.report(g))
			} else {
				err = writeAdviceText(cmd.OutOrStdout(), a)
			}
			if err != nil {
				return failed("writing output: %v", err)
			}
			if len(a.run.errors) > 0 {
				return &exitError{code: exitFailed}
			}
			return nil
		},
	}
}

// advice is one advise or generate run: the check it stands on and the
// recommendations.
type advice struct {
	set   *rules.Set
	run   *checkRun
	facts *rules.Facts
	recs  []advisor.Recommendation
}

// runAdvice gathers facts as check does, evaluates the rules and computes
// the recommendations.
func runAdvice(cmd *cobra.Command, g *globalFlags, args []string) (*advice, error) {
	set, profile, err := loadRules(cmd, g)
	if err != nil {
		return nil, err
	}
	run, facts, err := gatherFacts(cmd, g, args)
	if err != nil {
		return nil, err
	}
	facts.Profile, run.profile = profile, profile.Name
	res := set.Evaluate(facts)
	if len(res.Diagnostics) > 0 {
		writeHCLDiags(cmd, set, res.Diagnostics)
		for _, d := range res.Diagnostics {
			run.errors = append(run.errors, diagToFileError(d))
		}
	}
	run.findings = res.Findings
	return &advice{set: set, run: run, facts: facts, recs: advisor.Recommend(profile, facts, res.Findings)}, nil
}

func (a *advice) header() advisor.Header {
	return advisor.Header{Version: version(), Profile: a.run.profile, Kernel: a.run.kernelRelease, Loader: string(a.run.loader)}
}

// adviseReport is the `advise` JSON.
type adviseReport struct {
	Schema          int                      `json:"schema"`
	Tool            toolInfo                 `json:"tool"`
	Host            string                   `json:"host"`
	Mode            string                   `json:"mode"`
	Kernel          kernelInfo               `json:"kernel"`
	Loader          string                   `json:"loader"`
	Profile         string                   `json:"profile"`
	Recommendations []advisor.Recommendation `json:"recommendations"`
	Errors          []fileError              `json:"errors"`
}

func (a *advice) report(g *globalFlags) adviseReport {
	r := adviseReport{Schema: 1, Tool: currentTool(), Host: g.hostName(), Mode: a.run.mode,
		Kernel: kernelInfo{Source: a.run.kernelSource}, Loader: string(a.run.loader), Profile: a.run.profile,
		Recommendations: a.recs, Errors: a.run.errors}
	if a.run.kernelRelease != "" {
		k := a.run.kernelRelease
		r.Kernel.Release = &k
	}
	if r.Recommendations == nil {
		r.Recommendations = []advisor.Recommendation{}
	}
	for i := range r.Recommendations {
		if r.Recommendations[i].Rules == nil {
			r.Recommendations[i].Rules = []string{}
		}
	}
	if r.Errors == nil {
		r.Errors = []fileError{}
	}
	return r
}

func writeAdviceText(w io.Writer, a *advice) error {
	h := a.header()
	if _, err := fmt.Fprintf(w, "profile %s, kernel %s, loader %s\n", h.Profile, h.KernelText(), h.Loader); err != nil {
		return err
	}
	if len(a.recs) == 0 {
		_, err := fmt.Fprintln(w, "no recommendations")
		return err
	}
	for _, r := range a.recs {
		cur := r.Current
		if cur == "" {
			cur = "(not configured)"
		} else if r.File != "" {
			cur += fmt.Sprintf(" (%s:%d)", r.File, r.Line)
		}
		live := r.Live
		if r.LiveStatus != kernel.LiveOK {
			live = "(" + string(r.LiveStatus) + ")"
		}
		want := r.Value
		if r.Action == advisor.ActionRemove {
			want = "(remove the key)"
		}
		ids := "profile"
		if len(r.Rules) > 0 {
			ids = fmt.Sprint(r.Rules)
		}
		_, err := fmt.Fprintf(w, "\n%s: %s\n  current: %s\n  live: %s\n  recommended: %s\n  why: %s\n  rules: %s\n",
			r.Key, r.Action, cur, live, want, r.Reason, ids)
		if err != nil {
			return err
		}
	}
	return nil
}
