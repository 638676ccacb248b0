package advisor

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// generateKernels are the releases every built-in profile and pair is
// generated for (issue 14): a RHEL 7 era kernel, two LTS and a current one.
var generateKernels = []string{"3.10", "4.19", "5.15", "6.8"}

// allowedInfo are the info findings a generated file may carry: notes that
// a key needs a module, or does not reach containers' namespaces.
var allowedInfo = map[string]bool{"TW105": true, "TW501": true}

// profileSpecs are every built-in profile alone and every pair that
// composes; pairs that conflict are returned separately.
func profileSpecs(t *testing.T) (ok []string, conflicts []string) {
	t.Helper()
	set, diags := rules.Load(nil, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	names := set.ProfileNames()
	ok = append(ok, names...)
	for i, a := range names {
		for _, b := range names[i+1:] {
			spec := a + "," + b
			var ce *rules.ComposeError
			if _, err := set.SelectProfiles(spec); errors.As(err, &ce) {
				conflicts = append(conflicts, spec)
				continue
			} else if err != nil {
				t.Fatal(err)
			}
			ok = append(ok, spec)
		}
	}
	return ok, conflicts
}

// TestGeneratedFilesCheckClean generates the drop-in for every built-in
// profile and every pair that composes, on each kernel, and checks it as
// `twadvise check --kernel K --profile P FILE` would: nothing at warning or
// above, no info but module and namespace notes, and no line that restates
// the release default. It also reviews a file full of hazards (generate
// --from) and holds the result to the same standard.
func TestGeneratedFilesCheckClean(t *testing.T) {
	specs, _ := profileSpecs(t)
	hazards := mustRead(t, "testdata/hazards.conf")
	for _, k := range generateKernels {
		for _, spec := range specs {
			r := adviseFor(t, k, spec, "hazards.conf", nil)
			var b bytes.Buffer
			if err := WriteSysctl(&b, r.header(), r.recs); err != nil {
				t.Fatal(err)
			}
			assertClean(t, k, spec, "99-twadvise.conf", b.Bytes())
			for key, value := range keyValues(b.Bytes()) {
				if def, ok := rules.ReleaseDefault(key, r.facts.Kernel); ok && kernel.SameValue(def, value) {
					t.Errorf("%s/%s: %s = %s restates the release default", k, spec, key, value)
				}
				if ok, why := r.facts.KeyOnKernel(key); !ok {
					t.Errorf("%s/%s: %s is written, but Linux %s lacks it (%s)", k, spec, key, k, why)
				}
			}
			rev := adviseFor(t, k, spec, "hazards.conf", hazards)
			assertClean(t, k, spec, "hazards.conf", rev.review("hazards.conf", hazards))
		}
	}
}

// assertClean checks a generated or reviewed file with the same kernel and
// profiles.
func assertClean(t *testing.T, release, spec, path string, out []byte) {
	t.Helper()
	r := adviseFor(t, release, spec, path, out)
	for _, f := range r.res.Findings {
		if f.Severity >= rules.Warning || !allowedInfo[f.RuleID] {
			t.Errorf("%s/%s %s:%d: %s: %s [%s]\n%s", release, spec, path, f.Line, f.Severity, f.Message, f.RuleID, numbered(out))
		}
	}
}

// TestProfileConflicts: two exactly that disagree are an error naming both
// profiles; the known one is redis (overcommit 1) against postgresql (2).
func TestProfileConflicts(t *testing.T) {
	_, conflicts := profileSpecs(t)
	found := false
	for _, c := range conflicts {
		found = found || c == "postgresql,redis"
	}
	if !found {
		t.Fatalf("postgresql,redis compose, want a conflict; conflicts: %v", conflicts)
	}
	set, _ := rules.Load(nil, nil)
	_, err := set.SelectProfiles("redis,postgresql")
	if err == nil || !strings.Contains(err.Error(), "redis") || !strings.Contains(err.Error(), "postgresql") || !strings.Contains(err.Error(), "vm.overcommit_memory") {
		t.Errorf("want an error naming both profiles and the key, got %v", err)
	}
}

// TestComposedStrictest: web-server wants somaxconn >= 4096, redis >= 511:
// the composition asks for 4096 and keeps both reasons and the union of ports.
func TestComposedStrictest(t *testing.T) {
	r := adviseFor(t, "4.19", "redis,web-server", "t.conf", []byte("net.core.somaxconn = 1024\n"))
	var got *Recommendation
	for i := range r.recs {
		if r.recs[i].Key == "net.core.somaxconn" {
			got = &r.recs[i]
		}
	}
	if got == nil || got.Value != "4096" || got.Action != ActionSet || got.Profile != "redis,web-server" {
		t.Fatalf("somaxconn: want set 4096 from redis,web-server, got %+v", got)
	}
	p := r.facts.Profile
	if want := []int{80, 443, 6379, 16379}; !equalInts(p.ServicePorts, want) {
		t.Errorf("ports: want %v, got %v", want, p.ServicePorts)
	}
	if p.Closes != "both" || !p.ClientsBehindNAT {
		t.Errorf("closes %s, NAT %v: want both, true", p.Closes, p.ClientsBehindNAT)
	}
	// A value that meets the composed bound is kept; one that meets only
	// redis's is a TW701 finding naming web-server.
	hits := 0
	for _, f := range r.res.Findings {
		if f.RuleID == "TW701" && f.Key == "net.core.somaxconn" && strings.Contains(f.Message, "web-server") {
			hits++
		}
	}
	if hits != 1 {
		t.Errorf("want one TW701 finding for somaxconn naming web-server, got %d: %+v", hits, r.res.Findings)
	}
}

// TestReservedPortsComeWithRange: kubernetes-node's kubelet port 10250 lies
// inside http-client's 10240-65535, so the range comes with the reservation,
// together with the well-known server ports inside it (TW307's list).
func TestReservedPortsComeWithRange(t *testing.T) {
	r := adviseFor(t, "5.15", "http-client,kubernetes-node", "t.conf", nil)
	var b bytes.Buffer
	if err := WriteSysctl(&b, r.header(), r.recs); err != nil {
		t.Fatal(err)
	}
	kv := keyValues(b.Bytes())
	if kv["net.ipv4.ip_local_port_range"] != "10240 65535" || kv["net.ipv4.ip_local_reserved_ports"] != "10250,10257,10259,11211,15672,16379,25672,26379,27017" {
		t.Errorf("want the range with 10250 reserved, got:\n%s", b.String())
	}
}

// TestRequirementsNeedASetKey: in PATH mode a key the file does not set is
// no finding, whatever the profile wants.
func TestRequirementsNeedASetKey(t *testing.T) {
	r := adviseFor(t, "6.8", "hardened,kubernetes-node", "t.conf", []byte("net.core.somaxconn = 8192\n"))
	for _, f := range r.res.Findings {
		if f.RuleID == "TW701" {
			t.Errorf("unexpected %s", f.Message)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func numbered(src []byte) string {
	var b strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		b.WriteString(strings.Repeat(" ", 3) + itoa(n) + "  " + sc.Text() + "\n")
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
