package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestManPages(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runIn(t, "", "man", dir); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "twadvise-check.1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".TH \"TWADVISE\" \"1\"", `\fB--baseline\fP`, `\fB--fail-on\fP`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("twadvise-check.1 lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "twadvise-man.1")); err == nil {
		t.Error("the hidden man command has a page of its own")
	}
	// Every visible command has a page, and the text that starts with a dot
	// in --help is escaped so roff does not take it for a request.
	for _, name := range []string{"twadvise.1", "twadvise-effective.1", "twadvise-sockets.1", "twadvise-generate.1"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, ".") && !manRequest.MatchString(line) {
			t.Errorf("unescaped text line starts with a dot: %q", line)
		}
	}
}

var manRequest = regexp.MustCompile(`^\.(nh|TH|SH|PP|TP)( |$)`)

// TestCompletions: cobra's built-in completion command works for each shell
// and completes the check subcommand.
func TestCompletions(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, out, stderr := runIn(t, "", "completion", sh)
		if code != exitOK || !strings.Contains(out, "twadvise") {
			t.Errorf("completion %s: exit %d, %s", sh, code, stderr)
		}
	}
	code, out, _ := runIn(t, "", "__complete", "ch")
	if code != exitOK || !strings.Contains(out, "check") {
		t.Errorf("__complete ch: exit %d:\n%s", code, out)
	}
}
