package kernel

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tree builds a root in a temp dir. Entries: path -> content; a content
// starting with "->" makes a symlink; "<fifo>" a FIFO; "<dir>" a directory.
func tree(t *testing.T, entries map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range entries {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case strings.HasPrefix(c, "->"):
			err = os.Symlink(strings.TrimPrefix(c, "->"), full)
		case c == "<fifo>":
			err = syscall.Mkfifo(full, 0o644)
		case c == "<dir>":
			err = os.MkdirAll(full, 0o755)
		default:
			err = os.WriteFile(full, []byte(c), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func sourcePaths(d *Discovery) []string {
	var out []string
	for _, s := range d.Sources {
		out = append(out, s.Path)
	}
	return out
}

func TestDiscoverOrderAndMasking(t *testing.T) {
	root := tree(t, map[string]string{
		"etc/sysctl.conf":                        "net.core.somaxconn = 1024\n",
		"etc/sysctl.d/99-sysctl.conf":            "->../sysctl.conf",
		"etc/sysctl.d/50-vendor.conf":            "a.b = etc\n",
		"etc/sysctl.d/60-masked.conf":            "->/dev/null",
		"etc/sysctl.d/90-admin.CONF":             "x.y = 1\n",
		"etc/sysctl.d/90-admin.conf.bak":         "x.y = 1\n",
		"etc/sysctl.d/zz-after.conf":             "net.core.somaxconn = 65535\n",
		"etc/sysctl.d/Upper.conf":                "u.v = 1\n",
		"run/sysctl.d/70-runtime.conf":           "a.b = run\n",
		"usr/local/lib/sysctl.d/70-runtime.conf": "a.b = local\n",
		"usr/local/lib/sysctl.d/80-local.conf":   "c.d = 1\n",
		"usr/lib/sysctl.d/50-vendor.conf":        "a.b = usr\n",
		"usr/lib/sysctl.d/60-masked.conf":        "a.b = masked\n",
		"lib/sysctl.d/10-lib.conf":               "l.m = 1\n",
	})
	f := Open(root)
	sd := Discover(f, LoaderSystemd)
	want := []string{"/etc/sysctl.d/50-vendor.conf", "/run/sysctl.d/70-runtime.conf", "/usr/local/lib/sysctl.d/80-local.conf",
		"/etc/sysctl.d/99-sysctl.conf", "/etc/sysctl.d/Upper.conf", "/etc/sysctl.d/zz-after.conf"}
	if diff := cmp.Diff(want, sourcePaths(sd)); diff != "" {
		t.Errorf("systemd order (-want +got)\n%s", diff)
	}
	if len(sd.Masked) != 1 || sd.Masked[0].Path != "/etc/sysctl.d/60-masked.conf" || !cmp.Equal(sd.Masked[0].Hides, []string{"/usr/lib/sysctl.d/60-masked.conf"}) {
		t.Errorf("masked = %+v", sd.Masked)
	}
	if sd.Sources[3].Target != "/etc/sysctl.conf" {
		t.Errorf("99-sysctl.conf resolves to %q, want /etc/sysctl.conf", sd.Sources[3].Target)
	}
	pd := Discover(f, LoaderProcps)
	want = []string{"/lib/sysctl.d/10-lib.conf", "/etc/sysctl.d/50-vendor.conf", "/run/sysctl.d/70-runtime.conf", "/usr/local/lib/sysctl.d/80-local.conf",
		"/etc/sysctl.d/99-sysctl.conf", "/etc/sysctl.d/Upper.conf", "/etc/sysctl.d/zz-after.conf", "/etc/sysctl.conf"}
	if diff := cmp.Diff(want, sourcePaths(pd)); diff != "" {
		t.Errorf("procps order (-want +got)\n%s", diff)
	}
	// The two loaders disagree on somaxconn: procps applies /etc/sysctl.conf last.
	for l, v := range map[Loader]string{LoaderSystemd: "65535", LoaderProcps: "1024"} {
		eff := LoadSystem(f, l)
		ent, ok := eff.Lookup("net.core.somaxconn")
		if !ok || ent.Value != v {
			t.Errorf("%s: somaxconn = %+v, want %s", l, ent, v)
		}
		if a, _ := eff.Lookup("a.b"); a.Value != "run" {
			t.Errorf("%s: a.b = %q, want run (the /etc file 50-vendor sorts first)", l, a.Value)
		}
	}
}

func TestDiscoverSymlinksStayInRoot(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "evil.conf"), []byte("kernel.evil = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := tree(t, map[string]string{
		"etc/sysctl.d/10-abs.conf":      "->/opt/real.conf",
		"opt/real.conf":                 "net.core.somaxconn = 8192\n",
		"etc/sysctl.d/20-escape.conf":   "->../../../../../../../../" + strings.TrimPrefix(outside, "/") + "/evil.conf",
		"etc/sysctl.d/30-loop.conf":     "->30-loop.conf",
		"etc/sysctl.d/40-dangling.conf": "->nowhere.conf",
		"etc/sysctl.d/50-fifo.conf":     "<fifo>",
		"etc/sysctl.d/60-dir.conf":      "<dir>",
		"etc/sysctl.d/70-host.conf":     "->" + outside + "/evil.conf",
	})
	eff := LoadSystem(Open(root), LoaderSystemd)
	if ent, ok := eff.Lookup("net.core.somaxconn"); !ok || ent.File != "/etc/sysctl.d/10-abs.conf" {
		t.Errorf("absolute symlink inside the root: %+v", ent)
	}
	if _, ok := eff.Lookup("kernel.evil"); ok {
		t.Fatalf("read a file outside the root")
	}
	kinds := map[string]string{}
	for _, d := range eff.Diagnostics {
		kinds[d.File] = d.Message
	}
	for _, p := range []string{"30-loop", "40-dangling", "50-fifo", "60-dir", "20-escape", "70-host"} {
		if kinds["/etc/sysctl.d/"+p+".conf"] == "" {
			t.Errorf("%s: no diagnostic; got %v", p, kinds)
		}
	}
	if !strings.Contains(kinds["/etc/sysctl.d/50-fifo.conf"], "FIFO") || !strings.Contains(kinds["/etc/sysctl.d/30-loop.conf"], "symbolic links") {
		t.Errorf("diagnostics do not say what is wrong: %v", kinds)
	}
}

// TestReadAfterDiscoverStaysInRoot: between discovery and reading, a file
// replaced by a symlink out of the root is not followed, and a directory
// replaced by one is not either: sources are read from the directory that
// was listed.
func TestReadAfterDiscoverStaysInRoot(t *testing.T) {
	outside := tree(t, map[string]string{"10-a.conf": "kernel.evil = 1\n", "20-b.conf": "kernel.evil = 2\n"})
	root := tree(t, map[string]string{
		"etc/sysctl.d/10-a.conf":     "kernel.a = 1\n",
		"usr/lib/sysctl.d/20-b.conf": "kernel.b = 1\n",
	})
	f := Open(root)
	d := discover(f, LoaderSystemd)
	defer d.closeDirs()
	if len(d.Sources) != 2 {
		t.Fatalf("sources = %+v", d.Sources)
	}
	swap := func(p, target string) {
		full := filepath.Join(root, p)
		if err := os.Rename(full, full+".old"); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, full); err != nil {
			t.Fatal(err)
		}
	}
	swap("etc/sysctl.d/10-a.conf", filepath.Join(outside, "10-a.conf"))
	swap("usr/lib/sysctl.d", outside)
	if data, err := d.read(f, d.Sources[0], MaxFileSize, nil); !errors.Is(err, syscall.ELOOP) {
		t.Errorf("file swapped for a symlink: read %q, %v; want ELOOP", data, err)
	}
	data, err := d.read(f, d.Sources[1], MaxFileSize, nil)
	if err != nil || string(data) != "kernel.b = 1\n" {
		t.Errorf("directory swapped for a symlink: read %q, %v; want the listed directory's file", data, err)
	}
}

func TestMergeGlobs(t *testing.T) {
	root := tree(t, map[string]string{
		"etc/sysctl.d/10-glob.conf":                 "net.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.all.rp_filter\n",
		"etc/sysctl.d/20-explicit.conf":             "net.ipv4.conf.lo.rp_filter = 0\n",
		"etc/sysctl.d/30-glob2.conf":                "net.ipv4.conf.e*.rp_filter = 1\n",
		"proc/sys/net/ipv4/conf/all/rp_filter":      "0\n",
		"proc/sys/net/ipv4/conf/default/rp_filter":  "0\n",
		"proc/sys/net/ipv4/conf/lo/rp_filter":       "0\n",
		"proc/sys/net/ipv4/conf/eth0/rp_filter":     "1\n",
		"proc/sys/net/ipv4/conf/eth0.100/rp_filter": "0\n",
	})
	eff := LoadSystem(Open(root), LoaderSystemd)
	want := map[string]string{
		"net.ipv4.conf.default.rp_filter":  "2",
		"net.ipv4.conf.lo.rp_filter":       "0",
		"net.ipv4.conf.eth0.rp_filter":     "1", // the later glob wins
		"net.ipv4.conf.eth0/100.rp_filter": "1",
	}
	for k, v := range want {
		if ent, ok := eff.Lookup(k); !ok || ent.Value != v {
			t.Errorf("%s = %+v, want %s", k, ent, v)
		}
	}
	if _, ok := eff.Lookup("net.ipv4.conf.all.rp_filter"); ok {
		t.Errorf("excluded key set by a glob")
	}
	if !cmp.Equal(eff.Excluded, []string{"net.ipv4.conf.all.rp_filter"}) {
		t.Errorf("excluded = %v", eff.Excluded)
	}
}

// TestMergeLoaderDifferences pins what the parity tests found the real
// loaders do differently (cmd/twadvise/parity_features_test.go).
func TestMergeLoaderDifferences(t *testing.T) {
	root := tree(t, map[string]string{
		"etc/sysctl.d/10-a.conf":    "vm.swappiness = 10\n- net.ipv4.tcp_fin_timeout = 9\n",
		"etc/sysctl.d/20-b.conf":    "-vm.swappiness\n",
		"etc/sysctl.d/.hidden.conf": "kernel.panic = 8\n",
	})
	sd := LoadSystem(Open(root), LoaderSystemd)
	if _, ok := sd.Lookup("vm.swappiness"); ok {
		t.Errorf("systemd: a later \"-vm.swappiness\" drops the assignment")
	}
	if _, ok := sd.Lookup("kernel.panic"); ok {
		t.Errorf("systemd: hidden files are skipped")
	}
	if e, ok := sd.Lookup("net.ipv4.tcp_fin_timeout"); !ok || e.Value != "9" {
		t.Errorf("systemd: \"- key\" is applied, got %+v", e)
	}
	pd := LoadSystem(Open(root), LoaderProcps)
	if e, ok := pd.Lookup("vm.swappiness"); !ok || e.Value != "10" {
		t.Errorf("procps keeps the assignment before an exclusion, got %+v", e)
	}
	if _, ok := pd.Lookup("kernel.panic"); !ok {
		t.Errorf("procps reads hidden files")
	}
	if _, ok := pd.Lookup("net.ipv4.tcp_fin_timeout"); ok {
		t.Errorf("procps keeps the blank of \"- key\" and sets nothing")
	}
}

func TestReadLive(t *testing.T) {
	root := tree(t, map[string]string{
		"proc/sys/net/core/somaxconn":   "4096\n",
		"proc/sys/net/ipv4/route/flush": "",
		"proc/sys/net/ipv4/secret":      "x\n",
	})
	if err := os.Chmod(filepath.Join(root, "proc/sys/net/ipv4/route/flush"), 0o200); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(root, "proc/sys/net/ipv4/secret"), 0o000); err != nil {
		t.Fatal(err)
	}
	f := Open(root)
	if lv := ReadLive(f, "net.core.somaxconn"); lv != (Live{Value: "4096", Status: LiveOK}) {
		t.Errorf("somaxconn: %+v", lv)
	}
	if lv := ReadLive(f, "net.ipv4.tcp_tw_recycle"); lv.Status != LiveAbsent {
		t.Errorf("missing key: %+v", lv)
	}
	if lv := ReadLive(f, "net.core"); lv.Status != LiveAbsent {
		t.Errorf("directory: %+v", lv)
	}
	if os.Geteuid() != 0 { // root reads 0000 files; the write-only case is what matters for root
		if lv := ReadLive(f, "net.ipv4.secret"); lv.Status != LiveDenied {
			t.Errorf("unreadable file: %+v", lv)
		}
		if lv := ReadLive(f, "net.ipv4.route.flush"); lv.Status != LiveUnreadable {
			t.Errorf("write-only key: %+v", lv)
		}
	}
	if lv := ReadLive(Open("/"), "net.ipv4.route.flush"); lv.Status != LiveUnreadable && lv.Status != LiveAbsent {
		t.Errorf("real write-only key net.ipv4.route.flush: %+v, want unreadable", lv)
	}
}

func TestSameValue(t *testing.T) {
	tests := []struct {
		conf, live string
		same       bool
	}{
		{"4096", "4096", true},
		{"0x100", "256", true},
		{"010", "8", true},
		{"1024    65535", "1024\t65535", true},
		{"4096 # comment", "4096", true},
		{"2 # Required with systemd", "2", true},
		{"4096", "8192", false},
		{"1024 65535", "1024 65000", false},
		{"cubic", "cubic", true},
		{"cubic # c", "cubic", false},
		{`"4096"`, "4096", false},
		{"", "4096", false},
		{"+300", "300", false},
		{"4096 5", "4096", false},
	}
	for _, tc := range tests {
		if got := SameValue(tc.conf, tc.live); got != tc.same {
			t.Errorf("SameValue(%q, %q) = %v, want %v", tc.conf, tc.live, got, tc.same)
		}
	}
}

func TestResolveLoader(t *testing.T) {
	sd := tree(t, map[string]string{"run/systemd/system": "<dir>"})
	initLink := tree(t, map[string]string{"sbin/init": "->/lib/systemd/systemd", "lib/systemd/systemd": "#!"})
	sysv := tree(t, map[string]string{"sbin/init": "#!"})
	upstart := tree(t, map[string]string{"etc/init/tty.conf": "start on runlevel", "etc/sysctl.conf": ""})
	bare := tree(t, map[string]string{"etc/sysctl.d/60-x.conf": "net.core.somaxconn = 4096\n"})
	for root, want := range map[string]Loader{sd: LoaderSystemd, initLink: LoaderSystemd, sysv: LoaderProcps, upstart: LoaderProcps, bare: LoaderSystemd} {
		if got := ResolveLoader(Open(root), LoaderAuto); got != want {
			t.Errorf("ResolveLoader(%s) = %s, want %s", root, got, want)
		}
	}
	if !InitUnknown(Open(bare)) || InitUnknown(Open(upstart)) {
		t.Error("InitUnknown: want true only for the bare tree")
	}
}

func BenchmarkLoadSystem(b *testing.B) {
	root := b.TempDir()
	for i := 0; i < 200; i++ {
		dir := []string{"etc", "run", "usr/lib"}[i%3]
		p := filepath.Join(root, dir, "sysctl.d")
		os.MkdirAll(p, 0o755)
		var sb strings.Builder
		for j := 0; j < 50; j++ {
			sb.WriteString("# comment\nnet.ipv4.conf.eth")
			sb.WriteString(strings.Repeat("x", j%5))
			sb.WriteString(".rp_filter = 1\n")
		}
		os.WriteFile(filepath.Join(p, strings.Repeat("a", i%7)+string(rune('a'+i%26))+".conf"), []byte(sb.String()), 0o644)
	}
	f := Open(root)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		LoadSystem(f, LoaderSystemd)
	}
}

// TestLoaderMismatchInRoot: files one loader applies and the other
// ignores, or that neither reads although they hold settings, are
// reported once each, however many names reach them (a symlink to a file
// already seen, /lib/sysctl.d listing /usr/lib/sysctl.d again); backups
// and READMEs are not.
func TestLoaderMismatchInRoot(t *testing.T) {
	root := tree(t, map[string]string{
		"etc/sysctl.d/.hidden.conf":             "kernel.a = 1\n",
		"etc/sysctl.d/tuning":                   "net.core.somaxconn = 1\n",
		"etc/sysctl.d/tuning.bak":               "net.core.somaxconn = 2\n",
		"etc/sysctl.d/README":                   "net.core.somaxconn = 3\n",
		"etc/sysctl.d/notes.txt":                "no settings here\n",
		"etc/sysctl.d/10-ok.conf":               "vm.swappiness = 10\n",
		"run/sysctl.d/link-to-tuning":           "->/etc/sysctl.d/tuning",
		"usr/lib/sysctl.d/vendor-settings":      "vm.swappiness = 1\n",
		"usr/local/lib/sysctl.d/sub/x":          "vm.swappiness = 1\n",
		"usr/local/lib/sysctl.d/dangling-entry": "->nowhere",
		"lib":                                   "->usr/lib",
	})
	for _, l := range []Loader{LoaderSystemd, LoaderProcps} {
		var got []string
		for _, d := range Discover(Open(root), l).Diagnostics {
			if d.Kind == DiagLoaderMismatch {
				got = append(got, d.File)
			}
		}
		want := []string{"/etc/sysctl.d/.hidden.conf", "/etc/sysctl.d/tuning", "/usr/lib/sysctl.d/vendor-settings"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: loader-mismatch diagnostics (-want +got)\n%s", l, diff)
		}
	}
}
