package fleet

import (
	"strings"
	"testing"
	"time"
)

const minimalCheck = `{"schema": 1, "tool": {"name": "twadvise", "version": "t"}, "host": "%s", "mode": "system",
"kernel": {"release": %s, "source": "live"}, "loader": "systemd", "profile": "generic",
"findings": [%s], "skipped_rules": [], "errors": []}`

func finding(rule, sev, key string) string {
	return `{"rule": "` + rule + `", "name": "x", "severity": "` + sev + `", "key": "` + key + `", "value": "1", "suggestion": null,
"file": "/etc/sysctl.conf", "line": 1, "message": "m", "remediation": "r", "references": ["ref"], "kernel": [], "fingerprint": "0123456789abcdef"}`
}

func doc(t *testing.T, host, release string, findings ...string) *Doc {
	t.Helper()
	src := strings.Replace(minimalCheck, "%s", host, 1)
	src = strings.Replace(src, "%s", release, 1)
	src = strings.Replace(src, "%s", strings.Join(findings, ","), 1)
	d, _, err := ParseDoc([]byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	d.File = host + ".json"
	return d
}

// TestSummarise groups by rule and key, counts by severity per host, lists
// kernels numerically with the unknown one last, and keeps the newest of
// two documents for one host, saying so.
func TestSummarise(t *testing.T) {
	docs := []*Doc{
		doc(t, "b", `"6.1"`, finding("TW101", "error", "net.ipv4.tcp_tw_recycle"), finding("TW223", "warning", "net.ipv4.tcp_tw_reuse")),
		doc(t, "a", `null`, finding("TW101", "error", "net.ipv4.tcp_tw_recycle")),
		doc(t, "c", `"5.15"`, finding("TW231", "info", "net.ipv4.tcp_fin_timeout")),
		doc(t, "a", `"5.4"`),
		doc(t, "d", `"5.4"`),
	}
	docs[1].ModTime = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC) // the newer "a"
	docs[3].ModTime = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	docs[3].File = "a-stale.json"
	f, errs := Summarise(docs)
	if len(errs) != 0 {
		t.Errorf("errors: %+v", errs)
	}
	if len(f.Notes) != 1 || !strings.Contains(f.Notes[0], "host a: a-stale.json left out, the newer a.json is used") {
		t.Errorf("notes: %q", f.Notes)
	}
	if len(f.Hosts) != 4 || f.Hosts[0].Host != "a" || f.Hosts[1].Counts != (SeverityCounts{Error: 1, Warning: 1}) {
		t.Errorf("hosts: %+v", f.Hosts)
	}
	if len(f.Findings) != 3 || f.Findings[0].Rule != "TW101" || f.Findings[0].HostCount != 2 || f.Findings[2].Severity != "info" {
		t.Errorf("findings: %+v", f.Findings)
	}
	if len(f.Kernels) != 4 || *f.Kernels[0].Release != "5.4" || *f.Kernels[1].Release != "5.15" || f.Kernels[3].Release != nil {
		t.Errorf("kernels: %+v", f.Kernels)
	}
	if f.Worst().String() != "error" {
		t.Errorf("worst: %v", f.Worst())
	}
}

// TestParseDocLine: a syntax error names the line the decoder stopped on.
func TestParseDocLine(t *testing.T) {
	_, line, err := ParseDoc([]byte("{\n\"schema\": 1,\n\"host\": oops\n}"))
	if err == nil || line != 3 || !strings.Contains(err.Error(), "invalid JSON") {
		t.Errorf("line %d, err %v", line, err)
	}
}
