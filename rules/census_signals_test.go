package rules

import (
	"strings"
	"testing"
)

// TestCensusSignalMessages checks what the counter rules tell the user on
// the recorded fixtures: the listener and process, the sysctl to change and
// the value it has now, or the application fix.
func TestCensusSignalMessages(t *testing.T) {
	set := builtinSet(t)
	for _, tc := range []struct {
		root, rule, severity string
		want                 []string
	}{
		{"roots/census-6x-conntrack", "TW616", "info", []string{"TcpExtListenOverflows is 5531 since boot", "longest accept queue is on 0.0.0.0:8080 (gunicorn, pid 2211), 129 connections waiting", "`ss -ltn`", "net.core.somaxconn (now 4096)", "accept() faster"}},
		{"roots/census-6x-conntrack", "TW617", "info", []string{"TcpExtTCPReqQFullDoCookies 120", "tcp_syncookies is 1", "Syncookies are answering", "listen() backlog and net.core.somaxconn"}},
		{"roots/census-el7-paws", "TW618", "error", []string{"TcpExtPAWSPassive is 18433", "net.ipv4.tcp_tw_recycle = 1 does", "Set net.ipv4.tcp_tw_recycle = 0 (now 1)"}},
		{"roots/census-5x-memory", "TW619", "warning", []string{"9132 orphaned sockets against net.ipv4.tcp_max_orphans 32768", "Raise net.ipv4.tcp_max_orphans (now 32768)"}},
		{"roots/census-5x-memory", "TW620", "warning", []string{"TcpExtTCPMemoryPressures 212", "TcpExtTCPAbortOnMemory 1877", "190233 pages, tcp_mem is 94011 125351 188022", "raise net.ipv4.tcp_mem (now 94011 125351 188022 pages)"}},
		{"roots/census-6x-conntrack", "TW621", "error", []string{"262101 of nf_conntrack_max 262144", "819 packets were dropped and 18033 entries evicted", "Raise net.netfilter.nf_conntrack_max (now 262144)"}},
	} {
		res := evalCase(t, set, &ruleCase{Root: tc.root}, nil)
		if len(res.Diagnostics) > 0 {
			t.Fatalf("%s: %v", tc.root, res.Diagnostics)
		}
		found := false
		for _, f := range res.Findings {
			if f.RuleID != tc.rule {
				continue
			}
			found = true
			text := f.Message + " | " + f.Remediation
			t.Logf("%s %s: %s", tc.rule, f.Severity, text)
			if f.Severity.String() != tc.severity {
				t.Errorf("%s on %s: severity %s, want %s", tc.rule, tc.root, f.Severity, tc.severity)
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s on %s lacks %q:\n%s", tc.rule, tc.root, w, text)
				}
			}
		}
		if !found {
			t.Errorf("%s did not fire on %s", tc.rule, tc.root)
		}
	}
}
