package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// The JSON document of `twadvise sockets --format json`, described by
// docs/schema/sockets.schema.json (DESIGN.md, "sockets").
type socketsJSON struct {
	Schema    int              `json:"schema"`
	Tool      toolInfo         `json:"tool"`
	Host      string           `json:"host"`
	Source    string           `json:"source"`
	NetNS     string           `json:"netns"`
	States    map[string]int   `json:"states"`
	TimeWait  timeWaitJSON     `json:"time_wait"`
	CloseWait closeWaitJSON    `json:"close_wait"`
	Limits    limitsJSON       `json:"limits"`
	Listeners []listenerJSON   `json:"listeners"`
	Conntrack *conntrackJSON   `json:"conntrack"`
	Counters  map[string]int64 `json:"counters"`
	// IntervalS and Rates are the counter sample (--interval): null and
	// empty when none was taken.
	IntervalS *float64             `json:"interval_s"`
	Rates     map[string]float64   `json:"rates"`
	Findings  []socketsFindingJSON `json:"findings"`
	Notes     []string             `json:"notes"`
	Warnings  []string             `json:"warnings"`
	Errors    []errorJSON          `json:"errors"`
}

type listenerJSON struct {
	Address     string  `json:"address"`
	Port        uint16  `json:"port"`
	Queue       int     `json:"queue"`
	Backlog     *int    `json:"backlog"`
	Full        bool    `json:"full"`
	AtSomaxconn bool    `json:"at_somaxconn"`
	PID         *int    `json:"pid"`
	Command     *string `json:"command"`
}

type conntrackJSON struct {
	Count        int64  `json:"count"`
	Max          *int64 `json:"max"`
	Drop         *int64 `json:"drop"`
	EarlyDrop    *int64 `json:"early_drop"`
	InsertFailed *int64 `json:"insert_failed"`
}

// socketsFindingJSON is a census finding, with the field names of check's
// findings (the census is live, so there is no file or line).
type socketsFindingJSON struct {
	Rule        string   `json:"rule"`
	Name        string   `json:"name"`
	Severity    string   `json:"severity"`
	Key         string   `json:"key"`
	Value       string   `json:"value"`
	Message     string   `json:"message"`
	Remediation string   `json:"remediation"`
	References  []string `json:"references"`
}

type timeWaitJSON struct {
	Total         int               `json:"total"`
	Outbound      int               `json:"outbound"`
	ByDestination []destinationJSON `json:"by_destination"`
}

type destinationJSON struct {
	Address             string  `json:"address"`
	Port                uint16  `json:"port"`
	Count               int     `json:"count"`
	Outbound            int     `json:"outbound"`
	PortRangeShare      float64 `json:"port_range_share"`
	RatePerS            float64 `json:"rate_per_s"`
	SecondsToExhaustion *int    `json:"seconds_to_exhaustion"`
}

type closeWaitJSON struct {
	Total        int           `json:"total"`
	ByProcess    []processJSON `json:"by_process"`
	Unattributed int           `json:"unattributed"`
}

type processJSON struct {
	PID     int    `json:"pid"`
	Command string `json:"command"`
	Count   int    `json:"count"`
}

type limitsJSON struct {
	TCPMaxTWBuckets  *int64  `json:"tcp_max_tw_buckets"`
	TimeWaitHeadroom *int64  `json:"time_wait_headroom"`
	LocalPortRange   *[2]int `json:"ip_local_port_range"`
	FileNr           *int64  `json:"file_nr"`
	FileMax          *int64  `json:"file_max"`
	Orphans          *int64  `json:"orphans"`
	TCPMaxOrphans    *int64  `json:"tcp_max_orphans"`
	SoMaxConn        *int64  `json:"somaxconn"`
	TCPMaxSynBacklog *int64  `json:"tcp_max_syn_backlog"`
	TCPSyncookies    *int64  `json:"tcp_syncookies"`
	TCPTimestamps    *int64  `json:"tcp_timestamps"`
	TCPTWRecycle     *int64  `json:"tcp_tw_recycle"`
	TCPMem           []int64 `json:"tcp_mem"`
	TCPMemPages      *int64  `json:"tcp_mem_pages"`
}

type errorJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// socketsReport maps a census to its JSON document. --top limits the
// destinations listed (0: all); totals always cover everything.
func socketsReport(g *globalFlags, f *socketsFlags, c *kernel.Census, fnds []rules.Finding, cerr error) socketsJSON {
	r := socketsJSON{
		Schema: 2, Tool: currentTool(), Host: g.hostName(),
		Source: c.Source, NetNS: c.NetNS, States: c.States, Counters: c.Counters, Rates: c.Rates,
		Notes: append([]string{}, c.Notes...), Warnings: append([]string{}, c.Warnings...), Errors: []errorJSON{},
		Listeners: []listenerJSON{}, Findings: []socketsFindingJSON{},
	}
	if r.Rates == nil {
		r.Rates = map[string]float64{}
	} else {
		s := round2(c.Interval.Seconds())
		r.IntervalS = &s
	}
	for _, l := range c.Listeners {
		r.Listeners = append(r.Listeners, toListenerJSON(l))
	}
	if ct := c.Conntrack; ct != nil {
		r.Conntrack = &conntrackJSON{ct.Count, ct.Max, ct.Drop, ct.EarlyDrop, ct.InsertFailed}
	}
	for _, fd := range fnds {
		r.Findings = append(r.Findings, socketsFindingJSON{Rule: fd.RuleID, Name: fd.RuleName, Severity: fd.Severity.String(),
			Key: fd.Key, Value: fd.Value, Message: fd.Message, Remediation: fd.Remediation, References: fd.References})
	}
	if r.Source == "" {
		r.Source = kernel.SourceProc // nothing was read; proc was the last try
	}
	if r.States == nil {
		r.States = map[string]int{}
	}
	if r.Counters == nil {
		r.Counters = map[string]int64{}
	}
	if cerr != nil {
		r.Errors = append(r.Errors, errorJSON{File: "/proc/net/tcp", Message: cerr.Error()})
	}
	r.TimeWait = timeWaitJSON{Total: c.TimeWait.Total, Outbound: c.TimeWait.Outbound, ByDestination: []destinationJSON{}}
	for _, d := range topN(c.TimeWait.ByDestination, f.top) {
		r.TimeWait.ByDestination = append(r.TimeWait.ByDestination, destinationJSON{
			Address: d.Address, Port: d.Port, Count: d.Count, Outbound: d.Outbound,
			PortRangeShare: d.PortRangeShare, RatePerS: d.RatePerSec, SecondsToExhaustion: d.SecondsToExhaustion,
		})
	}
	r.CloseWait = closeWaitJSON{Total: c.CloseWait.Total, Unattributed: c.CloseWait.Unattributed, ByProcess: []processJSON{}}
	for _, p := range c.CloseWait.ByProcess {
		r.CloseWait.ByProcess = append(r.CloseWait.ByProcess, processJSON{PID: p.PID, Command: p.Command, Count: p.Count})
	}
	l := c.Limits
	r.Limits = limitsJSON{l.TCPMaxTWBuckets, l.TimeWaitHeadroom, l.LocalPortRange, l.FileNr, l.FileMax, l.Orphans, l.TCPMaxOrphans,
		l.SoMaxConn, l.TCPMaxSynBacklog, l.TCPSyncookies, l.TCPTimestamps, l.TCPTWRecycle, l.TCPMem, l.TCPMemPages}
	return r
}

func toListenerJSON(l kernel.Listener) listenerJSON {
	j := listenerJSON{Address: l.Address, Port: l.Port, Queue: l.Queue, Full: l.Full(), AtSomaxconn: l.AtSomaxconn}
	if l.BacklogKnown {
		j.Backlog = &l.Backlog
	}
	if l.PID > 0 {
		j.PID, j.Command = &l.PID, &l.Command
	}
	return j
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func topN(d []kernel.Destination, n int) []kernel.Destination {
	if n > 0 && len(d) > n {
		return d[:n]
	}
	return d
}

// style says what the text output may use: bars only on a terminal.
type style struct{ bars bool }

// textStyle draws bars when colour is on (--color, NO_COLOR, FORCE_COLOR,
// a terminal: colorOn).
func textStyle(out io.Writer, g *globalFlags) style {
	return style{bars: colorOn(g, out)}
}

// writeSocketsText prints the census for a human. prev, when set, is the
// previous --watch sample, taken `since` earlier.
func writeSocketsText(w io.Writer, st style, top int, c *kernel.Census, prev *kernel.Census, since time.Duration) error {
	p := &printer{w: w}
	p.f("TCP sockets (source: %s, network namespace: %s)\n", orDash(c.Source), c.NetNS)
	writeStates(p, c)
	if prev != nil && since > 0 {
		writeDelta(p, c, prev, since)
	}
	writeTimeWait(p, st, top, c)
	writeCloseWait(p, c)
	writeListeners(p, top, c)
	writeLimits(p, c)
	writeCounters(p, c)
	if len(c.Notes) > 0 {
		p.f("\nNotes\n")
		for _, m := range c.Notes {
			p.f("  %s\n", m)
		}
	}
	if len(c.Warnings) > 0 {
		p.f("\nWarnings\n")
		for _, m := range c.Warnings {
			p.f("  %s\n", m)
		}
	}
	return p.err
}

// printer remembers the first write error so the callers stay readable.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, a ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, a...)
	}
}

func writeStates(p *printer, c *kernel.Census) {
	names := make([]string, 0, len(c.States))
	for n, v := range c.States {
		if v > 0 {
			names = append(names, n)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if c.States[names[i]] != c.States[names[j]] {
			return c.States[names[i]] > c.States[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) == 0 {
		p.f("  no TCP sockets\n")
	}
	for _, n := range names {
		p.f("  %-12s %8d\n", n, c.States[n])
	}
}

// writeDelta shows the change since the previous --watch sample.
func writeDelta(p *printer, c, prev *kernel.Census, since time.Duration) {
	s := since.Seconds()
	p.f("\nSince the previous sample (%.1f s)\n", s)
	for _, n := range []string{"TIME_WAIT", "CLOSE_WAIT", "ESTABLISHED"} {
		d := c.States[n] - prev.States[n]
		p.f("  %-12s %+8d  (%+.1f/s)\n", n, d, float64(d)/s)
	}
	for _, n := range sortedKeys(c.Counters) {
		if d := c.Counters[n] - prev.Counters[n]; d != 0 {
			p.f("  %s %+d  (%+.1f/s)\n", n, d, float64(d)/s)
		}
	}
}

func writeTimeWait(p *printer, st style, top int, c *kernel.Census) {
	tw := c.TimeWait
	p.f("\nTIME_WAIT: %d, %d outbound", tw.Total, tw.Outbound)
	if r := c.Limits.LocalPortRange; r != nil {
		p.f(" (local port from ip_local_port_range %d-%d, %d ports)", r[0], r[1], r[1]-r[0]+1)
	}
	p.f("\n")
	if tw.Total == 0 {
		return
	}
	shown := topN(tw.ByDestination, top)
	tab := tabwriter.NewWriter(p.w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tab, "  DESTINATION\tCOUNT\tOUTBOUND\tPORT SHARE\tRATE/S\tPORTS RUN OUT IN\t\n")
	for _, d := range shown {
		fmt.Fprintf(tab, "  %s\t%d\t%d\t%s\t%.1f\t%s\t%s\n", hostPort(d.Address, d.Port), d.Count, d.Outbound,
			share(d), d.RatePerSec, exhaustion(d), bar(st, d.Count, shown[0].Count))
	}
	if p.err == nil {
		p.err = tab.Flush()
	}
	if rest := len(tw.ByDestination) - len(shown); rest > 0 {
		p.f("  ... and %d more destinations (--top 0 shows all)\n", rest)
	}
	p.f("  Share, rate and run-out time count outbound sockets only, and assume each port stays\n" +
		"  taken for the full 60 s; with net.ipv4.tcp_tw_reuse, connect() may reuse one sooner.\n")
}

func writeCloseWait(p *printer, c *kernel.Census) {
	cw := c.CloseWait
	p.f("\nCLOSE_WAIT: %d\n", cw.Total)
	if cw.Total == 0 {
		return
	}
	for _, pc := range cw.ByProcess {
		p.f("  pid %-8d %-16s %d\n", pc.PID, pc.Command, pc.Count)
	}
	if cw.Unattributed > 0 {
		p.f("  %d not attributed to a process", cw.Unattributed)
		if cw.Denied > 0 {
			p.f(" (the open files of %d processes could not be read; run as root)", cw.Denied)
		}
		p.f("\n")
	}
	p.f("  The peer closed these connections and the application has not closed its sockets.\n" +
		"  This is a bug in the application: no sysctl fixes it.\n")
}

func writeLimits(p *printer, c *kernel.Census) {
	l := c.Limits
	p.f("\nLimits\n")
	if l.TCPMaxTWBuckets != nil && l.TimeWaitHeadroom != nil {
		p.f("  TIME_WAIT buckets: %d of %d in use, headroom %d (net.ipv4.tcp_max_tw_buckets)\n",
			*l.TCPMaxTWBuckets-*l.TimeWaitHeadroom, *l.TCPMaxTWBuckets, *l.TimeWaitHeadroom)
	}
	if l.Orphans != nil && l.TCPMaxOrphans != nil {
		p.f("  orphaned sockets: %d of %d (net.ipv4.tcp_max_orphans); FIN_WAIT2: %d\n", *l.Orphans, *l.TCPMaxOrphans, c.States["FIN_WAIT2"])
	}
	if l.FileNr != nil && l.FileMax != nil {
		p.f("  file handles: %d of %d (fs.file-nr, fs.file-max; system-wide)\n", *l.FileNr, *l.FileMax)
	}
	if v, ok := c.Counters["TcpExtTCPTimeWaitOverflow"]; ok {
		p.f("  TcpExtTCPTimeWaitOverflow: %d", v)
		if v > 0 {
			p.f(" (connections that skipped TIME_WAIT because tcp_max_tw_buckets was full)")
		}
		p.f("\n")
	}
}

func hostPort(addr string, port uint16) string {
	if strings.Contains(addr, ":") {
		return fmt.Sprintf("[%s]:%d", addr, port)
	}
	return fmt.Sprintf("%s:%d", addr, port)
}

func share(d kernel.Destination) string {
	if d.Outbound == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f%%", d.PortRangeShare*100)
}

func exhaustion(d kernel.Destination) string {
	switch {
	case d.Outbound == 0:
		return "-"
	case d.SecondsToExhaustion == nil:
		return "not at this rate"
	case *d.SecondsToExhaustion == 0:
		return "now"
	}
	return fmt.Sprintf("%d s", *d.SecondsToExhaustion)
}

// bar is a compact bar scaled to the largest count, for terminals only.
func bar(st style, n, most int) string {
	if !st.bars || most == 0 {
		return ""
	}
	return strings.Repeat("█", max(1, n*20/most))
}

func sortedKeys(m map[string]int64) []string {
	k := make([]string, 0, len(m))
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
