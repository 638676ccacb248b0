package kernel

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseLine covers the line-syntax matrix measured with procps 4.0.2 and
// systemd 252 (shared/reference/sysctl-files.md, section 3).
func TestParseLine(t *testing.T) {
	type want struct {
		key, value string
		optional   bool
		glob       bool
		exclude    bool
		diag       string // diagnostic kind, "" for none
		skipped    bool
	}
	tests := []struct {
		name, line string
		want       want
	}{
		{"plain", "net.core.somaxconn = 4096", want{key: "net.core.somaxconn", value: "4096"}},
		{"no spaces", "net.core.somaxconn=4096", want{key: "net.core.somaxconn", value: "4096"}},
		{"blanks and tabs around", "  net.core.somaxconn \t=\t 4096   ", want{key: "net.core.somaxconn", value: "4096"}},
		{"CRLF", "net.core.somaxconn = 4096\r", want{key: "net.core.somaxconn", value: "4096"}},
		{"inline comment kept", "net.core.somaxconn = 4096 # comment", want{key: "net.core.somaxconn", value: "4096 # comment"}},
		{"quotes kept", `net.core.somaxconn="4096"`, want{key: "net.core.somaxconn", value: `"4096"`}},
		{"tuned arrow kept", "net.core.somaxconn=>2048", want{key: "net.core.somaxconn", value: ">2048"}},
		{"two equals", "net.core.somaxconn = 4096 = 5", want{key: "net.core.somaxconn", value: "4096 = 5"}},
		{"inner blanks kept", "net.ipv4.ip_local_port_range = 1024    65535", want{key: "net.ipv4.ip_local_port_range", value: "1024    65535"}},
		{"inner tab kept", "net.ipv4.ip_local_port_range = 1024\t65535", want{key: "net.ipv4.ip_local_port_range", value: "1024\t65535"}},
		{"slash key", "net/core/somaxconn=4096", want{key: "net.core.somaxconn", value: "4096"}},
		{"vlan slash form", "net/ipv4/conf/eth0.100/forwarding = 1", want{key: "net.ipv4.conf.eth0/100.forwarding", value: "1"}},
		{"empty value", "net.core.somaxconn =", want{key: "net.core.somaxconn", value: ""}},
		{"optional", "-net.ipv4.tcp_tw_recycle = 1", want{key: "net.ipv4.tcp_tw_recycle", value: "1", optional: true}},
		{"glob", "net.ipv4.conf.*.rp_filter = 2", want{key: "net.ipv4.conf.*.rp_filter", value: "2", glob: true}},
		{"exclusion", "-net.ipv4.conf.all.rp_filter", want{key: "net.ipv4.conf.all.rp_filter", exclude: true}},
		{"hash comment", "# net.core.somaxconn = 1", want{skipped: true}},
		{"indented hash comment", "   # net.core.somaxconn = 1", want{skipped: true}},
		{"semicolon comment", "; net.core.somaxconn = 1", want{diag: DiagSemicolon, skipped: true}},
		{"no equals", "net.core.rmem_max", want{diag: DiagNoAssignment, skipped: true}},
		{"garbage", "foo bar", want{diag: DiagNoAssignment, skipped: true}},
		{"empty key", " = 5", want{diag: DiagEmptyKey, skipped: true}},
		{"blank inside key", "net.core. somaxconn = 1", want{key: "net.core. somaxconn", value: "1", diag: DiagBadKey}},
		{"uppercase is literal", "NET.CORE.SOMAXCONN = 1", want{key: "NET.CORE.SOMAXCONN", value: "1"}},
		{"dots swap, no escape", "net.ipv4.../../../etc/passwd = 1", want{key: "net.ipv4./././etc/passwd", value: "1"}},
		{"leading slash collapses", "/net/core/somaxconn = 7", want{key: "net.core.somaxconn", value: "7"}},
		{"repeated dots collapse", "net..core.wmem_max = 3", want{key: "net.core.wmem_max", value: "3"}},
		{"trailing separator", "net.core.somaxconn. = 3", want{key: "net.core.somaxconn.", value: "3", diag: DiagBadKey}},
		{"dash blank", "- net.core.somaxconn = 3", want{key: "net.core.somaxconn", value: "3", optional: true}},
		{"dotdot slash", "net/../../etc/shadow = 1", want{diag: DiagBadKey, skipped: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cf := ParseFile("f.conf", []byte(tc.line+"\n"))
			var gotDiag string
			if len(cf.Diagnostics) > 0 {
				gotDiag = cf.Diagnostics[0].Kind
				if cf.Diagnostics[0].Line != 1 || cf.Diagnostics[0].File != "f.conf" {
					t.Errorf("diagnostic position = %s:%d, want f.conf:1", cf.Diagnostics[0].File, cf.Diagnostics[0].Line)
				}
			}
			if gotDiag != tc.want.diag {
				t.Errorf("diagnostic = %q (%v), want %q", gotDiag, cf.Diagnostics, tc.want.diag)
			}
			if tc.want.skipped {
				if len(cf.Settings) != 0 {
					t.Errorf("got settings %+v, want none", cf.Settings)
				}
				return
			}
			if len(cf.Settings) != 1 {
				t.Fatalf("got %d settings, want 1", len(cf.Settings))
			}
			s := cf.Settings[0]
			got := want{key: s.Key, value: s.Value, optional: s.Optional, glob: s.Glob, exclude: s.Exclude, diag: gotDiag}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestParseFileLinesAndDirectives(t *testing.T) {
	src := "# header\r\n\r\n# twadvise:ignore TW101,tcp-fin-timeout-not-time-wait legacy NAT-free lab\r\nnet.ipv4.tcp_fin_timeout = 10\r\n" +
		"# twadvise:ignore TW201\n\nnet.core.somaxconn = 1\n# twadvise:ignored not ours\nvm.swappiness=1"
	cf := ParseFile("x.conf", []byte(src))
	if len(cf.Settings) != 3 {
		t.Fatalf("got %d settings, want 3: %+v", len(cf.Settings), cf.Settings)
	}
	if cf.Settings[0].Line != 4 || cf.Settings[1].Line != 7 || cf.Settings[2].Line != 9 {
		t.Errorf("lines = %d,%d,%d; want 4,7,9", cf.Settings[0].Line, cf.Settings[1].Line, cf.Settings[2].Line)
	}
	d := cf.Settings[0].Ignore
	if d == nil || !cmp.Equal(d.Rules, []string{"TW101", "tcp-fin-timeout-not-time-wait"}) || d.Reason != "legacy NAT-free lab" || d.Line != 3 {
		t.Errorf("directive on line 4 = %+v", d)
	}
	if cf.Settings[1].Ignore != nil {
		t.Errorf("a blank line separates the directive on line 5 from line 7, got %+v", cf.Settings[1].Ignore)
	}
	if len(cf.Directives) != 2 || cf.Directives[1].Reason != "" {
		t.Errorf("directives = %+v, want 2 (the second without a reason)", cf.Directives)
	}
	if cf.Settings[2].Value != "1" {
		t.Errorf("last line without newline: value %q", cf.Settings[2].Value)
	}
}

func TestParseFileHostileInput(t *testing.T) {
	if cf := ParseFile("bin", []byte("net.core.somaxconn = 1\x00\x01\x02")); len(cf.Settings) != 0 || len(cf.Diagnostics) != 1 || cf.Diagnostics[0].Kind != DiagBinary {
		t.Errorf("NUL bytes: settings %v diagnostics %v", cf.Settings, cf.Diagnostics)
	}
	long := "net.core.somaxconn = " + strings.Repeat("9", MaxLineLength) + "\nvm.swappiness = 1\n"
	cf := ParseFile("long", []byte(long))
	if len(cf.Settings) != 1 || cf.Settings[0].Line != 2 || cf.Diagnostics[0].Kind != DiagLineTooLong {
		t.Errorf("long line: settings %v diagnostics %v", cf.Settings, cf.Diagnostics)
	}
	cf = ParseFile("bom", []byte("\xef\xbb\xbfnet.core.somaxconn = 1\n"))
	if len(cf.Diagnostics) != 1 || cf.Diagnostics[0].Kind != DiagBOM {
		t.Errorf("BOM: diagnostics %v", cf.Diagnostics)
	}
	cf = ParseFile("utf8", []byte("net.core.somaxconn = \xff\xfe\n"))
	if len(cf.Diagnostics) != 1 || cf.Diagnostics[0].Kind != DiagBinary || len(cf.Settings) != 1 {
		t.Errorf("invalid UTF-8: settings %v diagnostics %v", cf.Settings, cf.Diagnostics)
	}
}

func FuzzParseFile(f *testing.F) {
	for _, s := range []string{"net.core.somaxconn = 1\n", "-a.b\n", "a/b.c=1\r\n", "# twadvise:ignore X y\nk=v", " = ", "\xef\xbb\xbf"} {
		f.Add([]byte(s))
	}
	addCorpusSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		cf := ParseFile("fuzz.conf", data)
		for _, s := range cf.Settings {
			if s.Line < 1 || s.Key == "" {
				t.Fatalf("setting without a position or key: %+v", s)
			}
			if strings.Contains("/"+KeyPath(s.Key)+"/", "/../") {
				t.Fatalf("key escapes /proc/sys: %q", s.Key)
			}
		}
	})
}
