package kernel

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// Limits are the ceilings the socket census is measured against. A nil
// field could not be read (absent key, fake root without it, permission).
type Limits struct {
	TCPMaxTWBuckets  *int64 // net.ipv4.tcp_max_tw_buckets
	TimeWaitHeadroom *int64 // tcp_max_tw_buckets minus the TIME_WAIT minisockets in use
	LocalPortRange   *[2]int
	FileNr           *int64  // allocated file handles, first field of fs.file-nr
	FileMax          *int64  // fs.file-max (global, not per namespace)
	Orphans          *int64  // orphaned sockets, from /proc/net/sockstat
	TCPMaxOrphans    *int64  // net.ipv4.tcp_max_orphans (global: absent in a child namespace)
	SoMaxConn        *int64  // net.core.somaxconn: the cap on every listen() backlog
	TCPMaxSynBacklog *int64  // net.ipv4.tcp_max_syn_backlog
	TCPSyncookies    *int64  // net.ipv4.tcp_syncookies
	TCPTimestamps    *int64  // net.ipv4.tcp_timestamps
	TCPTWRecycle     *int64  // net.ipv4.tcp_tw_recycle; nil on 4.12 and later, which removed it
	TCPMem           []int64 // net.ipv4.tcp_mem: min, pressure, max, in pages (global)
	TCPMemPages      *int64  // pages TCP uses now: sockstat's "mem"
	// twBuckets is sockstat's "tw": TIME_WAIT plus orphaned FIN_WAIT2
	// minisockets, which is what tcp_max_tw_buckets limits.
	twBuckets *int64
}

// smallFile bounds the reads of one-line /proc files.
const smallFile = 64 << 10

// readSysInts reads the whitespace-separated integers of a /proc/sys key.
func readSysInts(f FS, key string) ([]int64, error) {
	b, err := f.ReadFile(path.Join("/proc/sys", KeyPath(key)), smallFile)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, w := range strings.Fields(string(b)) {
		v, err := strconv.ParseInt(w, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a number", key, w)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: empty", key)
	}
	return out, nil
}

// globalKeys are keys of the initial namespace only: a child network
// namespace does not show them (measured on 6.18; net/ipv4/sysctl_net_ipv4.c
// registers them in the global ipv4_table, not the per-namespace one).
var globalKeys = map[string]bool{"net.ipv4.tcp_max_orphans": true, "net.ipv4.tcp_mem": true}

// contextKeys only add context to a finding, or exist only on some
// releases (tcp_tw_recycle left in 4.12): their absence is not worth a
// warning, and a rule that needs one treats it as unknown.
var contextKeys = map[string]bool{
	"net.ipv4.tcp_tw_recycle": true, "net.core.somaxconn": true, "net.ipv4.tcp_max_syn_backlog": true,
	"net.ipv4.tcp_syncookies": true, "net.ipv4.tcp_timestamps": true,
}

// readLimits reads every limit it can; each failure becomes a warning and a
// nil field, never an error: a census without fs.file-max is still useful.
// A global key absent in a child namespace becomes a note instead, since
// that is how the kernel is built, not a problem of the host.
func readLimits(f FS, netns string, warn func(string, ...any), note func(string)) Limits {
	var l Limits
	ints := func(key string) []int64 {
		v, err := readSysInts(f, key)
		switch {
		case err == nil:
			return v
		case errors.Is(err, fs.ErrNotExist) && contextKeys[key]:
		case errors.Is(err, fs.ErrNotExist) && globalKeys[key] && netns != NetNSInitial:
			note(fmt.Sprintf("%s is a global key that only the initial network namespace shows; this census runs in a %s one, so what depends on it is not judged here", key, netnsWord(netns)))
		default:
			warn("%s not read: %v", key, err)
		}
		return nil
	}
	one := func(key string) *int64 {
		if v := ints(key); v != nil {
			return &v[0]
		}
		return nil
	}
	l.TCPMaxTWBuckets = one("net.ipv4.tcp_max_tw_buckets")
	l.FileMax = one("fs.file-max")
	l.TCPMaxOrphans = one("net.ipv4.tcp_max_orphans")
	l.SoMaxConn = one("net.core.somaxconn")
	l.TCPMaxSynBacklog = one("net.ipv4.tcp_max_syn_backlog")
	l.TCPSyncookies = one("net.ipv4.tcp_syncookies")
	l.TCPTimestamps = one("net.ipv4.tcp_timestamps")
	l.TCPTWRecycle = one("net.ipv4.tcp_tw_recycle")
	if v := ints("net.ipv4.tcp_mem"); len(v) == 3 {
		l.TCPMem = v
	}
	if v, err := readSysInts(f, "net.ipv4.ip_local_port_range"); err != nil || len(v) != 2 {
		warn("net.ipv4.ip_local_port_range not read: %v", err)
	} else if v[0] < 1 || v[1] > 65535 || v[1] < v[0] {
		warn("net.ipv4.ip_local_port_range %d %d is out of bounds; ignored", v[0], v[1])
	} else {
		l.LocalPortRange = &[2]int{int(v[0]), int(v[1])}
	}
	if v, err := readSysInts(f, "fs.file-nr"); err != nil {
		warn("fs.file-nr not read: %v", err)
	} else {
		l.FileNr = &v[0]
	}
	if st, err := readSockstat(f); err != nil {
		warn("/proc/net/sockstat not read: %v", err)
	} else {
		if v, ok := st["orphan"]; ok {
			l.Orphans = &v
		}
		if v, ok := st["tw"]; ok {
			l.twBuckets = &v
		}
		if v, ok := st["mem"]; ok {
			l.TCPMemPages = &v
		}
	}
	return l
}

func netnsWord(netns string) string {
	if netns == NetNSChild {
		return "child"
	}
	return "non-initial or unknown"
}

// readSockstat returns the fields of the "TCP:" line of /proc/net/sockstat
// ("TCP: inuse 5 orphan 0 tw 2 alloc 7 mem 1"). The kernel keeps these
// counts itself, per network namespace, so reading them is O(1).
func readSockstat(f FS) (map[string]int64, error) {
	b, err := f.ReadFile("/proc/net/sockstat", smallFile)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		w := strings.Fields(line)
		if len(w) == 0 || w[0] != "TCP:" {
			continue
		}
		out := map[string]int64{}
		for i := 1; i+1 < len(w); i += 2 {
			if v, err := strconv.ParseInt(w[i+1], 10, 64); err == nil {
				out[w[i]] = v
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("no TCP: line")
}

// Network namespace answers for Census.NetNS.
const (
	NetNSInitial = "initial"
	NetNSChild   = "child"
	NetNSUnknown = "unknown"
)

// procInumDynamicFirst is PROC_DYNAMIC_FIRST (fs/proc/generic.c): inode
// numbers of namespaces created at run time start here. The initial network
// namespace of kernels that give it a fixed number (PROC_NET_INIT_INO,
// 0xEFFFFFF9 on the 6.18 test kernel) sits below it, so a number below it
// proves the initial namespace even when /proc/1 is unreadable.
const procInumDynamicFirst = 0xF0000000

// netnsOf reads the namespace inode from the magic link /proc/PID/ns/net,
// whose target reads "net:[4026531833]".
func netnsOf(f FS, pid string) (uint64, bool) {
	dir, err := f.Resolve("/proc/" + pid + "/ns")
	if err != nil {
		return 0, false
	}
	t := f.Readlink(dir + "/net")
	if !strings.HasPrefix(t, "net:[") || !strings.HasSuffix(t, "]") {
		return 0, false
	}
	v, err := strconv.ParseUint(t[5:len(t)-1], 10, 64)
	return v, err == nil
}

// DetectNetNS says whether the census sees the host's network namespace
// (the one PID 1 lives in) or a child one, such as a container's.
func DetectNetNS(f FS) string {
	self, ok := netnsOf(f, "self")
	if !ok {
		return NetNSUnknown
	}
	if init, ok := netnsOf(f, "1"); ok {
		if init == self {
			return NetNSInitial
		}
		return NetNSChild
	}
	if self < procInumDynamicFirst {
		return NetNSInitial
	}
	return netnsFromSysctl(f)
}

// netnsFromSysctl decides when /proc/1 is out of reach (a sandbox, a
// hardened /proc) and the inode proves nothing (before the fixed initial
// inode, every namespace's is dynamic). /proc/sys/net shows the reader's
// namespace, and net.ipv4.tcp_max_orphans sits in the global ipv4_table,
// which only init_net registers (net/ipv4/sysctl_net_ipv4.c, from 3.10 to
// 6.14: register_net_sysctl(&init_net, "net/ipv4", ipv4_table)), while
// every namespace has net/ipv4.
func netnsFromSysctl(f FS) string {
	if fi, err := f.Stat("/proc/sys/net/ipv4"); err != nil || !fi.IsDir() {
		return NetNSUnknown
	}
	_, err := f.Stat("/proc/sys/net/ipv4/tcp_max_orphans")
	switch {
	case err == nil:
		return NetNSInitial
	case errors.Is(err, fs.ErrNotExist):
		return NetNSChild
	}
	return NetNSUnknown
}
