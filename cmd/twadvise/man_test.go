package main

import (
	"os"
	"os/exec"
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
	for _, want := range []string{".TH \"TWADVISE\\-CHECK\" \"1\"", `\fB\-\-baseline\fP`, `\fB\-\-fail\-on\fP`,
		".SH EXIT STATUS", ".SH ENVIRONMENT", "NO_COLOR", "FORCE_COLOR", ".SH FILES", ".twadvise.hcl", ".SH EXAMPLES"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("twadvise-check.1 lacks %q", want)
		}
	}
	// Every visible command has a page, titled after it, and the text that
	// starts with a dot in --help is escaped so roff does not take it for a
	// request.
	for _, name := range []string{"twadvise", "twadvise-effective", "twadvise-sockets", "twadvise-generate", "twadvise-report", "twadvise-man", "twadvise-explain"} {
		page, err := os.ReadFile(filepath.Join(dir, name+".1"))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		title := `.TH "` + strings.ReplaceAll(strings.ToUpper(name), "-", `\-`) + `" "1"`
		if !strings.Contains(string(page), title) {
			t.Errorf("%s.1 is not titled %s", name, title)
		}
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, ".") && !manRequest.MatchString(line) {
			t.Errorf("unescaped text line starts with a dot: %q", line)
		}
	}
}

// TestManPagesRender formats the pages with man(1) itself, as a reader
// gets them: every section is there, roff reports no problem, and the
// examples survive as written.
func TestManPagesRender(t *testing.T) {
	needTool(t, "man")
	dir := t.TempDir()
	if code, _, stderr := runIn(t, "", "man", dir); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	if len(pages) < 10 {
		t.Fatalf("only %d pages: %v", len(pages), pages)
	}
	for _, p := range pages {
		cmd := exec.Command("man", "--warnings", "-l", p)
		cmd.Env = append(os.Environ(), "MANPAGER=cat", "PAGER=cat", "MANWIDTH=100", "LC_ALL=C.UTF-8")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Errorf("man -l %s: %v\n%s", filepath.Base(p), err, stderr.String())
		}
		text := string(out)
		for _, sec := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "ENVIRONMENT", "FILES", "SEE ALSO"} {
			if !strings.Contains(text, "\n"+sec+"\n") {
				t.Errorf("%s: no %s section", filepath.Base(p), sec)
			}
		}
		if filepath.Base(p) == "twadvise-check.1" {
			for _, want := range []string{"TWADVISE-CHECK(1)", "EXAMPLES", "twadvise check --kernel 5.15 --profile web-server 90-web.conf", "--fail-on"} {
				if !strings.Contains(text, want) {
					t.Errorf("rendered twadvise-check(1) lacks %q:\n%s", want, text)
				}
			}
		}
	}
}

// TestHelpHasExamplesAndMan: the main commands' --help shows examples, and
// the root's lists the man command.
func TestHelpHasExamplesAndMan(t *testing.T) {
	for _, c := range []string{"check", "effective", "advise", "generate", "sockets", "explain", "report"} {
		if _, out, _ := runIn(t, "", c, "--help"); !strings.Contains(out, "Examples:\n  twadvise "+c) {
			t.Errorf("%s --help has no examples:\n%s", c, out)
		}
	}
	if _, out, _ := runIn(t, "", "--help"); !strings.Contains(out, "\n  man ") {
		t.Errorf("--help does not list man:\n%s", out)
	}
}

var manRequest = regexp.MustCompile(`^\.(nh|TH|SH|PP|TP|IP|nf|fi|br)( |$)`)

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
