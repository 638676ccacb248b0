package extract

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the fixture tree")

const fixture = "../testdata/tree"

// fixtureOutput runs the extractor on a tree and renders table and report
// the way cmd kextract does.
func fixtureOutput(t *testing.T, tree Tree) (table, report string) {
	t.Helper()
	var mk []byte
	if err := tree.Read([]string{"Makefile"}, func(_ string, d []byte) error { mk = d; return nil }); err != nil {
		t.Fatal(err)
	}
	rel, _ := Version(mk)
	res, err := Extract(tree)
	if err != nil {
		t.Fatal(err)
	}
	h := Header{Release: rel, Tree: "testdata/tree"}
	var tb, rb bytes.Buffer
	if err := res.WriteTable(&tb, h); err != nil {
		t.Fatal(err)
	}
	if err := res.WriteReport(&rb, h); err != nil {
		t.Fatal(err)
	}
	return tb.String(), rb.String()
}

// TestFixtureGolden fails when the committed golden table (reviewed by hand)
// and the extractor disagree. Run with -update after a reviewed change.
func TestFixtureGolden(t *testing.T) {
	table, report := fixtureOutput(t, DirTree{Root: fixture})
	for name, got := range map[string]string{"tree.golden.tsv": table, "tree.golden.report": report} {
		path := filepath.Join("..", "testdata", name)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the extractor's output (go test -run TestFixtureGolden -update to accept):\n%s", name, lineDiff(string(want), got))
		}
	}
}

func lineDiff(want, got string) string {
	w := strings.Split(want, "\n")
	g := strings.Split(got, "\n")
	inW := map[string]bool{}
	inG := map[string]bool{}
	for _, l := range w {
		inW[l] = true
	}
	for _, l := range g {
		inG[l] = true
	}
	var b strings.Builder
	for _, l := range w {
		if !inG[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range g {
		if !inW[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

// rows indexes a table's rows by key.
func rows(t *testing.T, table string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, l := range strings.Split(table, "\n") {
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "key\t") {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 9 {
			t.Fatalf("row with %d columns: %q", len(f), l)
		}
		out[f[0]] = f[1:]
	}
	return out
}

// TestFixtureFacts states what a user of the tables relies on, construct by
// construct, independently of the golden file.
func TestFixtureFacts(t *testing.T) {
	table, report := fixtureOutput(t, DirTree{Root: fixture})
	r := rows(t, table)
	// scope, type, handler, min, max, default, guard, file
	want := map[string]string{
		// nested .child tables under the root table, bounds from statics and macros
		"kernel.widget.limit": "global int proc_dointvec_minmax 1 254 64 - kernel/sysctl.c",
		"kernel.widget_mode":  "global int proc_dointvec_minmax 0 2 0 - kernel/sysctl.c",
		// bounds assigned at boot or depending on HZ are unknown, and so is a boot-time default
		"kernel.widget_boot_tuned": "global int proc_dointvec_minmax ? ? - - kernel/sysctl.c",
		"kernel.widget_banner":     "global string proc_dostring - - hello - kernel/sysctl.c",
		// jiffies shown in milliseconds; the same value read raw depends on HZ
		"kernel.widget_rate_ms":  "global int proc_dointvec_ms_jiffies - - 500 CONFIG_WIDGET_DEBUG kernel/sysctl.c",
		"kernel.widget_rate_raw": "global int proc_dointvec - - - CONFIG_WIDGET_DEBUG kernel/sysctl.c",
		"vm.widget_pages":        "global ulong[2] proc_doulongvec_minmax 0 9223372036854775807 16 32 - kernel/sysctl.c",
		"vm.widget_ratio":        "global int proc_dointvec_minmax -1 2147483647 10000 - kernel/sysctl.c",
		// register_sysctl_init, u8/ulong/bool, line continuation in a macro
		"vm.widget_compact":      "global u8 proc_dou8vec_minmax 0 1 1 - mm/widget.c",
		"vm.widget_bytes":        "global ulong proc_doulongvec_minmax - - 4194304 - mm/widget.c",
		"vm.widget_expire_secs":  "global int proc_dointvec_jiffies - - 30 - mm/widget.c",
		"vm.widget_enabled":      "global bool proc_dobool - - 1 - mm/widget.c",
		"vm.widget_slots":        "global int proc_dointvec_minmax 1 256 64 - mm/widget.c",
		"vm.widget_handler_only": "global uint proc_douintvec - - - - mm/widget.c",
		// struct ctl_path, and a base table declared by a macro
		"fs.widget.files-max": "global int proc_dointvec - - 1024 - fs/paths.c",
		"debug.widget-trace":  "global int proc_dointvec - - 1024 - fs/paths.c",
		// register_net_sysctl(&init_net, ...) is global; a per-net table is netns
		"net.ipv4.widget_orphans":      "global int proc_dointvec - - - CONFIG_INET net/ipv4/sysctl_net_ipv4.c",
		"net.ipv4.widget_low_latency":  "global int proc_dointvec - - 0 CONFIG_INET net/ipv4/sysctl_net_ipv4.c",
		"net.ipv4.widget_rto_floor_ms": "global int proc_dointvec_ms_jiffies_minmax 200 - - CONFIG_INET net/ipv4/sysctl_net_ipv4.c",
		"net.ipv4.widget_flag":         "netns u8 proc_dou8vec_minmax 0 2 2 CONFIG_INET net/ipv4/sysctl_net_ipv4.c",
		"net.ipv4.widget_timeout":      "netns int proc_dointvec_jiffies - - 60 CONFIG_INET net/ipv4/sysctl_net_ipv4.c",
		"net.ipv4.widget_retries":      "netns int proc_dointvec_minmax - 127 - CONFIG_INET net/ipv4/sysctl_net_ipv4.c",
		"net.ipv4.widget_mem":          "netns int[3] proc_dointvec_minmax 1 - 4096 87380 174760 CONFIG_INET net/ipv4/sysctl_net_ipv4.c",
		"net.ipv4.widget_delay":        "netns uint proc_douintvec_minmax 1 ? 1000 CONFIG_INET net/ipv4/sysctl_net_ipv4.c",
		"net.ipv4.widget_port_range":   "netns int[2] ipv4_widget_port_range 1 65535 32768 60999 CONFIG_INET net/ipv4/sysctl_net_ipv4.c",
		"net.ipv4.widget_buckets":      "netns int proc_dointvec - - - CONFIG_INET net/ipv4/sysctl_net_ipv4.c",
		"net.ipv4.widget_fast":         "netns u8 proc_dou8vec_minmax - - - CONFIG_INET&&CONFIG_WIDGET_FAST net/ipv4/sysctl_net_ipv4.c",
		// per-interface templates; defaults from the "default" configuration
		"net.ipv4.conf.<iface>.rp_filter":            "iface int devconf_proc - - 1 CONFIG_INET net/ipv4/devconf.c",
		"net.ipv4.conf.<iface>.accept_redirects":     "iface int devconf_proc - - 1 CONFIG_INET net/ipv4/devconf.c",
		"net.ipv4.conf.<iface>.forwarding":           "iface int devconf_sysctl_forward - - 0 CONFIG_INET net/ipv4/devconf.c",
		"net.ipv4.ip_forward":                        "netns int devconf_sysctl_forward - - 0 CONFIG_INET net/ipv4/devconf.c",
		"net.ipv6.conf.<iface>.hop_limit":            "iface int proc_dointvec_minmax 1 255 64 CONFIG_IPV6 net/ipv6/addrconf.c",
		"net.ipv6.conf.<iface>.router_solicitations": "iface int proc_dointvec_minmax -1 - 3 CONFIG_IPV6 net/ipv6/addrconf.c",
		"net.ipv4.neigh.<iface>.probes":              "iface int neigh_proc_zero_intmax 0 2147483647 - CONFIG_NET net/core/neighbour.c",
		"net.ipv6.neigh.<iface>.retrans_ms":          "iface int proc_dointvec_ms_jiffies - - - CONFIG_NET net/core/neighbour.c",
		"net.ipv6.route.gc_timeout":                  "netns int proc_dointvec_jiffies - - 60 CONFIG_IPV6 net/ipv6/addrconf.c",
		"net.core.widget_max_backlog":                "global int proc_dointvec - - 1000 CONFIG_NET net/core/sysctl_net_core.c",
		"net.core.somaxconn":                         "netns int proc_dointvec_minmax 0 - 4096 CONFIG_NET net/core/sysctl_net_core.c",
		// a wrapper, a rewritten entry, a global value in a per-net table
		"net.netfilter.widget_ct_max":      "global uint proc_dointvec - - 0 CONFIG_NETFILTER&&CONFIG_NF_WIDGET net/netfilter/widget_ct.c",
		"net.netfilter.widget_ct_count":    "netns int proc_dointvec - - - CONFIG_NETFILTER&&CONFIG_NF_WIDGET net/netfilter/widget_ct.c",
		"net.netfilter.widget_ct_checksum": "netns u8 proc_dou8vec_minmax 0 1 1 CONFIG_NETFILTER&&CONFIG_NF_WIDGET net/netfilter/widget_ct.c",
		// a table filled at run time
		"net.netfilter.widget_log.<name>": "netns string widget_log_proc_dostring - - - CONFIG_NETFILTER&&CONFIG_NF_WIDGET net/netfilter/widget_ct.c",
		// odd C around it does not stop the extractor
		"dev.odd.odd": "global int proc_dointvec - - 3 - drivers/widget/odd.c",
	}
	for key, w := range want {
		got, ok := r[key]
		if !ok {
			t.Errorf("%s: missing", key)
			continue
		}
		if g := strings.Join(got, " "); g != w {
			t.Errorf("%s:\n got %s\nwant %s", key, g, w)
		}
	}
	for key := range r {
		for _, bad := range []string{"commented_out", "in_a_string", "disabled_by_if_zero", "orphan"} {
			if strings.HasSuffix(key, "."+bad) {
				t.Errorf("%s: a key from a comment, string, #if 0 block or unregistered table", key)
			}
		}
	}
	for _, p := range []string{"table orphan_table in drivers/widget/odd.c: no registration found",
		"path not resolved: register_sysctl(where_from_somewhere(), odd_table)"} {
		if !strings.Contains(report, p) {
			t.Errorf("report does not say %q:\n%s", p, report)
		}
	}
}

// TestGitTreeMatchesDir reads the fixture from a git commit, in a subfolder,
// without a checkout, and expects the same table.
func TestGitTreeMatchesDir(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is required under CI")
		}
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	sub := filepath.Join(dir, "linux-9.1.3")
	if err := os.CopyFS(sub, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "fixture")
	gt := &GitTree{GitDir: filepath.Join(dir, ".git"), Commit: "HEAD", Sub: "linux-9.1.3/"}
	if _, err := gt.ResolveCommit(); err != nil {
		t.Fatal(err)
	}
	gotTable, _ := fixtureOutput(t, gt)
	wantTable, _ := fixtureOutput(t, DirTree{Root: fixture})
	if gotTable != wantTable {
		t.Errorf("git tree and directory differ:\n%s", lineDiff(wantTable, gotTable))
	}
}

func TestNamesOnly(t *testing.T) {
	res := NamesOnly([]string{"# comment", "net.ipv4.conf.IFACE.rp_filter", "net.netfilter.nf_log.0",
		"net.netfilter.nf_log.10", "vm.swappiness", "", "vm.swappiness"})
	var keys []string
	for _, r := range res.Rows {
		keys = append(keys, r.Key)
		if r.Scope != "-" || r.Type != "-" || r.File != "-" {
			t.Errorf("%s: names-only row has data: %+v", r.Key, r)
		}
	}
	want := "net.ipv4.conf.<iface>.rp_filter net.netfilter.nf_log.<name> vm.swappiness"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestVersion(t *testing.T) {
	rel, extra := Version([]byte("# x\nVERSION = 5\nPATCHLEVEL = 14\nSUBLEVEL = 0\nEXTRAVERSION = -rc5\nNAME = x\n"))
	if rel != "5.14.0" || extra != "-rc5" {
		t.Errorf("got %q %q", rel, extra)
	}
}
