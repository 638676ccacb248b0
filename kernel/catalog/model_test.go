package catalog

import (
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/kernel"
)

func testKB(t testing.TB) *KB {
	t.Helper()
	kb, err := LoadDir("testdata/kb")
	if err != nil {
		t.Fatal(err)
	}
	return kb
}

func v(s string) kernel.Version { return kernel.MustVersion(s) }

func mustKey(t *testing.T, kb *KB, key string) *Key {
	t.Helper()
	k, ok := kb.Key(key)
	if !ok {
		t.Fatalf("Key(%q): not found", key)
	}
	return k
}

// event returns the key's first event of kind, failing when there is none.
func event(t *testing.T, k *Key, kind string) Event {
	t.Helper()
	for _, e := range k.Events() {
		if e.Kind == kind {
			return e
		}
	}
	t.Fatalf("%s: no %s event in %+v", k.Name, kind, k.Events())
	return Event{}
}

func TestSpans(t *testing.T) {
	tests := []struct{ before, after, want string }{
		{"4.11.0", "4.12.4", "4.12"},        // adjacent minors: exact
		{"4.12.4", "4.14.177", "4.13–4.14"}, // one minor unread: a range
		{"5.12.9", "5.14.0", "5.13–5.14"},
		{"3.19.8", "4.0.1", "4.0"}, // across a major
		{"4.20.1", "5.3.1", "5.0–5.3"},
		{"4.14.0", "4.14.177", "4.14"}, // a stable update
	}
	for _, tc := range tests {
		if got := spanBetween(v(tc.before), v(tc.after)).String(); got != tc.want {
			t.Errorf("spanBetween(%s, %s) = %s, want %s", tc.before, tc.after, got, tc.want)
		}
	}
	s, err := ParseSpan("3.15..3.17")
	if err != nil || s.String() != "3.15–3.17" || !s.Covers(v("3.16.2")) || s.Covers(v("3.17")) || !s.After(v("3.17")) || s.After(v("3.14")) {
		t.Errorf("ParseSpan(3.15..3.17) = %v, %v", s, err)
	}
	for _, bad := range []string{"", "4", "4.x", "4.14..4.12", "4.14-rc1"} {
		if _, err := ParseSpan(bad); err == nil {
			t.Errorf("ParseSpan(%q): no error", bad)
		}
	}
}

func TestDerivedEvents(t *testing.T) {
	kb := testKB(t)
	tests := []struct {
		key, kind, span, before, after string
	}{
		{"net.ipv4.tcp_tw_reuse", EventScope, "4.10", "global", "netns"},
		{"net.ipv4.tcp_tw_reuse", EventBounds, "4.18", "none", "0..2"},
		{"net.ipv4.tcp_tw_reuse", EventDefault, "4.18", "0", "2"},
		{"net.ipv4.tcp_tw_recycle", EventRemoved, "4.12", "", ""},
		{"net.ipv4.ip_unprivileged_port_start", EventAdded, "4.11", "", ""},
		{"net.ipv4.tcp_timestamps", EventScope, "4.13", "global", "netns"}, // narrowed by curated
		{"net.ipv4.tcp_timestamps", EventType, "5.13–5.14", "int", "u8"},
		{"net.ipv4.tcp_timestamps", EventBounds, "5.13–5.14", "none", "0..255"},
		{"vm.block_dump", EventRemoved, "5.13–5.14", "", ""},
		{"kernel.sched_latency_ns", EventMoved, "5.13", "", ""},
		{"net.ipv4.tcp_tw_reuse_delay", EventAdded, "6.14", "", ""},
		{"net.ipv4.tcp_new_in_615", EventAdded, "6.15–6.18", "", ""},
		{"fs.file-max", EventFile, "5.13–5.14", "kernel/sysctl.c", "fs/file_table.c"},
	}
	for _, tc := range tests {
		e := event(t, mustKey(t, kb, tc.key), tc.kind)
		if e.Span.String() != tc.span || e.Before != tc.before || e.After != tc.after {
			t.Errorf("%s %s: %s %q -> %q, want %s %q -> %q", tc.key, tc.kind, e.Span, e.Before, e.After, tc.span, tc.before, tc.after)
		}
		if e.Cite() == "" {
			t.Errorf("%s %s: no source", tc.key, tc.kind)
		}
	}
	e := event(t, mustKey(t, kb, "net.ipv4.tcp_tw_recycle"), EventRemoved)
	if e.Older.Name != "4.11.0" || e.Newer.Name != "4.12.4" || !strings.Contains(e.Trees(), "@4.11.0 and @4.12.4") {
		t.Errorf("tcp_tw_recycle removal trees: %q", e.Trees())
	}
	// A key missing from the names-only list is not removed (the machine's
	// configuration may lack it).
	for _, e := range mustKey(t, kb, "kernel.sysrq").Events() {
		if e.Kind == EventRemoved {
			t.Errorf("kernel.sysrq: removal derived from the names-only list: %+v", e)
		}
	}
}

func TestStateAt(t *testing.T) {
	kb := testKB(t)
	tests := []struct {
		key, release string
		want         Status
		span         string // Event.Span when Event is set
	}{
		{"net.ipv4.tcp_tw_recycle", "4.11.12", StatusPresent, ""},
		{"net.ipv4.tcp_tw_recycle", "4.12", StatusRemoved, "4.12"},
		{"net.ipv4.tcp_tw_recycle", "6.18", StatusRemoved, "4.12"},
		{"net.ipv4.ip_unprivileged_port_start", "4.10.17", StatusNotYetAdded, "4.11"},
		{"net.ipv4.ip_unprivileged_port_start", "4.11", StatusPresent, ""},
		{"vm.block_dump", "5.12", StatusPresent, ""},
		{"vm.block_dump", "5.13", StatusInGap, "5.13–5.14"},
		{"vm.block_dump", "5.14", StatusRemoved, "5.13–5.14"},
		{"kernel.sched_latency_ns", "5.13", StatusMoved, "5.13"},
		{"kernel.sched_latency_ns", "5.12", StatusPresent, ""},
		{"net.ipv4.tcp_new_in_615", "6.16", StatusInGap, "6.15–6.18"},
		{"net.ipv4.tcp_new_in_615", "6.14", StatusNotYetAdded, "6.15–6.18"},
		{"net.ipv4.tcp_new_in_615", "6.18.44", StatusPresent, ""},
		{"kernel.sysrq", "6.18", StatusPresent, ""},
		{"kernel.only_documented", "3.10", StatusPresent, ""},
		{"kernel.legacy_thing", "3.16", StatusInGap, "3.15–3.17"},
		{"kernel.legacy_thing", "4.9", StatusRemoved, "3.15–3.17"},
		{"net.bridge.bridge-nf-call-iptables", "5.4", StatusModule, ""},
		{"net.netfilter.nf_conntrack_old_knob", "4.12", StatusModule, ""},
		{"net.netfilter.nf_conntrack_old_knob", "5.4", StatusRemoved, "4.13–4.14"}, // removed wins over module
		{"net.ipv4.conf.eth0/100.rp_filter", "5.4", StatusPresent, ""},
		{"net/ipv4/conf/eth0.100/rp_filter", "5.4", StatusPresent, ""},
		{"dev.parport.parport0.timeslice", "5.4", StatusPresent, ""},
	}
	for _, tc := range tests {
		s := mustKey(t, kb, tc.key).At(v(tc.release))
		if s.Status != tc.want {
			t.Errorf("%s @%s: %s, want %s (%+v)", tc.key, tc.release, s.Status, tc.want, s.Event)
			continue
		}
		switch {
		case tc.span == "" && s.Event != nil:
			t.Errorf("%s @%s: unexpected event %+v", tc.key, tc.release, s.Event)
		case tc.span != "" && (s.Event == nil || s.Event.Span.String() != tc.span):
			t.Errorf("%s @%s: event %+v, want span %s", tc.key, tc.release, s.Event, tc.span)
		}
		if s.Module == "" && strings.HasPrefix(tc.key, "net.bridge.") {
			t.Errorf("%s: no module", tc.key)
		}
	}
	if s := mustKey(t, kb, "kernel.only_documented").At(v("5.4")); s.Recorded || s.FactsFrom != nil {
		t.Errorf("curated-only key: %+v, want not recorded and no facts", s)
	}
}

func TestFactsAt(t *testing.T) {
	kb := testKB(t)
	tests := []struct {
		key, release        string
		scope, typ, handler string
		min, max            string // "" = no bound
		def, from           string
	}{
		{"net.ipv4.tcp_tw_reuse", "4.9", "global", "int", "proc_dointvec", "", "", "0", "4.9.0"},
		{"net.ipv4.tcp_tw_reuse", "4.10", "netns", "int", "proc_dointvec", "", "", "0", "4.10.0"},
		{"net.ipv4.tcp_tw_reuse", "4.17.3", "netns", "int", "proc_dointvec", "", "", "0", "4.17.0"},
		{"net.ipv4.tcp_tw_reuse", "4.18", "netns", "int", "proc_dointvec_minmax", "0", "2", "2", "4.18.0"},
		{"net.ipv4.tcp_tw_reuse", "5.15", "netns", "u8", "proc_dou8vec_minmax", "0", "2", "2", "5.14.0"},
		{"net.ipv4.tcp_timestamps", "4.9", "global", "int", "proc_dointvec", "", "", "1", "4.9.0"},
		{"net.ipv4.tcp_timestamps", "4.13", "netns", "int", "proc_dointvec", "", "", "1", "4.12.4"}, // curated scope from 4.13
		{"net.ipv4.tcp_timestamps", "6.1", "netns", "u8", "proc_dou8vec_minmax", "0", "255", "1", "5.14.0"},
		{"net.core.somaxconn", "5.3", "netns", "int", "proc_dointvec_minmax", "0", "", "128", "4.18.0"},
		{"net.core.somaxconn", "5.4", "netns", "int", "proc_dointvec_minmax", "0", "", "4096", "4.18.0"},
		// The names-only 6.18 list takes 6.14's details.
		{"net.ipv4.tcp_tw_reuse", "6.18", "netns", "u8", "proc_dou8vec_minmax", "0", "2", "2", "6.18"},
		// Outside the trees: the nearest one.
		{"net.ipv4.tcp_tw_reuse", "3.10", "global", "int", "proc_dointvec", "", "", "0", "4.9.0"},
		{"net.ipv4.tcp_tw_reuse", "7.2", "netns", "u8", "proc_dou8vec_minmax", "0", "2", "2", "6.18"},
	}
	str := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	for _, tc := range tests {
		s := mustKey(t, kb, tc.key).At(v(tc.release))
		f := s.Facts
		if f.Scope != tc.scope || f.Type != tc.typ || f.Handler != tc.handler || str(s.Min) != tc.min || str(s.Max) != tc.max || f.Default != tc.def {
			t.Errorf("%s @%s: %s %s %s [%s..%s] default %s, want %s %s %s [%s..%s] default %s", tc.key, tc.release,
				f.Scope, f.Type, f.Handler, str(s.Min), str(s.Max), f.Default, tc.scope, tc.typ, tc.handler, tc.min, tc.max, tc.def)
		}
		if s.FactsFrom == nil || s.FactsFrom.Name != tc.from {
			t.Errorf("%s @%s: facts from %+v, want %s", tc.key, tc.release, s.FactsFrom, tc.from)
		}
	}
	s := mustKey(t, kb, "net.ipv4.tcp_tw_reuse").At(v("6.18.44"))
	if !s.Assumed || s.OutsideRange {
		t.Errorf("6.18: %+v, want assumed details, inside the range", s)
	}
	for _, r := range []string{"3.10", "7.2"} {
		if s := mustKey(t, kb, "net.ipv4.tcp_tw_reuse").At(v(r)); !s.OutsideRange || !strings.Contains(s.Note, "tree") {
			t.Errorf("@%s: %+v, want outside the range with a note", r, s)
		}
	}
	// Inside a range, the change is reported as uncertain.
	s = mustKey(t, kb, "net.ipv4.tcp_timestamps").At(v("5.13"))
	if len(s.Changing) == 0 {
		t.Errorf("tcp_timestamps @5.13: no uncertain change listed")
	}
}

func TestNoOpAndVendor(t *testing.T) {
	kb := testKB(t)
	k := mustKey(t, kb, "net.ipv4.tcp_low_latency")
	if _, ok := k.NoOp(v("4.13")); ok {
		t.Error("tcp_low_latency is a no-op on 4.13")
	}
	if e, ok := k.NoOp(v("4.14")); !ok || e.Source == "" {
		t.Errorf("tcp_low_latency on 4.14: %+v %v, want a sourced no-op", e, ok)
	}
	el7, _ := kernel.ParseRelease("3.10.0-1160.el7.x86_64")
	s := kb.State("net.ipv4.ip_unprivileged_port_start", &el7)
	if s.Status != StatusNotYetAdded || s.Vendor != "el7" || !strings.Contains(s.Note, "backport") {
		t.Errorf("el7: %+v, want not-yet-added with the vendor and a note", s)
	}
	if s := kb.State("kernel.exec-shield", &el7); s.Status != StatusUnknown || s.Vendor != "el7" {
		t.Errorf("exec-shield on el7: %+v", s)
	}
	if s := kb.State("net.ipv4.tcp_tw_recycle", nil); s.Status != StatusPresent {
		t.Errorf("no target: %s, want present", s.Status)
	}
}

func TestCuratedContradictingTreesFails(t *testing.T) {
	tables, cur, err := LoadSources(osDirFS("testdata/kb"))
	if err != nil {
		t.Fatal(err)
	}
	cur.Events = append(cur.Events, CuratedEvent{Key: "net.ipv4.tcp_tw_recycle", Kind: EventRemoved, From: "4.17", Note: "x", Source: "y"})
	if _, err := Build(tables, cur); err == nil || !strings.Contains(err.Error(), "4.12") {
		t.Errorf("Build with a curated removal the trees refute: %v, want an error naming 4.12", err)
	}
}

func TestParseRejects(t *testing.T) {
	curated := []string{
		`{"keys": [{"key": "a.b"}]}`, // no sources
		`{"events": [{"key": "a.b", "kind": "born", "from": "4.1", "source": "x"}]}`,
		`{"events": [{"key": "a.b", "kind": "noop", "from": "four", "source": "x"}]}`,
		`{"events": [{"key": "a.b", "kind": "noop", "from": "4.1"}]}`,
		`{"events": [{"key": "a.b", "kind": "bounds", "from": "4.1", "value": "0-2", "source": "x"}]}`,
		`{"events": [{"key": "a/b", "kind": "noop", "from": "4.1", "source": "x"}]}`,
		`{"events": [{"key": "a.b", "kind": "noop", "from": "4.1", "source": "kernel-facts.md 1.1"}]}`,
		`{"keys": [], "extra": 1}`,
		`{"keys": [`,
	}
	for _, in := range curated {
		if _, err := ParseCurated([]byte(in)); err == nil {
			t.Errorf("ParseCurated(%s): no error", in)
		}
	}
	head := "# twadvise kernel table v1\n# release: 4.9.0\n" + tableColumns + "\n"
	tables := []string{
		"", "# other\n",
		head + "a.b\tglobal\tint\n",
		head + "a.b\tsometimes\tint\th\t-\t-\t-\t-\tf\n",
		head + "a.b\tglobal\tint\th\t-\t-\t-\t-\tf\na.b\tglobal\tint\th\t-\t-\t-\t-\tf\n",
		"# twadvise kernel table v1\n# release: four\n" + tableColumns + "\n",
		"# twadvise kernel table v1\n# release: 4.9.0\n",
	}
	for _, in := range tables {
		if _, err := ParseTable("t.tsv", []byte(in)); err == nil {
			t.Errorf("ParseTable(%q): no error", in)
		}
	}
}

func osDirFS(dir string) fs.FS { return os.DirFS(dir) }

func TestNextKeyLine(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"K\tfirst\n=\tx\nK\tsecond\n", 12},
		{"K\tonly\n=\tKiB\tK\n", -1}, // a K inside a line is not a key line
		{"K\ta\nKx\nK\tb", 7},        // "K" without a tab is not one either
		{"K\ta\nE\tK\t\nK", -1},      // a last "K" with nothing after it
		{"K\ta\n", -1},
	}
	for _, tt := range tests {
		if got := nextKeyLine(tt.in); got != tt.want {
			t.Errorf("nextKeyLine(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
