package kernel

import (
	"bytes"
	"strconv"
)

// Conntrack is the state of the netfilter connection-tracking table, when
// the nf_conntrack module is loaded. When the table is full the kernel logs
// "nf_conntrack: table full, dropping packet" and counts a drop (after
// trying to evict an unreplied entry: early_drop).
type Conntrack struct {
	Count int64  // net.netfilter.nf_conntrack_count
	Max   *int64 // net.netfilter.nf_conntrack_max; 0 means no limit; nil unreadable
	// Drop, EarlyDrop and InsertFailed are summed over the per-CPU rows of
	// /proc/net/stat/nf_conntrack; nil when that file is not there.
	Drop         *int64
	EarlyDrop    *int64
	InsertFailed *int64
}

// readConntrack returns nil, quietly, when conntrack is not loaded: most
// hosts without NAT or stateful firewalling do not have it.
func readConntrack(f FS) *Conntrack {
	count, err := readSysInts(f, "net.netfilter.nf_conntrack_count")
	if err != nil {
		return nil
	}
	ct := &Conntrack{Count: count[0]}
	if v, err := readSysInts(f, "net.netfilter.nf_conntrack_max"); err == nil {
		ct.Max = &v[0]
	}
	if b, err := f.ReadFile("/proc/net/stat/nf_conntrack", 1<<20); err == nil {
		st := sumStatColumns(b)
		ct.Drop, ct.EarlyDrop, ct.InsertFailed = st["drop"], st["early_drop"], st["insert_failed"]
	}
	return ct
}

// sumStatColumns sums the columns of a /proc/net/stat file: a header of
// names, then one row of hexadecimal numbers per CPU (ct_cpu_seq_show in
// net/netfilter/nf_conntrack_standalone.c). Columns are found by name, so
// the renamed and added columns of other releases do not matter.
func sumStatColumns(b []byte) map[string]*int64 {
	lines := bytes.Split(b, []byte("\n"))
	if len(lines) < 2 {
		return nil
	}
	names := bytes.Fields(lines[0])
	out := map[string]*int64{}
	for _, line := range lines[1:] {
		vals := bytes.Fields(line)
		if len(vals) != len(names) {
			continue
		}
		for i, n := range names {
			v, err := strconv.ParseUint(string(vals[i]), 16, 32)
			if err != nil {
				continue
			}
			p := out[string(n)]
			if p == nil {
				p = new(int64)
				out[string(n)] = p
			}
			*p += int64(v)
		}
	}
	return out
}
