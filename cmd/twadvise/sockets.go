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
)

// socketsFlags are the flags of `twadvise sockets`.
type socketsFlags struct {
	top     int
	watch   int
	samples int
	source  string
}

func newSocketsCmd(g *globalFlags) *cobra.Command {
	f := &socketsFlags{}
	cmd := &cobra.Command{
		Use:   "sockets",
		Short: "live TCP state census and port-exhaustion diagnosis",
		Long: `sockets counts the TCP sockets of this network namespace by state, groups
TIME_WAIT by destination against the ephemeral port range, attributes
CLOSE_WAIT to the processes holding them, and shows the headroom left under
tcp_max_tw_buckets and fs.file-max. It reads the kernel over sock_diag
netlink (like ss), or <root>/proc/net/tcp when netlink is unavailable or
--root is given. It only reads.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSockets(cmd, g, f)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.top, "top", 10, "destinations to show, most TIME_WAIT first (0: all)")
	fl.IntVar(&f.watch, "watch", 0, "take a census every N seconds and show the change (text) until interrupted")
	fl.IntVar(&f.samples, "samples", 0, "with --watch, stop after this many censuses (0: until interrupted)")
	fl.StringVar(&f.source, "source", kernel.SourceAuto, "socket table source: auto, netlink or proc")
	return cmd
}

func runSockets(cmd *cobra.Command, g *globalFlags, f *socketsFlags) error {
	switch {
	case g.format != "text" && g.format != "json":
		return failed("sockets: unknown --format %q (text or json)", g.format)
	case f.top < 0, f.watch < 0, f.samples < 0:
		return failed("sockets: --top, --watch and --samples must not be negative")
	case f.source != kernel.SourceAuto && f.source != kernel.SourceNetlink && f.source != kernel.SourceProc:
		return failed("sockets: unknown --source %q (auto, netlink or proc)", f.source)
	}
	fsys := kernel.Open(g.root)
	opt := kernel.CensusOptions{Source: f.source}
	out := cmd.OutOrStdout()
	if f.watch == 0 {
		c, err := kernel.TakeCensus(fsys, opt)
		return emitCensus(out, g, f, c, err, nil, 0)
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()
	return watchSockets(ctx, out, g, f, fsys, opt)
}

// watchSockets repeats the census every --watch seconds. Text output shows
// what changed since the previous sample, as rates per second.
func watchSockets(ctx context.Context, out io.Writer, g *globalFlags, f *socketsFlags, fsys kernel.FS, opt kernel.CensusOptions) error {
	var prev *kernel.Census
	var prevAt time.Time
	tick := time.NewTicker(time.Duration(f.watch) * time.Second)
	defer tick.Stop()
	for n := 1; ; n++ {
		c, err := kernel.TakeCensus(fsys, opt)
		now := time.Now()
		if err := emitCensus(out, g, f, c, err, prev, now.Sub(prevAt)); err != nil {
			return err
		}
		prev, prevAt = c, now
		if f.samples > 0 && n >= f.samples {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// emitCensus prints one census in the chosen format. A census that failed is
// still printed as far as it got, and the run exits 2.
func emitCensus(out io.Writer, g *globalFlags, f *socketsFlags, c *kernel.Census, cerr error, prev *kernel.Census, since time.Duration) error {
	var werr error
	if g.format == "json" {
		werr = writeJSON(out, socketsReport(g, f, c, cerr))
	} else {
		werr = writeSocketsText(out, textStyle(out, g), f.top, c, prev, since)
		if cerr != nil {
			fmt.Fprintln(out)
		}
	}
	if cerr != nil {
		return failed("sockets: %v", cerr)
	}
	return werr
}
