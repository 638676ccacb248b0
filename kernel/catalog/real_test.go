package catalog

import (
	"testing"
)

// realKB is the built-in knowledge base once the extractor's tables are
// committed; before that (only the 6.18 names list) the test skips.
func realKB(t *testing.T) *KB {
	t.Helper()
	kb := Builtin()
	if len(kb.Releases()) < 10 {
		t.Skipf("the built-in knowledge base has %d releases: the kernel trees' tables are not committed yet", len(kb.Releases()))
	}
	return kb
}

// TestCorrectionsExamples checks the knowledge base against the events
// found by reading the trees by hand (kernel-facts-corrections.md,
// "Examples", and rows 1, 2, 3, 7, 8 and 15).
func TestCorrectionsExamples(t *testing.T) {
	kb := realKB(t)
	events := []struct{ key, kind, span string }{
		{"net.ipv4.tcp_tw_recycle", EventRemoved, "4.12"},
		{"net.ipv4.tcp_tw_reuse", EventBounds, "4.18"},          // row 2
		{"net.ipv4.tcp_tw_reuse", EventScope, "4.10"},           // row 7
		{"net.ipv4.tcp_timestamps", EventScope, "4.13"},         // row 8
		{"net.ipv4.tcp_sack", EventScope, "4.13"},               // row 8
		{"net.ipv4.tcp_rmem", EventScope, "4.15"},               // row 8
		{"net.ipv4.tcp_congestion_control", EventScope, "4.15"}, // row 8
		{"net.ipv4.tcp_slow_start_after_idle", EventScope, "4.15"},
		{"net.ipv4.tcp_fastopen", EventScope, "4.15"},
		{"net.ipv4.tcp_tw_recycle", EventScope, "4.11"}, // row 15
		{"kernel.sched_latency_ns", EventMoved, "5.13"},
		{"net.ipv4.tcp_tw_reuse_delay", EventAdded, "6.14"},
		{"net.ipv4.ip_unprivileged_port_start", EventAdded, "4.11"},
		{"net.core.somaxconn", EventDefault, "5.4"},
		{"net.ipv4.ip_local_port_range", EventSemantic, "4.6"},
	}
	for _, tc := range events {
		k, ok := kb.Key(tc.key)
		if !ok {
			t.Errorf("%s: not in the knowledge base", tc.key)
			continue
		}
		found := false
		for _, e := range k.Events() {
			if e.Kind == tc.kind && e.Span.String() == tc.span {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no %s event in %s; events: %+v", tc.key, tc.kind, tc.span, k.Events())
		}
	}
	// Row 1 and the u8 example: int up to 5.12 (any value), 0..255 from 5.14.
	for _, key := range []string{"net.ipv4.tcp_timestamps", "net.ipv4.tcp_sack", "net.ipv4.tcp_syncookies"} {
		k, ok := kb.Key(key)
		if !ok {
			t.Errorf("%s: missing", key)
			continue
		}
		if s := k.At(v("4.9")); s.Max != nil || s.Facts.Type != "int" {
			t.Errorf("%s @4.9: type %s max %v, want int without bound", key, s.Facts.Type, s.Max)
		}
		if s := k.At(v("5.14")); s.Max == nil || *s.Max != 255 || s.Facts.Type != "u8" {
			t.Errorf("%s @5.14: type %s max %v, want u8 up to 255", key, s.Facts.Type, s.Max)
		}
	}
	// Row 2: tcp_tw_reuse is any integer, default 0, up to 4.17.
	k, _ := kb.Key("net.ipv4.tcp_tw_reuse")
	if s := k.At(v("4.17")); s.Max != nil || s.Facts.Default != "0" {
		t.Errorf("tcp_tw_reuse @4.17: max %v default %s, want no bound, default 0", s.Max, s.Facts.Default)
	}
	if s := k.At(v("4.18")); s.Max == nil || *s.Max != 2 || s.Facts.Default != "2" {
		t.Errorf("tcp_tw_reuse @4.18: max %v default %s, want 0..2, default 2", s.Max, s.Facts.Default)
	}
	// Row 3: gone from sysctl after 5.12.
	for _, key := range []string{"kernel.numa_balancing_scan_delay_ms", "kernel.numa_balancing_scan_size_mb", "vm.block_dump"} {
		k, ok := kb.Key(key)
		if !ok {
			t.Errorf("%s: missing", key)
			continue
		}
		if s := k.At(v("5.12")); !s.Exists() {
			t.Errorf("%s @5.12: %s, want present", key, s.Status)
		}
		if s := k.At(v("6.1")); s.Status != StatusMoved && s.Status != StatusRemoved {
			t.Errorf("%s @6.1: %s, want moved or removed", key, s.Status)
		}
	}
	// Row 15: tcp_low_latency is global in every tree.
	k, _ = kb.Key("net.ipv4.tcp_low_latency")
	for _, r := range kb.Releases() {
		if s := k.At(r.Version); s.Facts.Scope != "global" {
			t.Errorf("tcp_low_latency @%s: scope %s, want global", r.Name, s.Facts.Scope)
		}
	}
	if s := k.At(v("4.14")); s.Noop == nil {
		t.Error("tcp_low_latency @4.14: not a no-op")
	}
}
