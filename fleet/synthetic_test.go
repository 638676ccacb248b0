package fleet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/kernel"
)

// syntheticFleet writes n check reports into dir, alike enough to share
// findings and varied enough to reach every branch of the reader and the
// summary: schema 1 and 2, indented and compact (with HTML escapes), odd
// characters in every string, every kernel source, release ranges open and
// closed, hosts whose check failed, a finding twice on one host, a stale
// and an equally old second report of a host, and files that are not
// check reports. It returns the files' paths.
func syntheticFleet(t testing.TB, dir string, n int, seed uint64) []string {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	str := func(p *string) *string { return p }
	s := func(v string) *string { return &v }
	type rule struct{ id, name, key, sev string }
	ruleset := []rule{
		{"TW101", "tcp-tw-recycle-removed", "net.ipv4.tcp_tw_recycle", "error"},
		{"TW428", "somaxconn-lowered", "net.core.somaxconn", "warning"},
		{"TW231", "fin-timeout-low", "net.ipv4.tcp_fin_timeout", "info"},
		{"TW223", "tw-reuse", "net.ipv4.tcp_tw_reuse", "warning"},
		{"TW001", "syntax", "", "error"},
		{"TW310", "local-port-range", "net.ipv4.ip_local_port_range", "info"},
		{"TW777", "odd \"name\" <&>", "net.ipv4.conf.eth0/100.forwarding", "warning"},
	}
	texts := []string{"plain", `with "quotes" and \ backslash`, "tab\tnew\nline\r", "<b>&amp;</b>",
		"unicode: é ü 中文 🚀", "separators \u2028 \u2029", "control \x01\x1f\x7f", ""}
	kernelSets := []check.KernelInfo{
		{Source: check.SourceFlag, Targets: []string{"6.1"}},
		{Source: check.SourceLive, Targets: []string{"5.15.0-91-generic"}},
		{Source: check.SourceAll, Targets: []string{"3.10", "4.12", "6.1"}},
		{Source: check.SourceConfig, Targets: []string{"5.4", "5.10", "rhel9"}, Distro: "rhel"},
		{Source: check.SourceFlag, Targets: []string{"4.9"}},
		{Source: check.SourceNone, Targets: []string{}},
	}
	ranges := [][]check.Range{nil, {{From: "6.1", To: s("6.1")}}, {{From: "4.12", To: nil}},
		{{From: "3.10", To: s("4.11")}, {From: "5.4", To: s("5.4")}}}
	var files []string
	write := func(name string, data []byte, mod time.Time) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	base := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for i := range n {
		host := fmt.Sprintf("host-%05d", i)
		switch i % 97 {
		case 13:
			host += " é"
		case 14:
			host += "\"<x>\t"
		}
		rep := check.Report{Schema: 2, Tool: check.Tool{Name: "twadvise", Version: "0.1.0-dev"}, Host: host,
			Mode: []string{"path", "system"}[r.IntN(2)], Kernel: kernelSets[r.IntN(len(kernelSets))], Loader: "systemd",
			Profiles: [][]string{{}, {"generic"}, {"web-server", "database"}}[r.IntN(3)], Findings: []check.Finding{}, Errors: []check.FileError{}}
		if r.IntN(5) == 0 {
			rep.Config = str(s(".twadvise.hcl"))
		}
		for range r.IntN(7) {
			ru := ruleset[r.IntN(len(ruleset))]
			f := check.Finding{Rule: ru.id, Name: ru.name, Severity: ru.sev, Key: ru.key, Value: fmt.Sprint(r.IntN(3)),
				File: "/etc/sysctl.d/" + []string{"a.conf", "b.conf"}[r.IntN(2)], Line: r.IntN(40), Message: "m " + texts[r.IntN(len(texts))],
				Remediation: "fix it", References: []string{"tcp(7)"}, Kernels: ranges[r.IntN(len(ranges))],
				Fingerprint: fmt.Sprintf("%016x", r.Uint64()%4)}
			switch r.IntN(10) {
			case 0:
				f.Severity = []string{"error", "warning", "info"}[r.IntN(3)] // a group of mixed severities
			case 1:
				f.Name, f.Remediation = ru.name+"-renamed", "another remedy "+texts[r.IntN(len(texts))]
			case 2:
				f.Suggestion, f.PathInRoot = s("4096"), "/etc/sysctl.d/x.conf"
			case 3:
				f.OverriddenBy = nil
			}
			if f.Kernels == nil {
				f.Kernels = []check.Range{}
			}
			rep.Findings = append(rep.Findings, f)
			if r.IntN(15) == 0 {
				rep.Findings = append(rep.Findings, f) // the same finding twice on one host
			}
		}
		if r.IntN(40) == 0 {
			rep.Errors = append(rep.Errors, check.FileError{File: "/etc/sysctl.d/gone.conf", Message: "permission denied " + texts[r.IntN(len(texts))]})
		}
		var data []byte
		var err error
		switch r.IntN(8) {
		case 0:
			data, err = json.Marshal(rep) // compact, <>& escaped
		case 1:
			data = schema1(rep)
		default:
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			err = enc.Encode(rep)
			data = b.Bytes()
		}
		if err != nil {
			t.Fatal(err)
		}
		mod := base.Add(time.Duration(r.IntN(1000)) * time.Second)
		name := fmt.Sprintf("%s.json", strings.NewReplacer(" ", "_", "\"", "q", "\t", "t", "<", "l", ">", "g").Replace(host))
		if i%10 == 3 {
			name = filepath.Join(fmt.Sprintf("sub%d", i%3), name) // a non-flat fetch
		}
		write(name, data, mod)
		switch i % 50 {
		case 7: // a stale report of the same host
			write("stale-"+name, data, mod.Add(-time.Hour))
		case 8: // as old as the other: the later file wins
			write("zz-"+name, data, mod)
		}
	}
	write("bad-truncated.json", []byte(`{"schema": 2, "host": "x", "findings": [`), base)
	write("bad-effective.json", []byte(`{"schema": 2, "tool": {"name": "twadvise"}, "settings": []}`), base)
	write("bad-severity.json", []byte(strings.Replace(string(schema1(check.Report{Host: "bad", Tool: check.Tool{Name: "twadvise"},
		Findings: []check.Finding{{Rule: "TW101", Severity: "fatal", Fingerprint: "0123456789abcdef"}}})), `"schema": 1`, `"schema": 2`, 1)), base)
	return files
}

// schema1 writes rep as a schema 1 check document (kernel.release,
// profile, findings' kernel lists), as twadvise did before schema 2.
func schema1(rep check.Report) []byte {
	var b strings.Builder
	q := func(s string) string { v, _ := json.Marshal(s); return string(v) }
	release := "null"
	if len(rep.Kernel.Targets) > 0 {
		release = q(rep.Kernel.Targets[0])
	}
	profile := ""
	if len(rep.Profiles) > 0 {
		profile = rep.Profiles[0]
	}
	fmt.Fprintf(&b, `{"schema": 1, "tool": {"name": "twadvise", "version": "0.0.9"}, "host": %s, "mode": %s,
"kernel": {"release": %s, "source": %s}, "loader": %s, "profile": %s, "findings": [`,
		q(rep.Host), q(rep.Mode), release, q(rep.Kernel.Source), q(rep.Loader), q(profile))
	for i, f := range rep.Findings {
		if i > 0 {
			b.WriteString(",")
		}
		var kern []string
		for _, r := range f.Kernels {
			kern = append(kern, q(r.From))
		}
		fmt.Fprintf(&b, `{"rule": %s, "name": %s, "severity": %s, "key": %s, "value": %s, "suggestion": null, "file": %s, "line": %d,
"message": %s, "remediation": %s, "references": [], "kernel": [%s], "fingerprint": %s}`, q(f.Rule), q(f.Name), q(f.Severity),
			q(f.Key), q(f.Value), q(f.File), f.Line, q(f.Message), q(f.Remediation), strings.Join(kern, ", "), q(f.Fingerprint))
	}
	errs, _ := json.Marshal(rep.Errors)
	if rep.Errors == nil {
		errs = []byte("[]")
	}
	fmt.Fprintf(&b, `], "skipped_rules": [], "errors": %s}`, errs)
	return []byte(b.String())
}

// oracleJSON is the report JSON the fleet view wrote before it was made
// compact, for files: each read with kernel.ReadRegularFile and
// check.ParseReport, summarised by oracleSummarise, written by encoding/json.
func oracleJSON(t testing.TB, files []string, tool check.Tool) []byte {
	t.Helper()
	var docs []*Doc
	errs := []check.FileError{}
	for _, p := range files {
		data, err := kernel.ReadRegularFile(p, MaxReportSize)
		if err != nil {
			t.Fatal(err)
		}
		d, line, err := ParseDoc(data)
		if err != nil {
			errs = append(errs, check.FileError{File: p, Line: line, Message: err.Error()})
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		d.File, d.ModTime = p, fi.ModTime()
		docs = append(docs, d)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(oracleReport{Schema: 1, Tool: tool, oracleFleet: oracleSummarise(docs), Errors: errs}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSameAsBefore: on a varied fleet, the report JSON of LoadFleet and
// WriteJSON is byte for byte the one the previous implementation wrote
// (every host, finding, occurrence, kernel, note and error, in the same
// order), and so is Summarise's over the same documents.
func TestSameAsBefore(t *testing.T) {
	dir := t.TempDir()
	syntheticFleet(t, dir, 600, 1)
	files, errs := ReportFiles([]string{dir})
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	tool := check.Tool{Name: "twadvise", Version: "test"}
	want := oracleJSON(t, files, tool)

	f, errs := LoadFleet([]string{dir})
	var got bytes.Buffer
	if err := f.WriteJSON(&got, tool, errs); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the report differs from the previous implementation's:\n%s", firstDifference(got.Bytes(), want))
	}
	if len(f.Notes) == 0 || len(errs) != 3 || len(f.HostsWithErrors) == 0 {
		t.Errorf("the fleet lacks the cases it is built for: %d notes, %d errors, %d hosts with errors",
			len(f.Notes), len(errs), len(f.HostsWithErrors))
	}
}

// firstDifference shows the lines around the first byte where got and
// want differ.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, bytes.LastIndexByte(got[:i], '\n')-300)
	return fmt.Sprintf("at byte %d\ngot:  ...%s...\nwant: ...%s...", i, got[from:min(len(got), i+200)], want[from:min(len(want), i+200)])
}
