package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// socketsFlags are the flags of `twadvise sockets`.
type socketsFlags struct {
	top      int
	watch    int
	samples  int
	source   string
	interval time.Duration
}

// autoInterval is the counter sample `sockets` takes by itself when a person
// reads the text on a terminal: long enough to see a counter rise.
const autoInterval = time.Second

func newSocketsCmd(g *globalFlags) *cobra.Command {
	f := &socketsFlags{}
	cmd := &cobra.Command{
		Use:   "sockets",
		Short: "live TCP state census and port-exhaustion diagnosis",
		Long: `sockets counts the TCP sockets of this network namespace by state, groups
TIME_WAIT by destination against the ephemeral port range, attributes
CLOSE_WAIT to the processes holding them, shows each listener's accept
queue and the headroom left under tcp_max_tw_buckets and fs.file-max, and
reads the kernel's TCP counters (/proc/net/netstat, /proc/net/snmp). It then
evaluates the census rules (TW611-TW621) and prints their findings.

With --interval the counters are read twice and shown as rates; on a
terminal a 1 s sample is taken unless --interval 0 is given.

It reads the kernel over sock_diag netlink (like ss), or <root>/proc/net/tcp
when netlink is unavailable or --root is given. It only reads.

Exit status: 0 nothing at or above --fail-on, 1 findings at or above
--fail-on, 2 the run failed.`,
		Example: `  twadvise sockets
  twadvise sockets --interval 5s --fail-on error
  twadvise sockets --format json --interval 1s
  twadvise sockets --format openmetrics --fail-on none > twadvise.prom`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSockets(cmd, g, f)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.top, "top", 10, "destinations to show, most TIME_WAIT first (0: all; openmetrics shows at most 20)")
	fl.IntVar(&f.watch, "watch", 0, "take a census every N seconds and show the change (text) until interrupted")
	fl.IntVar(&f.samples, "samples", 0, "with --watch, stop after this many censuses (0: until interrupted)")
	fl.StringVar(&f.source, "source", kernel.SourceAuto, "socket table source: auto, netlink or proc")
	fl.DurationVar(&f.interval, "interval", -1, "read the kernel's counters again after this long and report rates (default: 1s on a terminal, none otherwise)")
	return cmd
}

func runSockets(cmd *cobra.Command, g *globalFlags, f *socketsFlags) error {
	switch {
	case checkFormat(g.format, formatsOf(cmd)...) != nil:
		return checkFormat(g.format, formatsOf(cmd)...)
	case f.top < 0, f.watch < 0, f.samples < 0:
		return failed("sockets: --top, --watch and --samples must not be negative")
	case f.source != kernel.SourceAuto && f.source != kernel.SourceNetlink && f.source != kernel.SourceProc:
		return failed("sockets: unknown --source %q (auto, netlink or proc)", f.source)
	case f.watch > 0 && g.format == "openmetrics":
		return failed("sockets: --watch writes text or JSON; run --format openmetrics from a timer instead")
	}
	failOn, err := rules.ParseSeverity(g.failOn, true)
	if err != nil {
		return failed("--fail-on: %v", err)
	}
	// The rules load while the census is taken: on a busy host they cost
	// about as much as reading the socket table.
	loaded := make(chan error, 1)
	run := &socketsRun{g: g, f: f, fsys: kernel.Open(g.root), out: cmd.OutOrStdout(), failOn: failOn}
	go func() {
		set, diags := rules.LoadCensus(g.rulesDir)
		if diags.HasErrors() {
			loaded <- failed("loading rules: %v", diags)
			return
		}
		run.set = set
		loaded <- nil
	}()
	opt := kernel.CensusOptions{Source: f.source}
	if f.watch == 0 {
		c, err := kernel.TakeCensus(run.fsys, opt)
		if err == nil {
			run.sample(c)
		}
		if lerr := <-loaded; lerr != nil {
			return lerr
		}
		return run.emit(c, err, nil, 0)
	}
	if err := <-loaded; err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()
	return run.watch(ctx, opt)
}

// socketsRun is one `twadvise sockets` invocation.
type socketsRun struct {
	g      *globalFlags
	f      *socketsFlags
	set    *rules.Set
	fsys   kernel.FS
	out    io.Writer
	failOn rules.Severity
	worst  rules.Severity
}

// interval is the counter sample to take: --interval when given, else one
// second when a person reads text on a terminal.
func (r *socketsRun) interval() time.Duration {
	if r.f.interval >= 0 {
		return r.f.interval
	}
	if r.f.watch == 0 && r.g.format == "text" && isTerminal(r.out) {
		return autoInterval
	}
	return 0
}

// sample reads the counters again after the interval. A failure to reread
// them costs the rates only, with a warning.
func (r *socketsRun) sample(c *kernel.Census) {
	d := r.interval()
	if d <= 0 || c.Counters == nil {
		return
	}
	if err := c.SampleRates(r.fsys, d, time.Sleep); err != nil {
		c.Warnings = append(c.Warnings, fmt.Sprintf("counters not sampled again: %v", err))
	}
}

// findings evaluates the census rules over one census.
func (r *socketsRun) findings(c *kernel.Census) ([]rules.Finding, error) {
	facts := &rules.Facts{Mode: "system", NetNS: c.NetNS, Census: c,
		Live: func(k string) kernel.Live { return kernel.ReadLive(r.fsys, k) }}
	if data, err := r.fsys.ReadFile("/proc/sys/kernel/osrelease", 4096); err == nil {
		if rel, err := kernel.ParseRelease(string(data)); err == nil {
			facts.Kernel = &rel
		}
	}
	res := r.set.EvaluateCensus(facts)
	if len(res.Diagnostics) > 0 {
		return res.Findings, fmt.Errorf("evaluating the census rules: %v", res.Diagnostics)
	}
	return res.Findings, nil
}

// watch repeats the census every --watch seconds. Text output shows what
// changed since the previous sample, as rates per second.
func (r *socketsRun) watch(ctx context.Context, opt kernel.CensusOptions) error {
	var prev *kernel.Census
	var prevAt time.Time
	tick := time.NewTicker(time.Duration(r.f.watch) * time.Second)
	defer tick.Stop()
	for n := 1; ; n++ {
		c, err := kernel.TakeCensus(r.fsys, opt)
		now := time.Now()
		if prev != nil && err == nil && prev.Counters != nil && c.Counters != nil {
			c.Rates, c.Interval = kernel.Rates(prev.Counters, c.Counters, now.Sub(prevAt)), now.Sub(prevAt)
		}
		if err := r.emit(c, err, prev, now.Sub(prevAt)); err != nil {
			return err
		}
		prev, prevAt = c, now
		if r.f.samples > 0 && n >= r.f.samples {
			return r.exit()
		}
		select {
		case <-ctx.Done():
			return r.exit()
		case <-tick.C:
		}
	}
}

// emit prints one census and its findings in the chosen format. A census
// that failed is still printed as far as it got, and the run exits 2.
func (r *socketsRun) emit(c *kernel.Census, cerr error, prev *kernel.Census, since time.Duration) error {
	var fnds []rules.Finding
	var ferr error
	if cerr == nil {
		fnds, ferr = r.findings(c)
	}
	for _, f := range fnds {
		r.worst = max(r.worst, f.Severity)
	}
	var werr error
	switch r.g.format {
	case "json":
		werr = writeJSON(r.out, socketsReport(r.g, r.f, c, fnds, firstErr(cerr, ferr)))
	case "openmetrics":
		werr = writeOpenMetrics(r.out, r.f.top, c, fnds)
	default:
		werr = writeSocketsText(r.out, textStyle(r.out, r.g), r.f.top, c, prev, since)
		if werr == nil {
			werr = writeSocketsFindings(r.out, fnds)
		}
		if cerr != nil {
			fmt.Fprintln(r.out)
		}
	}
	if werr == nil {
		werr = flush(r.out) // --watch shows each sample as it is taken
	}
	switch {
	case cerr != nil:
		return failed("sockets: %v", cerr)
	case ferr != nil:
		return failed("sockets: %v", ferr)
	case werr != nil:
		return werr
	}
	if r.f.watch == 0 {
		return r.exit()
	}
	return nil
}

// exit is check's contract: findings at or above --fail-on exit 1.
func (r *socketsRun) exit() error {
	if r.failOn != rules.SeverityNone && r.worst >= r.failOn {
		return &exitError{code: exitFindings}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
