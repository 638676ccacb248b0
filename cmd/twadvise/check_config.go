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

// checkKernels evaluates the rules once per target kernel (--kernel, else
// the config's kernels, else none) and merges the results: a finding that
// holds on several kernels (same fingerprint and line) is reported once,
// listing them all.
func checkKernels(cmd *cobra.Command, g *globalFlags, cfg *config.Config, set *rules.Set, profile *rules.Profile, now time.Time, args []string) (*checkRun, error) {
	kernels, source := []string{g.kernel}, ""
	if !cmd.Flags().Changed("kernel") && cfg != nil && len(cfg.Kernels) > 0 {
		kernels, source = nil, "config"
		for _, k := range cfg.Kernels {
			kernels = append(kernels, k.Value)
		}
	}
	var stdin []byte
	if len(kernels) > 1 && slices.Contains(args, "-") {
		// Each kernel re-reads the inputs; stdin can be read only once.
		data, err := io.ReadAll(cmd.InOrStdin())
		if err != nil {
			return nil, failed("reading stdin: %v", err)
		}
		stdin = data
	}
	var merged *checkRun
	index := map[string]int{}
	for _, k := range kernels {
		gk := *g
		gk.kernel = k
		if stdin != nil {
			cmd.SetIn(bytes.NewReader(stdin))
		}
		run, facts, err := gatherFacts(cmd, &gk, args)
		if err != nil {
			return nil, err
		}
		facts.Profile = profile
		facts.Diagnostics = cfg.Expired(now)
		res := set.Evaluate(facts)
		run.skipped = res.Skipped
		for _, d := range res.Diagnostics {
			run.errors = append(run.errors, diagToFileError(d))
		}
		if len(res.Diagnostics) > 0 && merged == nil {
			writeHCLDiags(cmd, set, res.Diagnostics)
		}
		if merged == nil {
			merged = run
			merged.profile = profile.Name
			if source != "" {
				merged.kernelSource, merged.kernels = source, kernels
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
