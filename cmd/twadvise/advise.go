package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/advisor"
	"github.com/twadvise/twadvise/check"
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
			if len(a.run.Errors) > 0 {
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
	run   *check.Result
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
	opts := checkOptions(cmd, g, args)
	opts.Rules, opts.Profile = set, profile
	if len(opts.Kernels) == 0 && len(args) > 0 {
		// Advice is for one kernel: without --kernel, the running one
		// (DESIGN.md, "generate and advise").
		if rel, err := runningRelease(); err == nil {
			opts.Kernels, opts.KernelSource = []string{rel}, check.SourceLive
			fmt.Fprintf(cmd.ErrOrStderr(), "note: no --kernel: advising for the running kernel %s\n", rel)
		}
	}
	run, err := check.Run(opts)
	if err != nil {
		return nil, failed("%v", err)
	}
	if len(run.Diagnostics) > 0 {
		writeHCLDiags(cmd, set, run.Diagnostics)
	}
	for _, n := range advisor.Skipped(profile, run.Facts) {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: %s\n", n)
	}
	recs, left := recommendForAll(profile, run)
	for _, l := range left {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: left out, not valid on every target kernel: %s\n", l)
	}
	return &advice{set: set, run: run, facts: run.Facts, recs: recs}, nil
}

// recommendForAll advises for every target kernel and keeps what holds on
// all of them (DESIGN.md: with several targets, generate writes only lines
// valid on each); left names what was dropped and where it would hold.
func recommendForAll(profile *rules.Profile, run *check.Result) (recs []advisor.Recommendation, left []string) {
	recs = advisor.Recommend(profile, run.Facts, run.Findings)
	if len(run.Targets) < 2 {
		return recs, nil
	}
	type rec struct{ key, value string }
	count := map[rec]int{}
	where := map[rec][]string{}
	for _, t := range run.Targets {
		facts := *run.Facts
		facts.Kernel, facts.Distro = &t.Release, t.Distro
		for _, r := range advisor.Recommend(profile, &facts, run.Findings) {
			k := rec{r.Key, string(r.Action) + "=" + r.Value}
			count[k]++
			where[k] = append(where[k], t.Release.Raw)
		}
	}
	kept := recs[:0:0]
	for _, r := range recs {
		k := rec{r.Key, string(r.Action) + "=" + r.Value}
		if count[k] == len(run.Targets) {
			kept = append(kept, r)
			continue
		}
		left = append(left, fmt.Sprintf("%s = %s (holds on %s)", r.Key, r.Value, strings.Join(where[k], ", ")))
	}
	return kept, left
}

func (a *advice) header() advisor.Header {
	kernels := make([]string, len(a.run.Targets))
	for i, t := range a.run.Targets {
		kernels[i] = t.Release.Raw
	}
	return advisor.Header{Version: version(), Profile: strings.Join(a.run.Profiles, ","), Kernel: strings.Join(kernels, ", "), Loader: string(a.run.Loader)}
}

// adviseReport is the `advise` JSON.
type adviseReport struct {
	Schema          int                      `json:"schema"`
	Tool            toolInfo                 `json:"tool"`
	Host            string                   `json:"host"`
	Mode            string                   `json:"mode"`
	Kernel          adviseKernel             `json:"kernel"`
	Loader          string                   `json:"loader"`
	Profile         string                   `json:"profile"`
	Recommendations []advisor.Recommendation `json:"recommendations"`
	Errors          []check.FileError        `json:"errors"`
}

// adviseKernel is the kernel advice was computed for.
type adviseKernel struct {
	Release *string `json:"release"`
	Source  string  `json:"source"`
}

func (a *advice) report(g *globalFlags) adviseReport {
	r := adviseReport{Schema: 1, Tool: currentTool(), Host: g.hostName(), Mode: a.run.Mode,
		Kernel: adviseKernel{Source: a.run.KernelSource}, Loader: string(a.run.Loader), Profile: strings.Join(a.run.Profiles, ","),
		Recommendations: a.recs, Errors: a.run.Errors}
	if k := a.run.Kernel(); k != "" {
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
		r.Errors = []check.FileError{}
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
		if err == nil && r.Source != "" {
			_, err = fmt.Fprintf(w, "  source: %s (profile %s)\n", r.Source, r.Profile)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// runningRelease is the release of the kernel twadvise runs on.
func runningRelease() (string, error) {
	data, err := kernel.ReadRegularFile("/proc/sys/kernel/osrelease", 4096)
	return strings.TrimSpace(string(data)), err
}
