package kernel

import (
	"bufio"
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestCatalogueLoads(t *testing.T) {
	c := loadedCatalogue()
	if c.err != nil {
		t.Fatalf("embedded catalogue: %v", c.err)
	}
	if n := len(Catalogue()); n < 700 {
		t.Fatalf("Catalogue() has %d keys, want the 6.18 list and more", n)
	}
	if !slices.IsSorted(Catalogue()) {
		t.Error("Catalogue() is not sorted")
	}
}

// TestFactsAreCatalogueKeys: facts.json must not invent keys. Every key
// with facts is in a key list, unless its history says it was removed.
func TestFactsAreCatalogueKeys(t *testing.T) {
	listed := map[string]bool{}
	for _, name := range []string{"catalog/keys-6.18.txt", "catalog/keys-docs.txt"} {
		data, err := catalogFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
				if CanonicalKey(l) != l {
					t.Errorf("%s: %q is not in canonical spelling", name, l)
				}
				listed[l] = true
			}
		}
	}
	data, err := catalogFS.ReadFile("catalog/facts.json")
	if err != nil {
		t.Fatal(err)
	}
	facts, err := parseFacts(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range facts {
		_, removed := f.Removed()
		if !listed[f.Key] && !removed {
			t.Errorf("facts.json: %s is in no key list and not marked removed", f.Key)
		}
		if f.Summary == "" || len(f.Sources) == 0 {
			t.Errorf("facts.json: %s needs a summary and sources", f.Key)
		}
		for _, c := range f.History {
			if c.Source == "" {
				t.Errorf("facts.json: %s: %s change without a source", f.Key, c.Event)
			}
		}
	}
}

func TestKeyStateHistory(t *testing.T) {
	tests := []struct {
		key, kernel string
		want        KeyStatus
		version     string // expected Version for removed / not-yet-added
		unverified  bool
	}{
		{"net.ipv4.tcp_tw_recycle", "4.11.12", KeyKnown, "", false},
		{"net.ipv4.tcp_tw_recycle", "4.12", KeyRemoved, "4.12", false},
		{"net.ipv4.tcp_tw_recycle", "4.12.0-rc1", KeyRemoved, "4.12", false},
		{"net.ipv4.tcp_tw_recycle", "5.15.0-91-generic", KeyRemoved, "4.12", false},
		{"net/ipv4/tcp_tw_recycle", "6.18", KeyRemoved, "4.12", false},
		{"net.ipv4.ip_unprivileged_port_start", "4.10", KeyNotYetAdded, "4.11", false},
		{"net.ipv4.ip_unprivileged_port_start", "4.11", KeyKnown, "", false},
		{"net.ipv4.tcp_tw_reuse_delay", "6.13", KeyNotYetAdded, "6.14", true},
		{"net.ipv4.tcp_tw_reuse_delay", "6.14", KeyKnown, "", false},
		{"net.ipv4.tcp_tw_reuse", "3.10", KeyKnown, "", false},    // added, release unknown: assume it exists
		{"net.ipv4.tcp_low_latency", "6.18", KeyKnown, "", false}, // a no-op, but present
		{"net.core.somaxconn", "2.6.32", KeyKnown, "", false},
		{"kernel.sysrq", "6.18", KeyKnown, "", false},
		{"kernel.exec-shield", "3.10", KeyUnknown, "", false},
		{"kernel.maps_protect", "2.6.18", KeyUnknown, "", false},
		{"kernel.rr_interval", "4.19", KeyUnknown, "", false},
		{"net.ipv4.tcp_nodelay", "5.10", KeyUnknown, "", false},
		{"net.ipv4_timestamps", "5.10", KeyUnknown, "", false},
		{"net.ipv4.tcp_tw_recylce", "5.10", KeyUnknown, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.key+"@"+tc.kernel, func(t *testing.T) {
			v := KeyState(tc.key, mustRelease(t, tc.kernel))
			if v.Status != tc.want {
				t.Fatalf("status = %s, want %s (%+v)", v.Status, tc.want, v)
			}
			if tc.version != "" {
				if v.Version != MustVersion(tc.version) || v.Source == "" || v.Unverified != tc.unverified {
					t.Errorf("verdict %+v, want version %s with a source, unverified=%v", v, tc.version, tc.unverified)
				}
			}
			if v.Note != "" {
				t.Errorf("mainline kernel got a vendor note: %q", v.Note)
			}
		})
	}
}

func TestKeyStateNoTargetAndVendor(t *testing.T) {
	if v := KeyState("net.ipv4.tcp_tw_recycle", nil); v.Status != KeyKnown {
		t.Errorf("no target: %s, want known (the catalogue has it)", v.Status)
	}
	el7 := mustRelease(t, "3.10.0-1160.el7.x86_64")
	v := KeyState("net.ipv4.tcp_tw_recycle", el7)
	if v.Status != KeyKnown || !strings.Contains(v.Note, "backport") {
		t.Errorf("el7: %+v, want known with a backport note", v)
	}
	uek := mustRelease(t, "5.4.17-2136.300.7.el8uek.x86_64")
	if v := KeyState("net.ipv4.tcp_tw_recycle", uek); v.Status != KeyRemoved || v.Note == "" {
		t.Errorf("uek 5.4: %+v, want removed with a note", v)
	}
	if v := KeyState("kernel.exec-shield", el7); v.Status != KeyUnknown || v.Note == "" {
		t.Errorf("exec-shield on el7: %+v, want unknown with a vendor note", v)
	}
}

func TestModuleKeys(t *testing.T) {
	tests := []struct{ key, module string }{
		{"net.bridge.bridge-nf-call-iptables", "br_netfilter"},
		{"net/bridge/bridge-nf-call-ip6tables", "br_netfilter"},
		{"net.netfilter.nf_conntrack_max", "nf_conntrack"},
		{"net.netfilter.nf_conntrack_tcp_timeout_time_wait", "nf_conntrack"},
		{"net.netfilter.nf_conntrack_frag6_timeout", "nf_defrag_ipv6"},
		{"net.nf_conntrack_max", "nf_conntrack"},
		{"net.sctp.rto_min", "sctp"},
		{"dev.cdrom.autoclose", "cdrom"},
		{"net.ipv4.tcp_sack", ""},
		{"net.netfilter.nf_log_all_netns", ""},
	}
	for _, tc := range tests {
		v := KeyState(tc.key, mustRelease(t, "6.18"))
		want := KeyKnown
		if tc.module != "" {
			want = KeyModule
		}
		if v.Status != want || v.Module != tc.module {
			t.Errorf("KeyState(%q) = %s module %q, want %s module %q", tc.key, v.Status, v.Module, want, tc.module)
		}
	}
}

func TestInterfaceKeys(t *testing.T) {
	tests := []struct {
		key   string
		known bool
	}{
		{"net.ipv4.conf.all.rp_filter", true},
		{"net.ipv4.conf.default.rp_filter", true},
		{"net.ipv4.conf.eth0/100.forwarding", true},
		{"net/ipv4/conf/eth0.100/forwarding", true},
		{"net.ipv4.conf.br-1a2b3c4d5e6f.forwarding", true},
		{"net.ipv6.conf.wlp0s20f3.accept_ra", true},
		{"net.ipv6.conf.all.disable_ipv6", true},
		{"net.ipv4.neigh.default.gc_thresh3", true},
		{"net.ipv6.neigh.eth0.base_reachable_time_ms", true},
		{"net.ipv4.conf.*.rp_filter", true},
		{"net.ipv4.conf.eth*.accept_redirects", true},
		{"net.ipv4.tcp_tw_*", true},
		{"net.ipv4.*", true},
		{"net.ipv4.*.forwarding", false}, // "*" is one path component
		{"net.nosuch.*", false},
		{"net.ipv4.conf.eth0.no_such_thing", false},
		{"net.ipv4.conf.eth0.100.forwarding", false}, // sysctl reads eth0/100/forwarding
		{"net.ipv4.conf.rp_filter", false},
	}
	for _, tc := range tests {
		info, ok := LookupKey(tc.key)
		if ok != tc.known {
			t.Errorf("LookupKey(%q) ok = %v, want %v", tc.key, ok, tc.known)
		}
		if ok && !IsGlob(tc.key) && !strings.Contains(info.Key, IfacePlaceholder) {
			t.Errorf("LookupKey(%q).Key = %q, want the %s form", tc.key, info.Key, IfacePlaceholder)
		}
	}
}

func TestSuggestKey(t *testing.T) {
	tests := []struct {
		key   string
		first string // "" = no suggestion
	}{
		{"net.ipv4.tcp_tw_recylce", "net.ipv4.tcp_tw_recycle"},
		{"net.ipv4_timestamps", "net.ipv4.tcp_timestamps"},
		{"net.ipv4.tcp.timestamps", "net.ipv4.tcp_timestamps"},
		{"net.ipv4.keepalive_time", "net.ipv4.tcp_keepalive_time"},
		{"net/ipv4/tcp_timestamp", "net.ipv4.tcp_timestamps"},
		{"vm.swapiness", "vm.swappiness"},
		{"kernel.sysrqq", "kernel.sysrq"},
		{"net.ip4.tcp_sack", "net.ipv4.tcp_sack"},
		{"net.ipv4.conf.eth0.rp_filtr", "net.ipv4.conf.eth0.rp_filter"},
		{"net.ipv4.conf.eth0/100.rp_filtr", "net.ipv4.conf.eth0/100.rp_filter"},
		{"net.ipv4.conf.eth0.100.rp_filter", "net.ipv4.conf.eth0/100.rp_filter"},
		{"net.ipv4.tcp_nodelay", ""},
		{"kernel.exec-shield", ""},
		{"net.ipv4.tcp_sack", ""}, // known: nothing to suggest
		{"", ""},
		{"x", ""},
	}
	for _, tc := range tests {
		got := SuggestKey(tc.key)
		if len(got) > maxSuggestions {
			t.Errorf("SuggestKey(%q) = %v: more than %d", tc.key, got, maxSuggestions)
		}
		switch {
		case tc.first == "" && len(got) != 0:
			t.Errorf("SuggestKey(%q) = %v, want none", tc.key, got)
		case tc.first != "" && (len(got) == 0 || got[0] != tc.first):
			t.Errorf("SuggestKey(%q) = %v, want %q first", tc.key, got, tc.first)
		}
	}
}

func TestKeyInfoFacts(t *testing.T) {
	tests := []struct {
		key      string
		min, max int64
		scope    Scope
	}{
		{"net.ipv4.tcp_tw_reuse", 0, 2, ScopePerNetns},
		{"net.ipv4.tcp_syn_retries", 1, 127, ScopePerNetns},
		{"net.ipv4.tcp_tw_reuse_delay", 1, 60000, ScopePerNetns},
		{"net.ipv4.tcp_timestamps", 0, 255, ScopePerNetns},
		{"net.ipv4.tcp_keepalive_probes", 0, 255, ScopePerNetns},
	}
	for _, tc := range tests {
		info, ok := LookupKey(tc.key)
		if !ok || info.Min == nil || info.Max == nil {
			t.Errorf("LookupKey(%q) = %+v, %v: want bounds", tc.key, info, ok)
			continue
		}
		if *info.Min != tc.min || *info.Max != tc.max || info.Scope != tc.scope {
			t.Errorf("%s: bounds %d..%d scope %s, want %d..%d %s", tc.key, *info.Min, *info.Max, info.Scope, tc.min, tc.max, tc.scope)
		}
	}
	for key, scope := range map[string]Scope{"net.ipv4.tcp_max_orphans": ScopeGlobal, "fs.file-max": ScopeGlobal,
		"net.core.somaxconn": ScopePerNetns, "vm.swappiness": ScopeUnknown} {
		if info, _ := LookupKey(key); info.Scope != scope {
			t.Errorf("%s: scope %q, want %q", key, info.Scope, scope)
		}
	}
	info, _ := LookupKey("net.ipv4.tcp_timestamps")
	var two bool
	for _, c := range info.History {
		if c.Version == MustVersion("4.10") && strings.Contains(c.Note, "value 2") && !c.Unverified {
			two = true
		}
	}
	if !two {
		t.Errorf("tcp_timestamps history lacks the verified 4.10 value-2 change: %+v", info.History)
	}
	info, _ = LookupKey("net.core.somaxconn")
	if len(info.History) == 0 || info.History[0].Version != MustVersion("5.4") || !strings.Contains(info.Default, "4096") {
		t.Errorf("somaxconn: %+v, want default 4096 since 5.4", info)
	}
}

func TestParseFactsRejects(t *testing.T) {
	for _, in := range []string{
		`{"keys": [{"key": "a.b", "scope": "sometimes"}]}`,
		`{"keys": [{"key": "a.b", "history": [{"version": "four", "event": "added"}]}]}`,
		`{"keys": [{"key": "a.b", "history": [{"version": "4.1", "event": "born"}]}]}`,
		`{"keys": [`,
	} {
		if _, err := parseFacts([]byte(in)); err == nil {
			t.Errorf("parseFacts(%s): no error", in)
		}
	}
}

func TestOSADistance(t *testing.T) {
	tests := []struct {
		a, b  string
		bound int
		want  int
	}{
		{"recycle", "recylce", 2, 1},
		{"abc", "abc", 0, 0},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // capped at bound+1
		{"", "abcd", 2, 3},
	}
	for _, tc := range tests {
		if got := osaDistance(tc.a, tc.b, tc.bound); got != tc.want {
			t.Errorf("osaDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.bound, got, tc.want)
		}
	}
}

func BenchmarkSuggestKey(b *testing.B) {
	for b.Loop() {
		SuggestKey("net.ipv4.tcp_tw_recylce")
	}
}
