package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestExplainKeyText(t *testing.T) {
	tests := []struct {
		key  string
		want []string
	}{
		{"net.ipv4.tcp_tw_recycle", []string{"4.12", "removed", "4396e46187ca", "history:"}},
		{"net.ipv4.tcp_tw_reuse_delay", []string{"6.14", "@6.13.7", "1..60000", "per network namespace"}},
		{"net/ipv4/tcp_tw_reuse", []string{"net.ipv4.tcp_tw_reuse\n", "u8, 0..2", "default:  2"}},
		// per network namespace from 4.10 (not 4.11), with the trees that show it
		{"net.ipv4.tcp_tw_reuse", []string{"    4.10       scope", "@4.9.0", "@4.10.0", "4.18"}},
		{"net.ipv4.conf.eth0/100.rp_filter", []string{"matches:  net.ipv4.conf.<iface>.rp_filter", "no change in the kernel trees read"}},
		{"kernel.sysrq", []string{"details of the previous tree, assumed unchanged", "no change in the kernel trees read", "kernel.rst"}},
		{"net.bridge.bridge-nf-call-iptables", []string{"module:   br_netfilter"}},
	}
	for _, tc := range tests {
		var out bytes.Buffer
		if err := explainKey(&out, tc.key, "text"); err != nil {
			t.Fatalf("explainKey(%q): %v", tc.key, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("explainKey(%q) lacks %q:\n%s", tc.key, w, out.String())
			}
		}
	}
}

func TestExplainKeyJSON(t *testing.T) {
	var out bytes.Buffer
	if err := explainKey(&out, "net.core.somaxconn", "json"); err != nil {
		t.Fatal(err)
	}
	var got keyExplanation
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	default54 := false
	for _, h := range got.History {
		default54 = default54 || (h.Version == "5.4" && h.Event == "default")
	}
	if got.Schema != 1 || got.Key != "net.core.somaxconn" || got.Scope != "per-netns" || !default54 || len(got.Sources) == 0 {
		t.Errorf("unexpected JSON: %s", out.String())
	}
}

func TestExplainCommand(t *testing.T) {
	tests := []struct {
		args       []string
		code       int
		stdout     string
		stderrWant string
	}{
		{[]string{"explain", "net.ipv4.tcp_timestamps"}, exitOK, "4.10", ""},
		{[]string{"explain", "net.ipv4_timestamps"}, exitFailed, "", "did you mean net.ipv4.tcp_timestamps?"},
		{[]string{"explain", "kernel.exec-shield"}, exitFailed, "", `unknown key "kernel.exec-shield"`},
		{[]string{"explain", "--format", "yaml", "vm.swappiness"}, exitFailed, "", `unknown --format "yaml": want text or json`},
		{[]string{"explain"}, exitFailed, "", "Usage:"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, strings.NewReader(""), &stdout, &stderr)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tc.args, code, tc.code, stderr.String())
		}
		if !strings.Contains(stdout.String(), tc.stdout) || !strings.Contains(stderr.String(), tc.stderrWant) {
			t.Errorf("%v: stdout %q stderr %q", tc.args, stdout.String(), stderr.String())
		}
	}
}
