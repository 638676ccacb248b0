package fleet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/internal/jsonw"
	"github.com/twadvise/twadvise/rules"
)

// resolved writes out everything the fleet keeps of h, its table numbers
// resolved, to compare two readings of one document.
func resolved(h *hostDoc, t *table) string {
	var b strings.Builder
	kernel := "none"
	if h.kernel >= 0 {
		kernel = fmt.Sprintf("%q", t.strs[h.kernel])
	}
	fmt.Fprintf(&b, "host %q mode %q loader %q profile %q kernel %s counts %+v errors %+v\n",
		h.Host, h.Mode, h.Loader, h.Profile, kernel, h.Counts, h.Errors)
	for _, id := range h.findings {
		f := t.finds[id]
		s := t.strs
		fmt.Fprintf(&b, "  %q %q %v %q %q %q %d %q %q %q %016x\n", s[f.rule], s[f.name], f.severity, s[f.key], s[f.value],
			s[f.file], f.line, s[f.message], s[f.remediation], t.lists[f.kernels], f.fingerprint)
	}
	return b.String()
}

// checkDecode reads data both ways. When the one-pass decoder accepts it,
// check.ParseReport must accept it too and the fleet must keep the same of
// it; when it declines, nothing is lost (ParseReport decides).
func checkDecode(t *testing.T, data []byte) (accepted bool) {
	t.Helper()
	tb := newTable()
	d := &decoder{c: tb.cache()}
	var fast hostDoc
	if !d.decodeCurrent(data, &fast) {
		return false
	}
	doc, _, err := ParseDoc(data)
	if err != nil {
		t.Fatalf("the one-pass decoder accepted what check.ParseReport rejects (%v):\n%q", err, data)
	}
	var slow hostDoc
	fromReport(&slow, doc, tb.cache())
	if a, b := resolved(&fast, tb), resolved(&slow, tb); a != b {
		t.Fatalf("the two readings differ:\none pass:\n%s\ncheck.ParseReport:\n%s\ninput: %q", a, b, data)
	}
	return true
}

// fullReport has every field of a check document set, the way `check
// --format json` writes it.
func fullReport() check.Report {
	s := func(v string) *string { return &v }
	cfg := ".twadvise.hcl"
	return check.Report{Schema: check.Schema, Tool: check.Tool{Name: "twadvise", Version: "1.2.3"}, Host: "web-1", Mode: "system",
		Kernel: check.KernelInfo{Source: check.SourceFlag, Targets: []string{"6.1", "rhel9"}, Distro: "rhel"}, Loader: "systemd",
		Profiles: []string{"web-server", "database"}, Config: &cfg,
		Findings: []check.Finding{{Rule: "TW101", Name: "tcp-tw-recycle-removed", Severity: "error", Key: "net.ipv4.tcp_tw_recycle",
			Value: "1", Suggestion: s("0"), File: "etc/sysctl.d/10-x.conf", PathInRoot: "/etc/sysctl.d/10-x.conf", Line: 3,
			OverriddenBy: &rules.Position{File: "etc/sysctl.d/99-y.conf", Line: 7}, Message: `removed in "4.12" <&>`,
			Remediation: "delete it", References: []string{"tcp(7)"},
			Kernels: []check.Range{{From: "4.12", To: nil}, {From: "3.10", To: s("3.10")}}, Fingerprint: "0123456789abcdef"}},
		Errors: []check.FileError{{File: "/etc/sysctl.d/z.conf", Line: 2, Message: "permission denied"}}}
}

// TestDecodeCurrentAcceptsCheckOutput: what `check --format json` writes,
// every field set, takes the one-pass path (a field added to check.Report
// makes this fail until the decoder knows it) and reads the same as
// through check.ParseReport.
func TestDecodeCurrentAcceptsCheckOutput(t *testing.T) {
	for _, indent := range []string{"", "  "} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(indent == "")
		enc.SetIndent("", indent)
		if err := enc.Encode(fullReport()); err != nil {
			t.Fatal(err)
		}
		if !checkDecode(t, b.Bytes()) {
			t.Errorf("a complete check document (indent %q) was left to the slow path:\n%s", indent, b.Bytes())
		}
	}
	// The documents of a fleet: the schema 2 ones take the one-pass path.
	dir := t.TempDir()
	files := syntheticFleet(t, dir, 200, 2)
	fast := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if checkDecode(t, data) {
			fast++
		}
	}
	if fast < len(files)/2 {
		t.Errorf("only %d of %d reports took the one-pass path", fast, len(files))
	}
}

// decodeSeeds are documents at the edges of what the one-pass decoder
// accepts: each must either be declined or read exactly as check.ParseReport
// reads it.
func decodeSeeds() []string {
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(fullReport())
	full := strings.TrimSpace(b.String())
	min := `{"schema":2,"tool":{"name":"twadvise","version":"x"},"host":"h","kernel":{"source":"all","targets":["6.1"]},"findings":[{"rule":"TW101","severity":"error","fingerprint":"0123456789abcdef"}],"errors":[]}`
	seeds := []string{full, min, full + "\n\n", "\ufeff" + full, full + "{}", full[:len(full)/2], ""}
	for _, r := range []struct{ from, to string }{
		{`"host":"h"`, `"host":"h","host":"i"`}, {`"host":"h"`, `"Host":"h"`}, {`"host":"h"`, `"host":null`},
		{`"host":"h"`, `"host":"h","extra":1`}, {`"host":"h"`, `"host":""`}, {`"host":"h"`, `"host":"h\u00e9\ud83d\ude80"`},
		{`"host":"h"`, `"host":"\ud800"`}, {`"host":"h"`, `"host":"\ud83d\u0041"`}, {`"host":"h"`, `"host":"\x"`},
		{`"host":"h"`, "\"host\":\"h\xff\""}, {`"host":"h"`, "\"host\":\"h\x01\""}, {`"host":"h"`, `"host":"a\/b\"\\\b\f\n\r\t\u0000"`},
		{`"schema":2`, `"schema":2.0`}, {`"schema":2`, `"schema":02`}, {`"schema":2`, `"schema":2e0`}, {`"schema":2`, `"schema":-2`},
		{`"schema":2`, `"schema":1`}, {`"schema":2`, `"schema":3`}, {`"schema":2`, `"schema":"2"`},
		{`"fingerprint":"0123456789abcdef"`, `"fingerprint":"0123456789ABCDEF"`}, {`"fingerprint":"0123456789abcdef","`, `"fingerprint":"0123456789abcdef","line":99999999999999999999,"`},
		{`"severity":"error"`, `"severity":"Error"`}, {`"rule":"TW101"`, `"rule":"TW1010"`}, {`"rule":"TW101"`, `"rule":null`},
		{`"line":3`, `"line":-0`}, {`"line":3`, `"line":3.5`}, {`"line":3`, `"line":null`}, {`"line":3`, `"line":123456789012345678`},
		{`"kernels":[`, `"kernels":null,"x":[`}, {`"to":null`, `"to":"4.12"`}, {`"from":"4.12"`, `"from":"4.12","from":"5"`},
		{`"targets":["6.1","rhel9"]`, `"targets":[]`}, {`"source":"flag"`, `"source":"all"`}, {`"profiles":["web-server","database"]`, `"profiles":[]`},
		{`"overridden_by":{`, `"overridden_by":null,"x":{`}, {`"references":["tcp(7)"]`, `"references":null`}, {`"references":["tcp(7)"]`, `"references":[1]`},
		{`"config":".twadvise.hcl"`, `"config":null`}, {`"config":".twadvise.hcl"`, `"config":7`}, {`"errors":[{`, `"errors":null,"x":[{`},
		{`"findings":[`, `"findings":null,"x":[`}, {`"tool":{"name":"twadvise"`, `"tool":{"name":"other"`}, {`"name":"twadvise","version":"1.2.3"`, `"name":"twadvise","version":"1.2.3","x":1`},
	} {
		for _, s := range []string{full, min} {
			if strings.Contains(s, r.from) {
				seeds = append(seeds, strings.Replace(s, r.from, r.to, 1))
			}
		}
	}
	return seeds
}

// TestDecodeCurrentEdges: each edge case is declined or read exactly as
// check.ParseReport reads it; the well-formed ones are accepted.
func TestDecodeCurrentEdges(t *testing.T) {
	accepted := 0
	for _, s := range decodeSeeds() {
		if checkDecode(t, []byte(s)) {
			accepted++
		}
	}
	if accepted < 10 {
		t.Errorf("only %d edge cases accepted: the decoder declines too much", accepted)
	}
}

// FuzzDecodeCurrent: on any input, the one-pass decoder never panics, and
// what it accepts check.ParseReport accepts and reads the same.
func FuzzDecodeCurrent(f *testing.F) {
	for _, s := range decodeSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, data) })
}

// FuzzAppendJSONString: strings are quoted byte for byte as encoding/json
// quotes them without HTML escaping.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `"\`, "\x00\x01\b\f\n\r\t\x1f\x7f", "<&>", "é中🚀", "\u2028\u2029", "\xff\xfe", "a\xc3", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := jsonw.AppendString(nil, s); string(got)+"\n" != want.String() {
			t.Errorf("%q: got %s, want %s", s, got, want.String())
		}
		if !utf8.ValidString(s) {
			return
		}
		// And the decoder reads back what was written.
		d := &decoder{data: jsonw.AppendString(nil, s)}
		if back, ok := d.str(); !ok || string(back) != s {
			t.Errorf("%q: read back %q, %v", s, back, ok)
		}
	})
}

// TestSummariseSameAsLoadFleet: Summarise over documents read by
// check.ParseReport gives the same fleet as LoadFleet's one-pass reading.
func TestSummariseSameAsLoadFleet(t *testing.T) {
	dir := t.TempDir()
	syntheticFleet(t, dir, 300, 3)
	files, _ := ReportFiles([]string{dir})
	var docs []*Doc
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d, _, err := ParseDoc(data)
		if err != nil {
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		d.File, d.ModTime = p, fi.ModTime()
		docs = append(docs, d)
	}
	tool := check.Tool{Name: "twadvise", Version: "t"}
	var a, b bytes.Buffer
	s, _ := Summarise(docs)
	if err := s.WriteJSON(&a, tool, nil); err != nil {
		t.Fatal(err)
	}
	l, _ := LoadFleet([]string{dir})
	if err := l.WriteJSON(&b, tool, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("Summarise and LoadFleet differ:\n%s", firstDifference(a.Bytes(), b.Bytes()))
	}
}
