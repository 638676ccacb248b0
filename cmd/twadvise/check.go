package main

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/rules"
)

func newCheckCmd(g *globalFlags) *cobra.Command {
	cf := &checkFlags{}
	cmd := &cobra.Command{
		Use:   "check [PATH...|-]",
		Short: "lint sysctl files (PATH mode) or the system's configuration and live values (system mode)",
		Long: `check lints sysctl configuration against the kernel and a workload profile.

PATH mode (paths given, "-" is stdin): the files are the configuration. A directory is read like
one sysctl.d directory, unless it is laid out like /etc (it holds sysctl.conf or sysctl.d/) or like /
(it holds etc/sysctl.d/): then it is read as that tree, with the loader's rules. Files apply in the
order given, but every assignment is linted on its own: a hazardous line keeps its finding when a
later file overrides it (the finding says so), so the result does not depend on the order of the
paths. The machine running the check does not matter: its kernel and /proc/sys are not used unless
--live is given. Without --loader, systemd semantics are assumed.

Kernels: --kernel takes a release (5.15, 3.10.0-1160.el7.x86_64), a distribution (rhel9,
debian-12, ubuntu-22.04, al2023), or a comma list of them, and may be repeated. Without it, PATH
mode checks against every release the knowledge base knows, and each finding says for which it
holds ("on Linux 4.12 and later").

System mode (no paths): the loader's whole tree under --root, plus the live values and kernel
release under <root>/proc/sys (--no-live: the files alone). With --root DIR, files are named as
you would open them from the current directory (JSON also has path_in_root).

Project configuration: .twadvise.hcl in the current directory (or --config FILE) sets the
profile, target kernels, disabled rules, severity overrides, rule directories and waivers;
flags given on the command line win, and in system mode the live kernel wins. See docs/ci.md.

Formats: text, json, sarif, github (workflow annotations), junit, checkstyle.

Exit status: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 the run failed.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd, g, cf, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cf.baseline, "baseline", "", "report only findings whose fingerprint is not in this baseline file")
	f.StringVar(&cf.writeBaseline, "write-baseline", "", "write every current finding's fingerprint to this file (then nothing is new)")
	f.StringVar(&cf.now, "now", "", "the date waivers expire against, YYYY-MM-DD (default: today)")
	f.StringArrayVar(&cf.disable, "disable", nil, "turn rules off, by ID or name (TW231,tcp-fin-timeout-not-time-wait); repeatable")
	f.StringVar(&cf.show, "show", "info", "print findings at or above: error, warning or info (the exit status still follows --fail-on)")
	f.BoolVar(&cf.noLive, "no-live", false, "system mode: check the files alone, not the running values (provisioning, before sysctl --system)")
	return cmd
}

// checkFlags are the flags only check has.
type checkFlags struct {
	baseline      string
	writeBaseline string
	now           string
	disable       []string
	show          string
	noLive        bool
}

func runCheck(cmd *cobra.Command, g *globalFlags, cf *checkFlags, args []string) error {
	if err := checkFormat(g.format, checkFormatNames()...); err != nil {
		return err
	}
	failOn, err := rules.ParseSeverity(g.failOn, true)
	if err != nil {
		return failed("--fail-on: %v", err)
	}
	now, err := parseNow(cf.now)
	if err != nil {
		return err
	}
	show, err := rules.ParseSeverity(cf.show, false)
	if err != nil {
		return failed("--show: %v", err)
	}
	cfg, err := loadProjectConfig(cmd, g)
	if err != nil {
		return err
	}
	opts := checkOptions(cmd, g, args)
	opts.Config, opts.Now, opts.Disable, opts.NoLive = cfg, now, cf.disable, cf.noLive
	opts.Kernels, opts.KernelSource = targetKernels(cmd, g, cfg)
	// Rules load (HCL parsing) while the system is read: the two are
	// independent, and together they are most of a live check's cost.
	type loaded struct {
		set     *rules.Set
		profile *rules.Profile
		err     error
	}
	done := make(chan loaded, 1)
	go func() {
		set, profile, err := loadRules(cmd, g)
		done <- loaded{set, profile, err}
	}()
	gathered, gerr := check.Gather(opts)
	l := <-done
	if l.err != nil {
		return l.err
	}
	if gerr != nil {
		return failed("%v", gerr)
	}
	opts.Rules, opts.Profile = l.set, l.profile
	if cfg != nil {
		if diags := cfg.Validate(opts.Rules); diags.HasErrors() {
			writeDiags(cmd, cfg.Files, diags)
			return &exitError{code: exitFailed, err: fmt.Errorf("invalid %s", cfg.Path)}
		}
		opts.Profile = cfg.ApplyProfile(opts.Profile)
	}
	run, err := check.Evaluate(opts, gathered)
	if err != nil {
		return failed("%v", err)
	}
	if len(run.Diagnostics) > 0 {
		writeHCLDiags(cmd, opts.Rules, run.Diagnostics)
	}
	if err := applyBaseline(cmd, cf, run); err != nil {
		return err
	}
	worstFound := worst(run.Findings)
	run.Findings = atLeast(run.Findings, show)
	if err := writeCheck(cmd, g, opts.Rules, run); err != nil {
		return failed("writing output: %v", err)
	}
	switch {
	case len(run.Errors) > 0:
		return &exitError{code: exitFailed}
	case failOn != rules.SeverityNone && worstFound >= failOn:
		return &exitError{code: exitFindings}
	}
	return nil
}

// checkOptions are the check options the global flags and arguments set.
func checkOptions(cmd *cobra.Command, g *globalFlags, args []string) check.Options {
	o := check.Options{Paths: args, Stdin: cmd.InOrStdin(), Root: g.root, Loader: g.loader,
		Live: g.live, Notes: cmd.ErrOrStderr()}
	if len(g.kernels) > 0 {
		o.Kernels, o.KernelSource = g.kernels, "flag"
	}
	return o
}

// atLeast keeps the findings at or above min (--show: what is printed, not
// what decides the exit status).
func atLeast(fs []rules.Finding, min rules.Severity) []rules.Finding {
	n := 0
	for _, f := range fs {
		if f.Severity >= min {
			n++
		}
	}
	if n == len(fs) {
		return fs // the common case: no copy of what may be 200,000 findings
	}
	out := make([]rules.Finding, 0, n)
	for _, f := range fs {
		if f.Severity >= min {
			out = append(out, f)
		}
	}
	return out
}

func worst(fs []rules.Finding) rules.Severity {
	w := rules.SeverityNone
	for _, f := range fs {
		if f.Severity > w {
			w = f.Severity
		}
	}
	return w
}

// loadRules loads built-in and user rules and picks the profile: a built-in
// name, or a FILE.hcl holding exactly one profile.
func loadRules(cmd *cobra.Command, g *globalFlags) (*rules.Set, *rules.Profile, error) {
	set, err := loadRuleSet(cmd, g)
	if err != nil {
		return nil, nil, err
	}
	p, err := set.SelectProfiles(g.profile)
	if err != nil {
		return nil, nil, failed("%v", err)
	}
	return set, p, nil
}

// writeHCLDiags prints rule and profile problems (see writeDiags).
func writeHCLDiags(cmd *cobra.Command, set *rules.Set, diags hcl.Diagnostics) {
	var files map[string]*hcl.File
	if set != nil {
		files = set.Files()
	}
	writeDiags(cmd, files, diags)
}

// writeDiags prints HCL problems one per line, as file:line:col: error:
// summary; detail, then HCL's source excerpt from files.
func writeDiags(cmd *cobra.Command, files map[string]*hcl.File, diags hcl.Diagnostics) {
	w := cmd.ErrOrStderr()
	for _, d := range diags {
		pos := "twadvise"
		if d.Subject != nil {
			pos = fmt.Sprintf("%s:%d:%d", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
		}
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		fmt.Fprintf(w, "%s: %s: %s; %s\n", pos, sev, d.Summary, d.Detail)
	}
	_ = hcl.NewDiagnosticTextWriter(w, files, 100, false).WriteDiagnostics(diags)
}
