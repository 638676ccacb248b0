package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCheckDirectives drives each "# twadvise:ignore" case of DESIGN.md
// (Suppression) through the CLI: what is silenced, and which directives are
// TW001 findings themselves.
func TestCheckDirectives(t *testing.T) {
	tests := []struct {
		name, conf string
		want       []string // "line rule" that must be reported
		absent     []string
	}{
		{"silences with a reason", "# twadvise:ignore TW101 legacy hosts, INFRA-1\nnet.ipv4.tcp_tw_recycle = 0\n", nil, []string{"2 TW101", "1 TW001"}},
		{"by rule name", "# twadvise:ignore tcp-tw-recycle-removed legacy\nnet.ipv4.tcp_tw_recycle = 0\n", nil, []string{"2 TW101", "1 TW001"}},
		{"several rules", "# twadvise:ignore TW101,TW231 legacy\nnet.ipv4.tcp_tw_recycle = 0\nnet.ipv4.tcp_fin_timeout = 30\n", []string{"3 TW231"}, []string{"2 TW101", "1 TW001"}},
		{"semicolon comment", "; twadvise:ignore TW101 legacy\nnet.ipv4.tcp_tw_recycle = 0\n", nil, []string{"2 TW101", "1 TW001"}},
		{"without a reason silences nothing", "# twadvise:ignore TW101\nnet.ipv4.tcp_tw_recycle = 0\n", []string{"1 TW001", "2 TW101"}, nil},
		{"unknown rule", "# twadvise:ignore TW999 because\nnet.ipv4.tcp_tw_recycle = 0\n", []string{"1 TW001", "2 TW101"}, nil},
		{"names no rule", "# twadvise:ignore\nnet.ipv4.tcp_tw_recycle = 0\n", []string{"1 TW001", "2 TW101"}, nil},
		{"suppresses nothing", "# twadvise:ignore TW211 nothing here\nnet.core.somaxconn = 8192\n", []string{"1 TW001"}, nil},
		{"blank line breaks it", "# twadvise:ignore TW101 legacy\n\nnet.ipv4.tcp_tw_recycle = 0\n", []string{"1 TW001", "3 TW101"}, nil},
		{"TW001 cannot be silenced in the file", "# twadvise:ignore TW001 quiet please\n# twadvise:ignore TW999 x\nnet.core.somaxconn = 8192\n", []string{"1 TW001", "2 TW001"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"x.conf": tc.conf})
			_, out, stderr := runIn(t, "", "check", "--format", "json", "--kernel", "6.8", "--fail-on", "none", filepath.Join(dir, "x.conf"))
			got := map[string]bool{}
			for _, f := range checkReportOf(t, out).Findings {
				got[strings.Join([]string{itoa(f.Line), f.Rule}, " ")] = true
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("want %s; got %v %s", w, got, stderr)
				}
			}
			for _, a := range tc.absent {
				if got[a] {
					t.Errorf("do not want %s; got %v", a, got)
				}
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestCheckDirectiveSilencedInConfig: TW001 is silenced only in config.
func TestCheckDirectiveSilencedInConfig(t *testing.T) {
	dir := writeTree(t, map[string]string{"x.conf": "# twadvise:ignore TW999 x\nnet.core.somaxconn = 8192\n", ".twadvise.hcl": "disable = [\"ignore-directive\"]\n"})
	code, out, _ := runIn(t, "", "check", "--kernel", "6.8", "--config", filepath.Join(dir, ".twadvise.hcl"), filepath.Join(dir, "x.conf"))
	if code != exitOK || strings.Contains(out, "TW001") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// TestCheckBaseline: a baseline absorbs today's findings; moving lines and
// adding unrelated ones does not resurface them; a new finding is reported.
func TestCheckBaseline(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.conf": "net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = 30\n"})
	conf, base := filepath.Join(dir, "a.conf"), filepath.Join(dir, "baseline.json")
	code, out, stderr := runIn(t, "", "check", "--kernel", "6.8", "--write-baseline", base, conf)
	if code != exitOK || out != "" || !strings.Contains(stderr, "wrote 2 findings") {
		t.Fatalf("--write-baseline: exit %d, out %q, stderr %q", code, out, stderr)
	}
	b, err := readBaseline(base)
	if err != nil || len(b.Findings) != 2 || b.Findings[0].Fingerprint > b.Findings[1].Fingerprint || b.Findings[0].File != conf {
		t.Fatalf("baseline %+v, %v", b, err)
	}
	// Move the lines and add unrelated ones.
	if err := os.WriteFile(conf, []byte("# moved\nnet.core.somaxconn = 8192\n\nnet.ipv4.tcp_fin_timeout = 30\nvm.swappiness = 10\nnet.ipv4.tcp_tw_recycle = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runIn(t, "", "check", "--kernel", "6.8", "--fail-on", "info", "--baseline", base, conf); code != exitOK {
		t.Errorf("after moving lines: exit %d, want 0:\n%s", code, out)
	}
	// A changed value is a new finding.
	if err := os.WriteFile(conf, []byte("net.ipv4.tcp_tw_recycle = 2\nnet.ipv4.tcp_fin_timeout = 30\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runIn(t, "", "check", "--kernel", "6.8", "--baseline", base, conf)
	if code != exitFindings || !strings.Contains(out, "TW101") || strings.Contains(out, "TW231") {
		t.Errorf("new finding: exit %d:\n%s", code, out)
	}
	for name, content := range map[string]string{"garbage": "nope", "schema": `{"schema": 2, "tool": {"name": "twadvise", "version": "x"}, "findings": []}`} {
		bad := filepath.Join(dir, name+".json")
		os.WriteFile(bad, []byte(content), 0o644)
		if code, _, stderr := runIn(t, "", "check", "--baseline", bad, conf); code != exitFailed || !strings.Contains(stderr, "--baseline") {
			t.Errorf("%s baseline: exit %d, stderr %s", name, code, stderr)
		}
	}
	if code, _, _ := runIn(t, "", "check", "--baseline", filepath.Join(dir, "none.json"), conf); code != exitFailed {
		t.Errorf("missing baseline: exit %d, want 2", code)
	}
}
