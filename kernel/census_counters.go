package kernel

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"time"
)

// The kernel's own TCP counters, per network namespace: /proc/net/netstat
// (TcpExt) and /proc/net/snmp (Tcp). They say which limit was hit, which the
// socket table alone cannot. Names are spelled as nstat spells them,
// prefix+name ("TcpExtListenOverflows"). The names changed over the years:
// PAWSPassive left with tcp_tw_recycle in 4.12 (net/ipv4/proc.c@v4.11 has it,
// @v4.13.4 does not), PAWSOldAck and PAWSTimewait came later. A counter the
// running release lacks is simply absent from the map.

// counterNames are the counters the census keeps: the ones the census rules
// and the monitor read. Every one of them only ever grows (gauges such as
// TcpCurrEstab and the constant TcpMaxConn = -1 are left out).
var counterNames = []string{
	// TIME_WAIT and its limit (tcp_max_tw_buckets)
	"TcpExtTCPTimeWaitOverflow", // TIME_WAIT skipped: tcp_max_tw_buckets reached
	"TcpExtTW",                  // sockets that finished TIME_WAIT via the fast timer
	"TcpExtTWRecycled",          // TIME_WAIT reused by connect() (tcp_tw_reuse)
	"TcpExtTWKilled",            // TIME_WAIT killed early
	// accept queue (listen backlog, net.core.somaxconn)
	"TcpExtListenOverflows", // a connection completed but the accept queue was full
	"TcpExtListenDrops",     // every drop at a listener, overflows included
	// SYN queue (tcp_max_syn_backlog, tcp_syncookies)
	"TcpExtTCPReqQFullDrop",      // SYN dropped: SYN queue full, syncookies off
	"TcpExtTCPReqQFullDoCookies", // SYN queue full: answered with a syncookie
	"TcpExtSyncookiesSent",
	"TcpExtSyncookiesRecv",
	"TcpExtSyncookiesFailed",
	// PAWS (timestamps): rejected segments
	"TcpExtPAWSPassive", // SYN rejected by the per-host timestamp cache (tcp_tw_recycle, < 4.12)
	"TcpExtPAWSActive",  // SYN-ACK rejected on an active open
	"TcpExtPAWSEstab",   // segment of an established connection rejected
	"TcpExtPAWSOldAck",
	"TcpExtPAWSTimewait",
	// memory and orphans (tcp_mem, tcp_max_orphans)
	"TcpExtTCPAbortOnMemory",   // reset: "too many orphaned sockets" or "out of memory -- consider tuning tcp_mem"
	"TcpExtTCPMemoryPressures", // entered memory pressure (tcp_mem[1])
	// Tcp (RFC 4022 MIB, /proc/net/snmp)
	"TcpActiveOpens",
	"TcpPassiveOpens",
	"TcpAttemptFails",
	"TcpEstabResets",
	"TcpRetransSegs",
	"TcpInErrs",
	"TcpOutRsts",
}

// counterFiles are read in one pass each. snmp may be absent in a fake
// root; that is not an error as long as one file was read.
var counterFiles = [...]string{"/proc/net/netstat", "/proc/net/snmp"}

var wantedCounter = func() map[string]bool {
	m := make(map[string]bool, len(counterNames))
	for _, n := range counterNames {
		m[n] = true
	}
	return m
}()

// ReadCounters reads the kept counters of the namespace under f's root.
// It fails only when neither file could be read.
func ReadCounters(f FS) (map[string]int64, error) {
	out := map[string]int64{}
	var errs []error
	read := 0
	for _, p := range counterFiles {
		b, err := f.ReadFile(p, 1<<20)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) || p == counterFiles[0] {
				errs = append(errs, err)
			}
			continue
		}
		read++
		parseCounters(b, out)
	}
	if read == 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// parseCounters parses the netstat/snmp layout: pairs of lines, names then
// values, each starting with the same "Prefix:". Pairs that do not line up
// are skipped, so a malformed block costs only itself.
func parseCounters(b []byte, out map[string]int64) {
	lines := bytes.Split(b, []byte("\n"))
	for i := 0; i+1 < len(lines); i++ {
		names, values := bytes.Fields(lines[i]), bytes.Fields(lines[i+1])
		if len(names) < 2 || len(names) != len(values) || !bytes.Equal(names[0], values[0]) || !bytes.HasSuffix(names[0], []byte(":")) {
			continue
		}
		prefix := string(names[0][:len(names[0])-1])
		for j := 1; j < len(names); j++ {
			name := prefix + string(names[j])
			if !wantedCounter[name] {
				continue
			}
			if v, err := strconv.ParseInt(string(values[j]), 10, 64); err == nil && v >= 0 {
				out[name] = v
			}
		}
		i++ // the values line
	}
}

// Rates turns two readings of the counters, taken elapsed apart, into
// increases per second. A counter missing from either reading is left out;
// one that went down (a wrapped 32-bit counter, a namespace torn down and
// rebuilt) counts as 0 rather than as a huge negative rate.
func Rates(before, after map[string]int64, elapsed time.Duration) map[string]float64 {
	out := map[string]float64{}
	s := elapsed.Seconds()
	if s <= 0 {
		return out
	}
	for n, a := range after {
		b, ok := before[n]
		if !ok {
			continue
		}
		out[n] = round4(float64(max(a-b, 0)) / s)
	}
	return out
}

// SampleRates reads the counters again after d and stores the rates since
// the census was taken. The census keeps its since-boot counters.
func (c *Census) SampleRates(f FS, d time.Duration, sleep func(time.Duration)) error {
	if c.Counters == nil {
		return fmt.Errorf("no counters to compare with")
	}
	start := c.countersAt
	sleep(d)
	after, err := ReadCounters(f)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	if start.IsZero() || elapsed <= 0 {
		elapsed = d
	}
	c.Rates = Rates(c.Counters, after, elapsed)
	c.Interval = elapsed
	return nil
}

// CounterNames lists the counters a census may hold, so consumers can tell
// "not on this release" (absent) from "zero".
func CounterNames() []string { return append([]string(nil), counterNames...) }
