package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/config"
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
// config's kernels (source "config"), else none (the live kernel in system
// mode).
func targetKernels(cmd *cobra.Command, g *globalFlags, cfg *config.Config) ([]string, string) {
	if cmd.Flags().Changed("kernel") || cfg == nil || len(cfg.Kernels) == 0 {
		if len(g.kernels) == 0 {
			return nil, ""
		}
		return g.kernels, "flag"
	}
	var ks []string
	for _, k := range cfg.Kernels {
		ks = append(ks, k.Value)
	}
	return ks, "config"
}
