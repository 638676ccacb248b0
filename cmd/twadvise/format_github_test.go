package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestGitHubEscaping follows @actions/core: data escapes %, CR and LF;
// properties also escape ":" and ",". "%" goes first so escapes are not
// escaped twice.
func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		in, data, prop string
	}{
		{"plain", "plain", "plain"},
		{"50%", "50%25", "50%25"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
		{"%0A literal", "%250A literal", "%250A literal"},
		{"C:\\x,y", "C:\\x,y", "C%3A\\x%2Cy"},
	}
	for _, tc := range tests {
		if got := githubData(tc.in); got != tc.data {
			t.Errorf("githubData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := githubProperty(tc.in); got != tc.prop {
			t.Errorf("githubProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestGitHubLine(t *testing.T) {
	tests := []struct {
		name, cmd, file string
		line            int
		title, msg      string
		want            string
	}{
		{"full", "error", "etc/a.conf", 3, "TW101 x", "gone", "::error file=etc/a.conf,line=3,title=TW101 x::gone"},
		{"no line", "warning", "a,b.conf", 0, "T", "m", "::warning file=a%2Cb.conf,title=T::m"},
		{"live has no file", "notice", "live", 0, "T", "m", "::notice title=T::m"},
		{"multi-line message", "error", "a", 1, "T", "one\ntwo", "::error file=a,line=1,title=T::one%0Atwo"},
	}
	for _, tc := range tests {
		if got := githubLine(tc.cmd, tc.file, tc.line, tc.title, tc.msg); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestCheckGitHubFormat runs the CLI: one command per finding, severities
// mapped to error/warning/notice, exit code unchanged by the format.
func TestCheckGitHubFormat(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.conf": "net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = 30\n"})
	conf := filepath.Join(dir, "a.conf")
	code, out, stderr := runIn(t, "", "check", "--format", "github", "--kernel", "5.15", conf)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr %s", code, stderr)
	}
	want := "::error file=" + githubProperty(conf) + ",line=1,title=TW101 tcp-tw-recycle-removed::"
	if !strings.Contains(out, want) {
		t.Errorf("missing %q in\n%s", want, out)
	}
	if !strings.Contains(out, "::notice file="+githubProperty(conf)+",line=2,") {
		t.Errorf("info finding is not a notice:\n%s", out)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(l, "::") {
			t.Errorf("not a workflow command: %q", l)
		}
	}
	code, _, _ = runIn(t, "", "check", "--format", "github", "--kernel", "5.15", "--fail-on", "none", conf)
	if code != exitOK {
		t.Errorf("--fail-on none: exit %d, want 0", code)
	}
}
