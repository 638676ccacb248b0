package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/twadvise/twadvise/kernel"
)

// FuzzLoad loads arbitrary bytes as a user rule and profile file, as
// --rules and --profile do, then evaluates whatever loaded over a small
// configuration. Neither step may panic, and every error must point at
// the file.
func FuzzLoad(f *testing.F) {
	seeds := []string{
		"rule \"TW900\" {\n  name = \"x\"\n}\n",
		"profile \"p\" {\n  description = \"d\"\n  closes = \"client\"\n  outbound_rate = 1000\n}\n",
		"profile \"p\" {\n  description = \"d\"\n  closes = \"server\"\n  recommend \"net.core.somaxconn\" {\n    at_least = \"4096\"\n    reason = \"r\"\n  }\n}\n",
		"rule \"TW901\" {\n  name = \"fuzz-one\"\n  title = \"t\"\n  key = \"net.core.somaxconn\"\n  kernel = \">= 4.4\"\n  severity = \"warning\"\n  when = num < 1024\n  message = \"low ${value}\"\n  remediation = \"Raise it.\"\n  references = [\"x\"]\n}\n",
		"rule \"TW902\" {\n  name = \"div\"\n  title = \"t\"\n  key = \"*\"\n  severity = value\n  when = 1 / 0 > nums[7]\n  message = upper(key)\n  remediation = \"r\"\n  references = [\"x\"]\n}\n",
		"rule \"TW903\" {\n  name = \"re\"\n  title = \"t\"\n  key = \"[\"\n  severity = \"info\"\n  when = regex(\"(\", value) != \"\"\n  message = \"m\"\n  remediation = \"r\"\n  references = [\"x\"]\n}\n",
		"rule {", "\x00\xff", "profile \"generic\" {}",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	cf := kernel.ParseFile("fuzz.conf", []byte("net.core.somaxconn = 128\nnet.ipv4.ip_local_port_range = 1024 65000\nnet.ipv4.conf.*.rp_filter = 1\n-net.ipv4.tcp_tw_reuse\n"))
	eff := kernel.Merge(kernel.LoaderSystemd, []*kernel.ConfigFile{cf}, nil)
	rel, _ := kernel.ParseRelease("5.15.0-91-generic")
	f.Fuzz(func(t *testing.T, data []byte) {
		name := filepath.Join(t.TempDir(), "user.hcl")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		set, diags := Load(nil, []string{name})
		for _, d := range diags {
			if d.Subject == nil && d.Summary == "" {
				t.Fatalf("diagnostic without a subject or summary: %+v", d)
			}
		}
		if set == nil || diags.HasErrors() {
			return
		}
		for _, p := range set.Profiles {
			set.Evaluate(&Facts{Mode: "path", Loader: kernel.LoaderSystemd, Kernel: &rel, Effective: eff, Profile: p, NetNS: "unknown",
				Live: func(string) kernel.Live { return kernel.Live{Value: "5", Status: kernel.LiveOK} }})
		}
	})
}
