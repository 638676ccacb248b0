package main

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/config"
	"github.com/twadvise/twadvise/rules"
)

// parseNow parses --now, the date waivers are judged against; it exists so
// that expiry is testable and reproducible in CI.
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, failed("--now %q: want a date as YYYY-MM-DD", s)
	}
	return t, nil
}

// loadProjectConfig reads .twadvise.hcl (or --config) and folds what it
// decides into the flags: its profile unless --profile was given, its rule
// directories before --rules ones. It returns nil when there is no config.
// An invalid config is an HCL diagnostic and exit 2.
func loadProjectConfig(cmd *cobra.Command, g *globalFlags) (*config.Config, error) {
	path, err := config.Find(g.config)
	if err != nil {
		return nil, failed("%v", err)
	}
	if path == "" {
		return nil, nil
	}
	cfg, diags := config.Load(path)
	if diags.HasErrors() {
		writeDiags(cmd, cfg.Files, diags)
		return nil, &exitError{code: exitFailed, err: fmt.Errorf("invalid %s", path)}
	}
	if cfg.Profile != "" && !cmd.Flags().Changed("profile") {
		g.profile = cfg.Profile
	}
	g.rulesDir = append(slices.Clone(cfg.RuleDirs), g.rulesDir...)
	return cfg, nil
}

// targetKernels are the kernels to check against: --kernel, else the
// config's kernels (source "config"), else none ("" lets gatherFacts use
// the live kernel in system mode).
func targetKernels(cmd *cobra.Command, g *globalFlags, cfg *config.Config) ([]string, string) {
	if cmd.Flags().Changed("kernel") || cfg == nil || len(cfg.Kernels) == 0 {
		return []string{g.kernel}, ""
	}
	var ks []string
	for _, k := range cfg.Kernels {
		ks = append(ks, k.Value)
	}
	return ks, "config"
}

// bufferStdin reads stdin once when several kernels will each re-read the
// inputs; it returns nil otherwise.
func bufferStdin(cmd *cobra.Command, kernels, args []string) ([]byte, error) {
	if len(kernels) < 2 || !slices.Contains(args, "-") {
		return nil, nil
	}
	data, err := io.ReadAll(cmd.InOrStdin())
	if err != nil {
		return nil, failed("reading stdin: %v", err)
	}
	return data, nil
}

// gathered is what gatherFacts read for one kernel.
type gathered struct {
	run   *checkRun
	facts *rules.Facts
}

func gatherFor(cmd *cobra.Command, g *globalFlags, kernel string, stdin []byte, args []string) (gathered, error) {
	gk := *g
	gk.kernel = kernel
	if stdin != nil {
		cmd.SetIn(bytes.NewReader(stdin))
	}
	run, facts, err := gatherFacts(cmd, &gk, args)
	return gathered{run, facts}, err
}

// kernelPlan is what checkKernels needs: the loaded rules and config, the
// kernels, and the facts already read for the first one.
type kernelPlan struct {
	cfg     *config.Config
	set     *rules.Set
	profile *rules.Profile
	now     time.Time
	kernels []string
	source  string
	stdin   []byte
	first   gathered
}

// checkKernels evaluates the rules once per target kernel and merges the
// results: a finding that holds on several kernels (same fingerprint and
// line) is reported once, listing them all.
func checkKernels(cmd *cobra.Command, g *globalFlags, p *kernelPlan, args []string) (*checkRun, error) {
	var merged *checkRun
	index := map[string]int{}
	for n, k := range p.kernels {
		gd := p.first
		if n > 0 {
			var err error
			if gd, err = gatherFor(cmd, g, k, p.stdin, args); err != nil {
				return nil, err
			}
		}
		run, facts := gd.run, gd.facts
		facts.Profile = p.profile
		facts.Diagnostics = p.cfg.Expired(p.now)
		res := p.set.Evaluate(facts)
		run.skipped = res.Skipped
		for _, d := range res.Diagnostics {
			run.errors = append(run.errors, diagToFileError(d))
		}
		if merged == nil {
			if len(res.Diagnostics) > 0 {
				writeHCLDiags(cmd, p.set, res.Diagnostics)
			}
			merged = run
			merged.profile = p.profile.Name
			if p.source != "" {
				merged.kernelSource, merged.kernels = p.source, p.kernels
			}
		} else {
			merged.errors = appendNewErrors(merged.errors, run.errors)
			merged.skipped = appendNew(merged.skipped, run.skipped)
		}
		seen := map[string]int{}
		for _, f := range res.Findings {
			if run.kernelRelease != "" {
				f.Kernels = []string{run.kernelRelease}
			}
			id := f.Fingerprint() + ":" + strconv.Itoa(f.Line)
			seen[id]++
			id += "#" + strconv.Itoa(seen[id])
			if i, ok := index[id]; ok {
				merged.findings[i].Kernels = appendNew(merged.findings[i].Kernels, f.Kernels)
				continue
			}
			index[id] = len(merged.findings)
			merged.findings = append(merged.findings, f)
		}
	}
	rules.SortFindings(merged.findings)
	return merged, nil
}

func appendNew(list, more []string) []string {
	for _, s := range more {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

func appendNewErrors(list, more []fileError) []fileError {
	for _, e := range more {
		if !slices.Contains(list, e) {
			list = append(list, e)
		}
	}
	return list
}
