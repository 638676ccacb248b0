package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/kernel"
)

func loadProfileFile(t *testing.T, src string) (*Set, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	set, diags := Load(nil, []string{path})
	if diags.HasErrors() {
		return nil, diags.Error()
	}
	return set, ""
}

// TestUserProfileRefused: a typo in a key, a value the kernel rejects, a
// relax of no rule, a missing reason: each refuses the profile (exit 2 in
// the CLI) with what to fix.
func TestUserProfileRefused(t *testing.T) {
	for name, tc := range map[string]struct{ body, want string }{
		"unknown key":   {"recommend \"net.ipv4.tcp_tw_reus\" {\nexactly = 1\nreason = \"x\"\n}", `Did you mean "net.ipv4.tcp_tw_reuse"`},
		"out of range":  {"recommend \"net.ipv4.tcp_tw_reuse\" {\nexactly = 7\nreason = \"x\"\n}", "outside 0..2"},
		"no bound":      {`recommend "vm.swappiness" { reason = "x" }`, "give at_least, at_most or exactly"},
		"bounds cross":  {"recommend \"vm.swappiness\" {\nat_least = 10\nat_most = 5\nreason = \"x\"\n}", "at_least is above at_most"},
		"relax unknown": {"relax {\nrule = \"TW999\"\nreason = \"x\"\nsource = \"y\"\n}", "relaxes \"TW999\""},
	} {
		_, errText := loadProfileFile(t, "profile \"mine\" {\n description = \"d\"\n closes = \"server\"\n"+tc.body+"\n}\n")
		if !strings.Contains(errText, tc.want) {
			t.Errorf("%s: want an error containing %q, got %q", name, tc.want, errText)
		}
	}
}

// TestRelaxDropsFindings: a profile that relaxes TW232 (tcp_fin_timeout
// very low) silences it; without the profile it fires.
func TestRelaxDropsFindings(t *testing.T) {
	set, errText := loadProfileFile(t, `profile "mine" {
  description = "d"
  closes      = "server"
  relax {
    rule   = "tcp-fin-timeout-very-low"
    reason = "the application documents it"
    source = "https://example.org"
  }
}`)
	if set == nil {
		t.Fatal(errText)
	}
	run := func(p *Profile) bool {
		f := Facts{Mode: "path", Loader: kernel.LoaderSystemd, Profile: p}
		f.Effective = kernel.Merge(f.Loader, []*kernel.ConfigFile{kernel.ParseFile("t.conf", []byte("net.ipv4.tcp_fin_timeout = 1\n"))}, nil)
		for _, fnd := range set.Evaluate(&f).Findings {
			if fnd.RuleID == "TW232" {
				return true
			}
		}
		return false
	}
	if !run(set.Profiles["generic"]) {
		t.Fatal("TW232 does not fire without the profile: the test proves nothing")
	}
	if run(set.Profiles["mine"]) {
		t.Error("TW232 fires although the profile relaxes it")
	}
}

// TestYieldsToRoleProfile: hardened's rp_filter = 1 yields to another
// profile's value instead of conflicting.
func TestYieldsToRoleProfile(t *testing.T) {
	set, errText := loadProfileFile(t, `profile "router" {
  description = "d"
  closes      = "both"
  recommend "net.ipv4.conf.all.rp_filter" {
    exactly = 2
    reason  = "asymmetric routes"
  }
}`)
	if set == nil {
		t.Fatal(errText)
	}
	p, err := set.SelectProfiles("hardened,router")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range p.Recommend {
		if r.Key == "net.ipv4.conf.all.rp_filter" {
			n++
			if *r.Exactly != "2" || r.Profile != "router" {
				t.Errorf("rp_filter: want 2 from router, got %s from %s", *r.Exactly, r.Profile)
			}
		}
	}
	if n != 1 {
		t.Errorf("want one rp_filter recommendation, got %d", n)
	}
}

func TestSelectProfilesDidYouMean(t *testing.T) {
	set := builtinSet(t)
	_, err := set.SelectProfiles("web-server,reddis")
	if err == nil || !strings.Contains(err.Error(), `did you mean "redis"`) {
		t.Errorf("want a did-you-mean for reddis, got %v", err)
	}
}
