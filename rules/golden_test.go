package rules

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/kernel"
)

// ruleIDsFile lists every built-in rule ever shipped, "ID name" per line.
// It may only grow: IDs and names are stable (DESIGN.md, "Rule IDs"), so a
// rule that disappears or is renamed breaks ignore directives, waivers and
// baselines that name it.
var ruleIDsFile = filepath.Join("testdata", "rule_ids.txt")

func TestRuleIDsOnlyGrow(t *testing.T) {
	f, err := os.Open(ruleIDsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set := builtinSet(t)
	listed := map[string]bool{}
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			lines = append(lines, sc.Text())
			continue
		}
		id, name, _ := strings.Cut(line, " ")
		listed[id] = true
		lines = append(lines, line)
		switch r := set.Rule(id); {
		case r == nil:
			t.Errorf("rule %s %s disappeared: IDs are never removed or reused", id, name)
		case r.Name != name:
			t.Errorf("rule %s was renamed from %s to %s: names are stable", id, name, r.Name)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, r := range set.Rules {
		if !listed[r.ID] {
			added = append(added, r.ID+" "+r.Name)
		}
	}
	if len(added) == 0 {
		return
	}
	if !*updateDocs {
		t.Errorf("%s lacks %s; run go test ./rules -update (it appends, never removes)", ruleIDsFile, strings.Join(added, ", "))
		return
	}
	out := strings.Join(append(lines, added...), "\n") + "\n"
	if err := os.WriteFile(ruleIDsFile, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFingerprintsPinned pins the fingerprints of a few findings, as check
// computes them: a change here silently invalidates every committed
// baseline, waiver and SARIF fingerprint, so it must be deliberate.
// The file in the hash is the one the user names (cleaned) in PATH mode
// and the path inside the root in system mode, never the runner's
// absolute workspace path.
func TestFingerprintsPinned(t *testing.T) {
	tests := []struct {
		f    Finding
		want string
	}{
		{Finding{RuleID: "TW101", Key: "net.ipv4.tcp_tw_recycle", Value: "1", File: "etc/sysctl.d/90-tw.conf", Line: 3}, "8199c11502078aac"},
		{Finding{RuleID: "TW101", Key: "net.ipv4.tcp_tw_recycle", Value: "1", File: "./etc/sysctl.d/../sysctl.d/90-tw.conf", Line: 9}, "8199c11502078aac"},
		{Finding{RuleID: "TW241", Key: "net.ipv4.tcp_max_tw_buckets", Value: "5000", File: "/tmp/runner-1234/ws/etc/sysctl.d/90-tw.conf", PathInRoot: "/etc/sysctl.d/90-tw.conf", Line: 1}, "dbd2c6dd3235e8cb"},
		{Finding{RuleID: "TW241", Key: "net.ipv4.tcp_max_tw_buckets", Value: "5000", File: "build/root/etc/sysctl.d/90-tw.conf", PathInRoot: "/etc/sysctl.d/90-tw.conf", Line: 7}, "dbd2c6dd3235e8cb"},
		{Finding{RuleID: "TW601", Key: "net.core.somaxconn", Value: "1024", File: LiveFile}, "f96bf0b36a3382bb"},
		{Finding{RuleID: "TW002", File: "sysctl.conf", Line: 4, Message: `line is not an assignment: "foo"`}, "4cae7b504024a625"},
	}
	for _, tc := range tests {
		got := tc.f.Fingerprint()
		if got != tc.want {
			t.Errorf("%s %s %s: fingerprint %s, pinned %s", tc.f.RuleID, tc.f.Key, tc.f.File, got, tc.want)
		}
	}
}

// TestKeyAnswersPerEntry checks the assumption the evaluator's cache rests
// on: key_state and key_info give every key of one knowledge-base entry the
// same answer as asking for that key alone.
func TestKeyAnswersPerEntry(t *testing.T) {
	keys := []string{"net.ipv4.conf.eth0.rp_filter", "net.ipv4.conf.eth1.rp_filter", "net.ipv4.conf/eth0.100/rp_filter",
		"net.ipv6.conf.ens3.disable_ipv6", "net.ipv4.tcp_tw_recycle", "net.netfilter.nf_conntrack_max", "net.ipv4.no_such_key"}
	for _, release := range []string{"", "4.9", "5.15.0-91-generic", "3.10.0-1160.el7.x86_64"} {
		f := &Facts{}
		if release != "" {
			rel, err := kernel.ParseRelease(release)
			if err != nil {
				t.Fatal(err)
			}
			f.Kernel = &rel
		}
		ev := newEvaluator(f, &Result{})
		for _, k := range keys {
			// Ask about every other key first, so the cache is warm.
			for _, other := range keys {
				ev.keyState(other)
				ev.keyInfoOf(other)
			}
			if got, want := ev.keyState(k), f.keyState(k); !got.RawEquals(want) {
				t.Errorf("%s on %q: key_state %#v, want %#v", k, release, got, want)
			}
			if got, want := ev.keyInfoOf(k), f.keyInfo(k); !got.RawEquals(want) {
				t.Errorf("%s on %q: key_info %#v, want %#v", k, release, got, want)
			}
		}
	}
}
