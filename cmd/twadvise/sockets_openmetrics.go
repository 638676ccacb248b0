package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// The census as OpenMetrics text (https://openmetrics.io), for
// node_exporter's textfile collector. Label values that grow with the host
// (destinations, processes, listeners) are capped at maxSeries each, the
// rest summed into one "other" series, so a busy host cannot flood
// Prometheus with series.
const maxSeries = 20

// omWriter writes metric families; it remembers the first error.
type omWriter struct {
	w   io.Writer
	err error
}

func (o *omWriter) printf(format string, a ...any) {
	if o.err == nil {
		_, o.err = fmt.Fprintf(o.w, format, a...)
	}
}

// family writes the TYPE and HELP lines of a metric family.
func (o *omWriter) family(name, typ, help string) {
	o.printf("# TYPE %s %s\n# HELP %s %s\n", name, typ, name, help)
}

// sample writes one sample; labels are name, value pairs.
func (o *omWriter) sample(name string, v float64, labels ...string) {
	var b strings.Builder
	b.WriteString(name)
	if len(labels) > 0 {
		b.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(labels[i])
			b.WriteString(`="`)
			b.WriteString(escapeLabel(labels[i+1]))
			b.WriteByte('"')
		}
		b.WriteByte('}')
	}
	o.printf("%s %s\n", b.String(), strconv.FormatFloat(v, 'g', -1, 64))
}

// escapeLabel escapes a label value as OpenMetrics requires.
func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// writeOpenMetrics writes the census and its findings. top bounds the
// destinations and processes listed (0 or more than maxSeries: maxSeries).
func writeOpenMetrics(w io.Writer, top int, c *kernel.Census, fnds []rules.Finding) error {
	if top <= 0 || top > maxSeries {
		top = maxSeries
	}
	o := &omWriter{w: w}
	o.family("twadvise_tcp_sockets", "gauge", "TCP sockets of this network namespace by kernel state.")
	for _, s := range sortedStates(c.States) {
		o.sample("twadvise_tcp_sockets", float64(c.States[s]), "state", s)
	}
	writeOMTimeWait(o, top, c)
	writeOMCloseWait(o, top, c)
	writeOMListeners(o, top, c)
	writeOMLimits(o, c)
	writeOMCounters(o, c)
	o.family("twadvise_sockets_finding", "gauge", "1 for each census rule that fires (twadvise explain RULE).")
	for _, f := range fnds {
		o.sample("twadvise_sockets_finding", 1, "rule", f.RuleID, "name", f.RuleName, "severity", f.Severity.String())
	}
	o.printf("# EOF\n")
	return o.err
}

func sortedStates(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for s := range m {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func writeOMTimeWait(o *omWriter, top int, c *kernel.Census) {
	o.family("twadvise_tcp_time_wait_outbound_sockets", "gauge", "TIME_WAIT sockets whose local port came from ip_local_port_range.")
	o.sample("twadvise_tcp_time_wait_outbound_sockets", float64(c.TimeWait.Outbound))
	ds := c.TimeWait.ByDestination
	if len(ds) == 0 {
		return
	}
	shown := topN(ds, top)
	o.family("twadvise_tcp_time_wait_destination_sockets", "gauge", fmt.Sprintf("TIME_WAIT sockets per destination, the %d busiest; the rest as destination=\"other\".", top))
	rest := 0
	for _, d := range ds[len(shown):] {
		rest += d.Count
	}
	for _, d := range shown {
		o.sample("twadvise_tcp_time_wait_destination_sockets", float64(d.Count), "destination", hostPort(d.Address, d.Port))
	}
	if rest > 0 {
		o.sample("twadvise_tcp_time_wait_destination_sockets", float64(rest), "destination", "other")
	}
	o.family("twadvise_tcp_time_wait_port_range_ratio", "gauge", "Share of ip_local_port_range held by outbound TIME_WAIT to one destination (connect() to it fails at 1).")
	for _, d := range shown {
		if d.Outbound > 0 {
			o.sample("twadvise_tcp_time_wait_port_range_ratio", d.PortRangeShare, "destination", hostPort(d.Address, d.Port))
		}
	}
}

// writeOMCloseWait sums CLOSE_WAIT per command name: PIDs change on every
// restart and would leave a trail of dead series.
func writeOMCloseWait(o *omWriter, top int, c *kernel.Census) {
	byCmd := map[string]int{}
	for _, p := range c.CloseWait.ByProcess {
		byCmd[p.Command] += p.Count
	}
	cmds := make([]string, 0, len(byCmd))
	for n := range byCmd {
		cmds = append(cmds, n)
	}
	sort.Slice(cmds, func(i, j int) bool {
		if byCmd[cmds[i]] != byCmd[cmds[j]] {
			return byCmd[cmds[i]] > byCmd[cmds[j]]
		}
		return cmds[i] < cmds[j]
	})
	o.family("twadvise_tcp_close_wait_sockets", "gauge", "CLOSE_WAIT sockets per owning command (an application that does not close; no sysctl fixes it); command=\"\" when not attributed.")
	other := c.CloseWait.Unattributed
	for i, n := range cmds {
		if i >= top {
			other += byCmd[n]
			continue
		}
		o.sample("twadvise_tcp_close_wait_sockets", float64(byCmd[n]), "command", n)
	}
	if other > 0 || c.CloseWait.Total == 0 {
		o.sample("twadvise_tcp_close_wait_sockets", float64(other), "command", "")
	}
}

func writeOMListeners(o *omWriter, top int, c *kernel.Census) {
	if len(c.Listeners) == 0 {
		return
	}
	shown := c.Listeners
	if len(shown) > top {
		shown = shown[:top]
	}
	o.family("twadvise_tcp_listen_queue", "gauge", fmt.Sprintf("Connections waiting for accept() per listener, the %d fullest.", top))
	for _, l := range shown {
		o.sample("twadvise_tcp_listen_queue", float64(l.Queue), "listener", hostPort(l.Address, l.Port))
	}
	o.family("twadvise_tcp_listen_backlog", "gauge", "The accept queue's limit: listen() backlog capped at net.core.somaxconn (netlink only).")
	for _, l := range shown {
		if l.BacklogKnown {
			o.sample("twadvise_tcp_listen_backlog", float64(l.Backlog), "listener", hostPort(l.Address, l.Port))
		}
	}
}

func writeOMLimits(o *omWriter, c *kernel.Census) {
	l := c.Limits
	gauge := func(name, help string, v *int64) {
		if v != nil {
			o.family(name, "gauge", help)
			o.sample(name, float64(*v))
		}
	}
	gauge("twadvise_tcp_max_tw_buckets", "net.ipv4.tcp_max_tw_buckets.", l.TCPMaxTWBuckets)
	gauge("twadvise_tcp_time_wait_headroom", "TIME_WAIT buckets left under tcp_max_tw_buckets; past 0 connections skip TIME_WAIT.", l.TimeWaitHeadroom)
	gauge("twadvise_file_handles", "Allocated file handles (fs.file-nr), system-wide.", l.FileNr)
	gauge("twadvise_file_max", "fs.file-max.", l.FileMax)
	if l.FileNr != nil && l.FileMax != nil {
		h := *l.FileMax - *l.FileNr
		gauge("twadvise_file_handles_headroom", "File handles left under fs.file-max.", &h)
	}
	gauge("twadvise_tcp_orphans", "Orphaned TCP sockets (/proc/net/sockstat).", l.Orphans)
	gauge("twadvise_tcp_max_orphans", "net.ipv4.tcp_max_orphans (global; absent in a child network namespace).", l.TCPMaxOrphans)
	gauge("twadvise_somaxconn", "net.core.somaxconn: the cap on every listen() backlog.", l.SoMaxConn)
	if ct := c.Conntrack; ct != nil {
		gauge("twadvise_nf_conntrack_entries", "net.netfilter.nf_conntrack_count.", &ct.Count)
		gauge("twadvise_nf_conntrack_max", "net.netfilter.nf_conntrack_max (0: no limit).", ct.Max)
		o.family("twadvise_nf_conntrack_drops", "counter", "Conntrack table full: packets dropped (drop), entries evicted (early_drop), insert races (insert_failed).")
		for _, k := range []struct {
			kind string
			v    *int64
		}{{"drop", ct.Drop}, {"early_drop", ct.EarlyDrop}, {"insert_failed", ct.InsertFailed}} {
			if k.v != nil {
				o.sample("twadvise_nf_conntrack_drops_total", float64(*k.v), "kind", k.kind)
			}
		}
	}
}

// writeOMCounters writes the kernel's TCP counters as one counter family
// labelled with nstat's name; rates are left to PromQL's rate().
func writeOMCounters(o *omWriter, c *kernel.Census) {
	if len(c.Counters) == 0 {
		return
	}
	o.family("twadvise_tcp_kernel_events", "counter", "The kernel's TCP counters of this network namespace (/proc/net/netstat, /proc/net/snmp), named as nstat names them.")
	for _, n := range kernel.CounterNames() {
		if v, ok := c.Counters[n]; ok {
			o.sample("twadvise_tcp_kernel_events_total", float64(v), "counter", n)
		}
	}
}
