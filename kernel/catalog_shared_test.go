package kernel

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedPath returns a file of the shared reference data, read in place
// from beside the repository (../shared from the repo root). Tests skip
// when it is absent, except under CI (CI=true), where absence fails.
func sharedPath(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data %s is required under CI: %v", p, err)
		}
		t.Skipf("shared data %s absent (%v); skipping", p, err)
	}
	return p
}

func mustRelease(t *testing.T, s string) *Release {
	t.Helper()
	r, err := ParseRelease(s)
	if err != nil {
		t.Fatal(err)
	}
	return &r
}

// TestTestKernelKeysKnown: every key of the 6.18 test kernel is known on
// 6.18, with the generalised interface replaced by odd real names.
func TestTestKernelKeysKnown(t *testing.T) {
	f, err := os.Open(sharedPath(t, "reference/keys/linux-6.18-test-kernel.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	target := mustRelease(t, "6.18.44")
	ifaces := []string{"all", "default", "lo", "eth0", "eth0/100", "enp3s0", "wlp0s20f3", "br-1a2b3c", "veth@x"}
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key := strings.TrimSpace(sc.Text())
		if key == "" || strings.HasPrefix(key, "#") {
			continue
		}
		n++
		for _, ifc := range ifaces {
			k := strings.Replace(key, ".IFACE.", "."+ifc+".", 1)
			if _, ok := LookupKey(k); !ok {
				t.Errorf("LookupKey(%q): not found", k)
			}
			if v := KeyState(k, target); v.Status != KeyKnown && v.Status != KeyModule {
				t.Errorf("KeyState(%q, 6.18) = %s, want known or module", k, v.Status)
			}
			if !strings.Contains(key, "IFACE") {
				break
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 500 {
		t.Fatalf("read only %d keys from the 6.18 list", n)
	}
}

// corpusVerdicts is what every key of shared/corpus that is not plainly
// known must get on 6.18: the "missing keys" of INDEX.md and the module keys.
var corpusVerdicts = map[string]KeyStatus{
	"kernel.exec-shield":            KeyUnknown, // RHEL-only, never mainline
	"kernel.maps_protect":           KeyUnknown, // RHEL-only
	"kernel.rr_interval":            KeyUnknown, // MuQSS/BFS scheduler patch
	"net.ipv4.icmp_ratelimit_burst": KeyUnknown,
	"net.ipv4.tcp_nodelay":          KeyUnknown, // a socket option, not a sysctl
	"net.ipv4_timestamps":           KeyUnknown, // typo
	"net.ipv4.tcp_tw_recycle":       KeyRemoved,
	"kernel.sysrq":                  KeyKnown, // CONFIG_MAGIC_SYSRQ, absent on the test kernel
	"kernel.kexec_load_disabled":    KeyKnown,
	"kernel.yama.ptrace_scope":      KeyKnown,
	"dev.cdrom.autoclose":           KeyModule,
	"dev.cdrom.autoeject":           KeyModule,
	"dev.cdrom.debug":               KeyModule,
}

// TestCorpusMissingKeys checks the "missing keys" column of INDEX.md: each
// listed key must have an expected verdict above, and get it.
func TestCorpusMissingKeys(t *testing.T) {
	data, err := os.ReadFile(sharedPath(t, "corpus/INDEX.md"))
	if err != nil {
		t.Fatal(err)
	}
	target := mustRelease(t, "6.18")
	seen := 0
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), "|")
		// The file table: 7 columns, the first a corpus file, the last the missing keys.
		if len(cells) != 7 || !strings.HasSuffix(strings.TrimSpace(cells[0]), ".conf`") {
			continue
		}
		last := strings.TrimSpace(cells[len(cells)-1])
		if last == "-" || last == "" {
			continue
		}
		for _, key := range strings.Split(last, ",") {
			key = strings.TrimSpace(key)
			want, ok := corpusVerdicts[key]
			if !ok {
				t.Errorf("INDEX.md lists missing key %q without an expected verdict in corpusVerdicts", key)
				continue
			}
			seen++
			if got := KeyState(key, target).Status; got != want {
				t.Errorf("KeyState(%q, 6.18) = %s, want %s", key, got, want)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no missing keys found in INDEX.md: has its table format changed?")
	}
}

// TestCorpusKeys reads every assignment in shared/corpus/*.conf (a rough
// parse, enough to get keys) and checks that a key is either known on 6.18
// or has its expected verdict, and that module keys name their module.
func TestCorpusKeys(t *testing.T) {
	dir := filepath.Dir(sharedPath(t, "corpus/INDEX.md"))
	files, err := filepath.Glob(filepath.Join(dir, "*.conf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	target := mustRelease(t, "6.18")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' || line[0] == ';' {
				continue
			}
			key, _, ok := strings.Cut(line, "=")
			key = strings.TrimPrefix(strings.TrimSpace(key), "-")
			if !ok || IsGlob(key) {
				continue
			}
			v := KeyState(key, target)
			want, listed := corpusVerdicts[v.Key]
			switch {
			case listed && v.Status != want:
				t.Errorf("%s:%d: %s: got %s, want %s", filepath.Base(name), i+1, key, v.Status, want)
			case !listed && v.Status == KeyModule && v.Module == "":
				t.Errorf("%s:%d: %s: module verdict without a module", filepath.Base(name), i+1, key)
			case !listed && v.Status != KeyKnown && v.Status != KeyModule:
				t.Errorf("%s:%d: %s: got %s, want known", filepath.Base(name), i+1, key, v.Status)
			}
		}
	}
}
