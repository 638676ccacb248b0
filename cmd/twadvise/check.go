package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

func newCheckCmd(g *globalFlags) *cobra.Command {
	cf := &checkFlags{}
	cmd := &cobra.Command{
		Use:   "check [PATH...|-]",
		Short: "lint sysctl files (PATH mode) or the system's configuration and live values (system mode)",
		Long: `check lints sysctl configuration against the kernel and a workload profile.

PATH mode (paths given, "-" is stdin): the files are the configuration. A directory is read like
one sysctl.d directory; files apply in the order given. The machine running the check does not
matter: its kernel and /proc/sys are not used unless --live is given. Without --kernel,
kernel-dependent rules are skipped. Without --loader, systemd semantics are assumed.

System mode (no paths): the loader's whole tree under --root, plus the live values and kernel
release under <root>/proc/sys.

Project configuration: .twadvise.hcl in the current directory (or --config FILE) sets the
profile, target kernels, disabled rules, severity overrides, rule directories and waivers;
flags given on the command line win. See docs/ci.md.

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
	return cmd
}

// checkFlags are the flags only check has.
type checkFlags struct {
	baseline      string
	writeBaseline string
	now           string
}

// checkRun is everything one check gathered, for the formatters.
type checkRun struct {
	mode          string
	kernelRelease string
	kernelSource  string   // "flag", "config", "live" or "none"
	kernels       []string // every target kernel, when the config names several
	loader        kernel.Loader
	profile       string
	findings      []rules.Finding
	skipped       []string
	errors        []fileError
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
	cfg, err := loadProjectConfig(cmd, g)
	if err != nil {
		return err
	}
	kernels, source := targetKernels(cmd, g, cfg)
	stdin, err := bufferStdin(cmd, kernels, args)
	if err != nil {
		return err
	}
	// Rules load (HCL parsing) while the system is read for the first
	// kernel: the two are independent, and together they are most of a
	// live check's cost.
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
	first, ferr := gatherFor(cmd, g, kernels[0], stdin, args)
	l := <-done
	if l.err != nil {
		return l.err
	}
	if ferr != nil {
		return ferr
	}
	set, profile := l.set, l.profile
	if cfg != nil {
		if diags := cfg.Validate(set); diags.HasErrors() {
			writeDiags(cmd, cfg.Files, diags)
			return &exitError{code: exitFailed, err: fmt.Errorf("invalid %s", cfg.Path)}
		}
		profile = cfg.ApplyProfile(profile)
	}
	run, err := checkKernels(cmd, g, &kernelPlan{cfg: cfg, set: set, profile: profile, now: now, kernels: kernels, source: source, stdin: stdin, first: first}, args)
	if err != nil {
		return err
	}
	run.findings = cfg.Filter(set, run.findings, now)
	if err := applyBaseline(cmd, cf, run); err != nil {
		return err
	}
	if err := writeCheck(cmd, g, set, run); err != nil {
		return failed("writing output: %v", err)
	}
	switch {
	case len(run.errors) > 0:
		return &exitError{code: exitFailed}
	case failOn != rules.SeverityNone && worst(run.findings) >= failOn:
		return &exitError{code: exitFindings}
	}
	return nil
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
	p, err := set.SelectProfile(g.profile)
	if err != nil {
		return nil, nil, failed("%v", err)
	}
	return set, p, nil
}

// writeHCLDiags prints rule and profile problems (see writeDiags).
func writeHCLDiags(cmd *cobra.Command, set *rules.Set, diags hcl.Diagnostics) {
	var files map[string]*hcl.File
	if set != nil {
		files = set.Parser.Files()
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

func diagToFileError(d *hcl.Diagnostic) fileError {
	fe := fileError{Message: d.Summary}
	if d.Detail != "" {
		fe.Message += ": " + d.Detail
	}
	if d.Subject != nil {
		fe.File, fe.Line = d.Subject.Filename, d.Subject.Start.Line
	}
	return fe
}

// gatherFacts reads the configuration and, where the mode allows it, the
// running kernel.
func gatherFacts(cmd *cobra.Command, g *globalFlags, args []string) (*checkRun, *rules.Facts, error) {
	run := &checkRun{mode: "system", kernelSource: "none"}
	if len(args) > 0 {
		run.mode = "path"
	}
	def := kernel.LoaderAuto
	if run.mode == "path" {
		def = kernel.LoaderSystemd
	}
	loader, err := kernel.ParseLoader(g.loader, def)
	if err != nil {
		return nil, nil, failed("%v", err)
	}
	fsys, err := openRoot(g.root)
	if err != nil {
		return nil, nil, err
	}
	readLive := run.mode == "system" || g.live
	facts := &rules.Facts{Mode: run.mode, NetNS: "unknown"}
	if g.kernel != "" {
		r, err := kernel.ParseRelease(g.kernel)
		if err != nil {
			return nil, nil, failed("--kernel: %v", err)
		}
		facts.Kernel, run.kernelSource = &r, "flag"
	} else if readLive {
		if data, err := fsys.ReadFile("/proc/sys/kernel/osrelease", 4096); err == nil {
			if r, err := kernel.ParseRelease(string(data)); err == nil {
				facts.Kernel, run.kernelSource = &r, "live"
			}
		}
	}
	if facts.Kernel != nil {
		run.kernelRelease = facts.Kernel.Raw
	}
	loader = kernel.ResolveLoader(fsys, loader)
	run.loader, facts.Loader = loader, loader
	if run.mode == "path" {
		files, errs := kernel.LoadPaths(args, cmd.InOrStdin())
		var expand func(string) []string
		if g.live {
			expand = func(p string) []string { return kernel.GlobKeys(fsys, p) }
		}
		facts.Effective = kernel.Merge(loader, files, expand)
		facts.Effective.Errors = errs
	} else {
		facts.Effective = kernel.LoadSystem(fsys, loader)
	}
	for _, e := range facts.Effective.Errors {
		run.errors = append(run.errors, fileError{File: e.File, Line: e.Line, Message: e.Message})
	}
	if readLive && !hasProcSys(fsys) {
		// A bare tree (--root with only etc/): there is no running kernel to
		// ask, so keys are judged offline, from the catalogue, as in PATH mode.
		fmt.Fprintf(cmd.ErrOrStderr(), "note: %s has no proc/sys: live values not read, keys judged from the catalogue\n", fsys.Root())
		readLive = false
	}
	if readLive {
		facts.Live = func(k string) kernel.Live { return kernel.ReadLive(fsys, k) }
		facts.MemBytes = memTotal(fsys)
		if fsys.IsHostRoot() {
			facts.NetNS = netnsKind()
		}
		if run.mode == "system" {
			// The census is best effort: without a socket table (a bare
			// --root tree) the census rules simply do not apply.
			if c, err := kernel.TakeCensus(fsys, kernel.CensusOptions{}); err == nil {
				facts.Census = c
				if facts.NetNS == "unknown" {
					facts.NetNS = c.NetNS
				}
			}
		}
	}
	return run, facts, nil
}

// hasProcSys reports whether the root has a /proc/sys to read live values from.
func hasProcSys(fsys kernel.FS) bool {
	fi, err := fsys.Stat("/proc/sys")
	return err == nil && fi.IsDir()
}

// memTotal reads MemTotal from <root>/proc/meminfo, in bytes (0 if unknown).
func memTotal(fsys kernel.FS) int64 {
	data, err := fsys.ReadFile("/proc/meminfo", 1<<20)
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// netnsKind tells whether twadvise runs in the initial network namespace,
// by comparing its own namespace with PID 1's.
func netnsKind() string {
	var self, init unix.Stat_t
	if unix.Stat("/proc/self/ns/net", &self) != nil || unix.Stat("/proc/1/ns/net", &init) != nil {
		return "unknown"
	}
	if self.Ino == init.Ino && self.Dev == init.Dev {
		return "initial"
	}
	return "child"
}
