package kernel

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"time"
)

// Census sources.
const (
	SourceAuto    = "auto"    // netlink on the live system, else /proc/net/tcp
	SourceNetlink = "netlink" // sock_diag
	SourceProc    = "proc"    // <root>/proc/net/tcp and tcp6
)

// CensusOptions choose how the socket table is read.
type CensusOptions struct {
	// Source is SourceAuto (also ""), SourceNetlink or SourceProc. Auto uses
	// netlink only when the FS is the host root: with --root the tables come
	// from the tree, so fixtures work.
	Source string
	// Dump reads the table over netlink; nil means NetlinkDump. Tests of the
	// aggregation inject a fake here instead of opening a netlink socket.
	Dump DumpFunc
}

// Census is the TCP socket table of one network namespace, folded into the
// groups the port-exhaustion diagnosis needs.
type Census struct {
	Source    string         // SourceNetlink or SourceProc: what was really read
	NetNS     string         // NetNSInitial, NetNSChild or NetNSUnknown
	States    map[string]int // kernel state name -> sockets
	TimeWait  TimeWait
	CloseWait CloseWait
	Limits    Limits
	// Counters are the kernel's TCP counters since boot (or since the
	// namespace was created), from /proc/net/netstat and /proc/net/snmp,
	// named as nstat names them (TcpExtListenOverflows).
	Counters map[string]int64
	// Rates are the counters' increases per second over Interval, when
	// SampleRates was called; nil otherwise.
	Rates    map[string]float64
	Interval time.Duration
	// Listeners are the listening sockets with their accept queues, the
	// fullest first.
	Listeners []Listener
	// Listening are the local TCP ports with a listener, sorted: the ports an
	// ephemeral range must not hand out.
	Listening []int
	// Conntrack is the connection-tracking table; nil when nf_conntrack is
	// not loaded.
	Conntrack *Conntrack
	// Notes explain what the census could not show and why, when that is
	// expected (a global key absent in a child network namespace).
	Notes []string
	// Warnings are problems that did not stop the census: skipped lines,
	// unreadable limits, a netlink fallback, unreadable fd tables.
	Warnings []string

	countersAt time.Time
}

// TimeWait summarises the TIME_WAIT sockets.
type TimeWait struct {
	Total         int
	Outbound      int // local port from ip_local_port_range, not a listener
	ByDestination []Destination
}

// CloseWait summarises the CLOSE_WAIT sockets: connections the peer closed
// and the local application has not. No sysctl fixes those.
type CloseWait struct {
	Total        int
	ByProcess    []ProcessCount
	Unattributed int
	// Denied is the number of processes whose fd table could not be read;
	// when non-zero, some Unattributed sockets may be theirs.
	Denied int
}

// allStates is the state mask for a full dump: every state up to
// NEW_SYN_RECV, like ss -a.
const allStates = 1<<(StateNewSynRecv+1) - 2

// TakeCensus reads the socket table and the related limits and counters.
// It fails only when no source could be read at all.
func TakeCensus(f FS, opt CensusOptions) (*Census, error) {
	c := &Census{NetNS: DetectNetNS(f)}
	warn := func(format string, a ...any) { c.Warnings = append(c.Warnings, fmt.Sprintf(format, a...)) }
	c.Limits = readLimits(f, c.NetNS, warn, func(n string) { c.Notes = append(c.Notes, n) })
	low, high := uint16(0), uint16(0)
	if r := c.Limits.LocalPortRange; r != nil {
		low, high = uint16(r[0]), uint16(r[1])
	}
	agg, err := readTable(f, opt, low, high, c, warn)
	if err != nil {
		return c, err
	}
	c.fill(f, agg)
	c.Conntrack = readConntrack(f)
	c.countersAt = time.Now()
	if counters, err := ReadCounters(f); err != nil {
		warn("TCP counters not read: %v", err)
	} else {
		c.Counters = counters
	}
	return c, nil
}

// readTable reads the sockets from the chosen source, falling back from
// netlink to /proc when netlink is unavailable and the source was auto.
func readTable(f FS, opt CensusOptions, low, high uint16, c *Census, warn func(string, ...any)) (*aggregator, error) {
	src := opt.Source
	if src == "" || src == SourceAuto {
		src = SourceProc
		if f.IsHostRoot() || opt.Dump != nil {
			src = SourceNetlink
		}
	}
	if src == SourceNetlink {
		dump := opt.Dump
		if dump == nil {
			dump = NetlinkDump
		}
		agg, err := netlinkTable(dump, low, high)
		if err == nil {
			c.Source = SourceNetlink
			return agg, nil
		}
		if opt.Source == SourceNetlink {
			return nil, err
		}
		warn("netlink unavailable, read /proc/net/tcp instead: %v", err)
	}
	agg, err := procTable(f, low, high, warn)
	if err != nil {
		return nil, err
	}
	c.Source = SourceProc
	return agg, nil
}

// netlinkTable asks for the listeners first (a small, separate dump), so
// that every TIME_WAIT socket can be classified as it streams by.
func netlinkTable(dump DumpFunc, low, high uint16) (*aggregator, error) {
	agg := newAggregator(low, high)
	if err := dump(1<<StateListen, agg.addListener); err != nil {
		return nil, err
	}
	if err := dump(allStates, agg.add); err != nil {
		return nil, err
	}
	return agg, nil
}

// procTable reads tcp then tcp6, each once for its listeners (a prefix of
// the file) and once in full. A missing tcp6 means a kernel without IPv6.
func procTable(f FS, low, high uint16, warn func(string, ...any)) (*aggregator, error) {
	agg := newAggregator(low, high)
	read := 0
	for _, listeners := range []bool{true, false} {
		fn := agg.add
		if listeners {
			fn = agg.addListener
		}
		for _, p := range procTCPFiles {
			skipped, err := procScan(f, p, listeners, fn)
			if errors.Is(err, fs.ErrNotExist) && p != procTCPFiles[0] {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("reading %s: %w", p, err)
			}
			if !listeners {
				read++
				if skipped > 0 {
					warn("%s: skipped %d malformed lines", p, skipped)
				}
			}
		}
	}
	if read == 0 {
		return nil, fmt.Errorf("no TCP table under %s/proc/net", f.Root())
	}
	return agg, nil
}

// fill turns the aggregate into the census, looking up owners only when a
// socket needs one.
func (c *Census) fill(f FS, agg *aggregator) {
	c.States = map[string]int{}
	for s := StateEstablished; s <= StateClosing; s++ {
		c.States[s.String()] = agg.states[s]
	}
	for _, s := range []TCPState{StateNewSynRecv, StateBoundInactive} {
		if agg.states[s] > 0 {
			c.States[s.String()] = agg.states[s]
		}
	}
	if agg.unknownStates > 0 {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%d sockets in states this census does not know", agg.unknownStates))
	}
	for p := range agg.listeners {
		c.Listening = append(c.Listening, int(p))
	}
	sort.Ints(c.Listening)
	c.TimeWait = TimeWait{Total: agg.timeWait, Outbound: agg.outbound, ByDestination: agg.destinations()}
	c.CloseWait.Total = agg.states[StateCloseWait]
	c.Listeners = agg.listenerList
	for i := range c.Listeners {
		l := &c.Listeners[i]
		l.AtSomaxconn = l.BacklogKnown && c.Limits.SoMaxConn != nil && int64(l.Backlog) == *c.Limits.SoMaxConn
	}
	sortListeners(c.Listeners)
	c.findOwners(f, agg)
	attributed := 0
	for _, p := range c.CloseWait.ByProcess {
		attributed += p.Count
	}
	c.CloseWait.Unattributed = c.CloseWait.Total - attributed
	if c.CloseWait.Denied > 0 {
		c.Warnings = append(c.Warnings, fmt.Sprintf("CLOSE_WAIT owners: the open files of %d processes could not be read (permission denied); their sockets count as unattributed", c.CloseWait.Denied))
	}
	if used := c.Limits.twBuckets; c.Limits.TCPMaxTWBuckets != nil {
		n := int64(agg.timeWait)
		if used != nil {
			n = *used
		}
		h := *c.Limits.TCPMaxTWBuckets - n
		c.Limits.TimeWaitHeadroom = &h
	}
}

// findOwners looks up, in one walk over the processes, the owners of the
// CLOSE_WAIT sockets and of the listeners that have connections waiting in
// their accept queue (the only ones a finding names).
func (c *Census) findOwners(f FS, agg *aggregator) {
	want := make(map[uint64]struct{}, len(agg.closeWait)+len(c.Listeners))
	for ino := range agg.closeWait {
		want[ino] = struct{}{}
	}
	for _, l := range c.Listeners {
		if l.Queue > 0 && l.inode != 0 {
			want[l.inode] = struct{}{}
		}
	}
	if len(want) == 0 {
		return
	}
	o := findOwners(f, want)
	comms := map[int]string{}
	comm := func(pid int) string {
		if s, ok := comms[pid]; ok {
			return s
		}
		s := command(f, pid)
		comms[pid] = s
		return s
	}
	c.CloseWait.ByProcess = countByProcess(o, agg.closeWait, comm)
	c.CloseWait.Denied = o.denied
	for i := range c.Listeners {
		if pid, ok := o.pid[c.Listeners[i].inode]; ok {
			c.Listeners[i].PID, c.Listeners[i].Command = pid, comm(pid)
		}
	}
}
