package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// completions runs cobra's hidden __complete command, what the shell
// scripts call, and returns the offered words without descriptions.
func completions(t *testing.T, args ...string) []string {
	t.Helper()
	code, out, errOut := runIn(t, "", append([]string{"__complete"}, args...)...)
	if code != exitOK {
		t.Fatalf("__complete %v: exit %d: %s", args, code, errOut)
	}
	var words []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" || strings.HasPrefix(l, ":") {
			continue
		}
		words = append(words, strings.SplitN(l, "\t", 2)[0])
	}
	return words
}

// TestCompleteValues: flag values and explain's argument complete to what
// the commands accept, not to file names.
func TestCompleteValues(t *testing.T) {
	tests := []struct {
		args []string
		want []string // each must be offered
		not  []string // none may be offered
	}{
		{[]string{"check", "--format", ""}, []string{"text", "json", "sarif", "github", "junit", "checkstyle"}, []string{"html"}},
		{[]string{"report", "--format", ""}, []string{"text", "json", "html"}, []string{"sarif"}},
		{[]string{"generate", "--format", ""}, []string{"sysctl", "ansible"}, []string{"text"}},
		{[]string{"rules", "--format", ""}, []string{"text", "json"}, nil},
		{[]string{"check", "--profile", ""}, []string{"generic", "web-server", "http-client"}, nil},
		{[]string{"check", "--loader", ""}, []string{"systemd", "procps", "auto"}, nil},
		{[]string{"check", "--fail-on", ""}, []string{"error", "warning", "info", "none"}, nil},
		{[]string{"check", "--color", ""}, []string{"auto", "always", "never"}, nil},
		{[]string{"check", "--kernel", ""}, []string{"rhel-9", "debian-12", "ubuntu-22.04"}, nil},
		{[]string{"explain", "TW10"}, []string{"TW101"}, []string{"net.core.somaxconn"}},
		{[]string{"explain", "tcp-tw"}, []string{"tcp-tw-recycle-removed"}, nil},
		{[]string{"explain", "net.ipv4.tcp_tw"}, []string{"net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_tw_recycle"}, []string{"TW101", "net.core.somaxconn"}},
		{[]string{"explain", "net."}, []string{"net.ipv4.", "net.core."}, []string{"net.core.somaxconn"}},
		{[]string{"explain", "net.ipv4.conf.all.rp"}, []string{"net.ipv4.conf.all.rp_filter"}, nil},
	}
	for _, tc := range tests {
		got := completions(t, tc.args...)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%v: %q not offered; got %q", tc.args, w, got)
			}
		}
		for _, w := range tc.not {
			if slices.Contains(got, w) {
				t.Errorf("%v: %q offered", tc.args, w)
			}
		}
	}
}

// TestCompleteInBash loads the generated script into a real bash with the
// bash-completion package, as a user's shell does, and completes a --format
// value and a key.
func TestCompleteInBash(t *testing.T) {
	const bc = "/usr/share/bash-completion/bash_completion"
	needTool(t, "bash")
	if _, err := os.Stat(bc); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: needs the bash-completion package: %v", err)
		}
		t.Skipf("needs the bash-completion package (apt-get install -y bash-completion): %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "twadvise")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	script := `source ` + bc + `
source <(twadvise completion bash)
complete_line() { COMP_LINE="$*"; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMP_POINT=${#COMP_LINE}; COMPREPLY=(); __start_twadvise; printf '%s\n' "${COMPREPLY[@]}"; echo ---; }
complete_line twadvise report --format ""
complete_line twadvise explain net.ipv4.tcp_tw_reu
`
	cmd := exec.Command("bash", "--norc", "--noprofile", "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	parts := strings.Split(string(out), "---\n")
	if len(parts) < 2 {
		t.Fatalf("unexpected output:\n%s", out)
	}
	for _, w := range []string{"text", "json", "html"} {
		if !strings.Contains(parts[0], w) {
			t.Errorf("report --format <TAB> lacks %s:\n%s", w, parts[0])
		}
	}
	if !strings.Contains(parts[1], "net.ipv4.tcp_tw_reuse") || strings.Contains(parts[1], "recycle") {
		t.Errorf("explain net.ipv4.tcp_tw_reu<TAB>:\n%s", parts[1])
	}
}

// TestExplainShortKeys: a key is found by its last components, an
// ambiguous one lists what it could mean, and no argument shows the usage.
func TestExplainShortKeys(t *testing.T) {
	tests := []struct {
		args               []string
		code               int
		stdout, stderrWant string
	}{
		{[]string{"explain", "tcp_tw_reuse"}, exitOK, "net.ipv4.tcp_tw_reuse\n", "tcp_tw_reuse is taken as net.ipv4.tcp_tw_reuse"},
		{[]string{"explain", "ipv4.tcp_tw_reuse"}, exitOK, "net.ipv4.tcp_tw_reuse\n", ""},
		{[]string{"explain", "--format", "json", "somaxconn"}, exitOK, `"key": "net.core.somaxconn"`, ""},
		{[]string{"explain", "forwarding"}, exitFailed, "", `"forwarding" could mean 3 keys: net.decnet.conf.<name>.forwarding, net.ipv4.conf.<iface>.forwarding, net.ipv6.conf.<iface>.forwarding`},
		{[]string{"explain", "no_such_key_anywhere"}, exitFailed, "", `unknown key "no_such_key_anywhere"`},
		{[]string{"explain"}, exitFailed, "", "Usage:\n  twadvise explain RULE|KEY"},
		{[]string{"explain", "a", "b"}, exitFailed, "", "explain takes one RULE or KEY, got 2 arguments"},
	}
	for _, tc := range tests {
		code, out, errOut := runIn(t, "", tc.args...)
		if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errOut, tc.stderrWant) {
			t.Errorf("%v: exit %d (want %d)\nstdout: %s\nstderr: %s", tc.args, code, tc.code, cut(out), errOut)
		}
	}
}
