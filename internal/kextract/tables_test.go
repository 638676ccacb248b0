package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The committed tables must reproduce the release-indexed facts that were
// checked by hand against the trees (kernel-facts-corrections.md, "Examples of
// release-indexed events", rows 1, 2, 3, 7, 8, 15) and the 6.18 child-namespace
// measurement. A regenerated table that loses one of them fails here.

const tablesDir = "../../kernel/catalog/tables"

type row struct{ scope, typ, handler, min, max, def string }

func readTable(t *testing.T, release string) map[string]row {
	t.Helper()
	f, err := os.Open(filepath.Join(tablesDir, release+".tsv"))
	if err != nil {
		t.Fatalf("table for %s: %v", release, err)
	}
	defer f.Close()
	out := map[string]row{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "key\t") {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) != 9 {
			t.Fatalf("%s: row with %d columns: %q", release, len(c), l)
		}
		out[c[0]] = row{c[1], c[2], c[3], c[4], c[5], c[6]}
	}
	return out
}

func TestTablesReproduceCheckedFacts(t *testing.T) {
	tables := map[string]map[string]row{}
	get := func(rel string) map[string]row {
		if tables[rel] == nil {
			tables[rel] = readTable(t, rel)
		}
		return tables[rel]
	}
	has := func(rel, key string, want bool) {
		t.Helper()
		if _, ok := get(rel)[key]; ok != want {
			t.Errorf("%s @%s: present=%v, want %v", key, rel, ok, want)
		}
	}
	is := func(rel, key, field, want string) {
		t.Helper()
		r, ok := get(rel)[key]
		if !ok {
			t.Errorf("%s @%s: missing", key, rel)
			return
		}
		got := map[string]string{"scope": r.scope, "type": r.typ, "handler": r.handler, "min": r.min, "max": r.max, "default": r.def}[field]
		if got != want {
			t.Errorf("%s @%s: %s = %q, want %q", key, rel, field, got, want)
		}
	}
	const ipv4 = "net.ipv4."
	// tcp_tw_recycle: removed in 4.12; global up to 4.10, per-namespace in 4.11.
	has("4.11.0", ipv4+"tcp_tw_recycle", true)
	has("4.12.4", ipv4+"tcp_tw_recycle", false)
	is("4.10.0", ipv4+"tcp_tw_recycle", "scope", "global")
	is("4.11.0", ipv4+"tcp_tw_recycle", "scope", "netns")
	// tcp_tw_reuse: global int proc_dointvec default 0 in 4.9, per-namespace in
	// 4.10, bounds 0..2 and default 2 in 4.18.
	for f, v := range map[string]string{"scope": "global", "type": "int", "handler": "proc_dointvec", "min": "-", "max": "-", "default": "0"} {
		is("4.9.0", ipv4+"tcp_tw_reuse", f, v)
	}
	is("4.10.0", ipv4+"tcp_tw_reuse", "scope", "netns")
	is("4.17.0", ipv4+"tcp_tw_reuse", "handler", "proc_dointvec")
	for f, v := range map[string]string{"handler": "proc_dointvec_minmax", "min": "0", "max": "2", "default": "2"} {
		is("4.18.0", ipv4+"tcp_tw_reuse", f, v)
	}
	// tcp_timestamps and friends: int proc_dointvec in 5.12.9, u8 in 5.14.
	for _, k := range []string{"tcp_timestamps", "tcp_sack", "tcp_syncookies"} {
		is("5.12.9", ipv4+k, "type", "int")
		is("5.12.9", ipv4+k, "handler", "proc_dointvec")
		is("5.14.0-rc5", ipv4+k, "type", "u8")
		is("5.14.0-rc5", ipv4+k, "handler", "proc_dou8vec_minmax")
	}
	// tcp_timestamps per-namespace in 4.13 (global in 4.12.4).
	is("4.12.4", ipv4+"tcp_timestamps", "scope", "global")
	is("4.13.4", ipv4+"tcp_timestamps", "scope", "netns")
	is("4.13.4", ipv4+"tcp_timestamps", "default", "1")
	// Row 8: these became per-namespace in 4.15.
	for _, k := range []string{"tcp_rmem", "tcp_congestion_control", "tcp_slow_start_after_idle", "tcp_fastopen"} {
		is("4.14.177", ipv4+k, "scope", "global")
		is("4.15.0", ipv4+k, "scope", "netns")
	}
	// CFS tunables, numa_balancing_scan_*, vm.block_dump: gone from sysctl in 5.13.
	for _, k := range []string{"kernel.sched_latency_ns", "kernel.sched_min_granularity_ns",
		"kernel.numa_balancing_scan_delay_ms", "vm.block_dump"} {
		has("5.12.9", k, true)
		has("5.14.0-rc5", k, false)
	}
	// Added keys.
	has("6.13.7", ipv4+"tcp_tw_reuse_delay", false)
	has("6.14.0", ipv4+"tcp_tw_reuse_delay", true)
	has("4.10.0", ipv4+"ip_unprivileged_port_start", false)
	has("4.11.0", ipv4+"ip_unprivileged_port_start", true)
	// somaxconn default 128 -> 4096 in 5.4.
	is("5.3.1", "net.core.somaxconn", "default", "128")
	is("5.4.59", "net.core.somaxconn", "default", "4096")
	// vm.swappiness max 100 -> 200 in 5.5-5.12.
	is("4.9.0", "vm.swappiness", "max", "100")
	is("5.12.9", "vm.swappiness", "max", "200")
	// Row 15 and the 6.18 child-namespace measurement: global keys.
	for _, rel := range []string{"3.8.13", "4.9.0", "5.4.59", "6.14.0"} {
		is(rel, ipv4+"tcp_low_latency", "scope", "global")
	}
	for _, k := range []string{ipv4 + "tcp_max_orphans", ipv4 + "tcp_mem", ipv4 + "tcp_low_latency",
		"net.core.netdev_max_backlog", "net.core.rmem_max", "net.netfilter.nf_conntrack_max"} {
		is("6.14.0", k, "scope", "global")
	}
}

// TestSixFourteenHoldsTheSixEighteenList: every key of the 6.18 machine is in
// the 6.14 table, except the ones listed (with their source) as added later.
func TestSixFourteenHoldsTheSixEighteenList(t *testing.T) {
	later := map[string]bool{}
	data, err := os.ReadFile("../../kernel/catalog/reports/6.18-not-in-6.14.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			later[strings.SplitN(l, "\t", 2)[0]] = true
		}
	}
	t614 := readTable(t, "6.14.0")
	for key := range readTable(t, "6.18") {
		if _, ok := t614[key]; !ok && !later[key] {
			t.Errorf("%s: on the 6.18 machine, not in the 6.14.0 table, not listed as added later", key)
		}
		if _, ok := t614[key]; ok && later[key] {
			t.Errorf("%s: listed as added after 6.14 but the 6.14.0 table has it", key)
		}
	}
}
