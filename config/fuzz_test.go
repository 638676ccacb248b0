package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twadvise/twadvise/rules"
)

// FuzzLoad feeds arbitrary bytes to the .twadvise.hcl loader and, when they
// decode, to Validate, Expired and Filter: diagnostics are fine, panics are
// not, and every error diagnostic says what is wrong.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"profile = \"web-server\"\nkernels = [\"5.15\", \"6.8\"]\n",
		"disable = [\"TW231\", \"tcp-timestamps-off\"]\nseverity = { TW303 = \"error\" }\n",
		"profile_override {\n  clients_behind_nat = false\n  service_ports = [8080]\n}\n",
		"waiver {\n  rule = \"TW101\"\n  key = \"net.ipv4.*\"\n  file = \"etc/*.conf\"\n  reason = \"r\"\n  expires = \"2026-12-31\"\n}\n",
		"waiver {\n  rule = \"TW101\"\n  expires = \"not a date\"\n}\n", "kernels = 5\n", "rules = [\"../x\"]\n", "{", "\x00",
	} {
		f.Add([]byte(s))
	}
	set, diags := rules.Load(nil, nil)
	if diags.HasErrors() {
		f.Fatal(diags)
	}
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), ".twadvise.hcl")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, diags := Load(path)
		for _, d := range diags {
			if d.Summary == "" {
				t.Fatalf("diagnostic without a summary: %+v", d)
			}
		}
		if c == nil || diags.HasErrors() {
			return
		}
		if c.Validate(set).HasErrors() {
			return
		}
		c.Expired(now)
		c.Filter(set, []rules.Finding{{RuleID: "TW101", Key: "net.ipv4.tcp_tw_recycle", File: "etc/a.conf", Severity: rules.Error}}, now)
		if p := set.Profiles["web-server"]; p != nil {
			c.ApplyProfile(p)
		}
	})
}
