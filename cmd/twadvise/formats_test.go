package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestFormatsEveryCommand: every command either writes --format json as one
// JSON document or refuses it, and an unknown --format is worded the same
// way by every command, before anything runs.
func TestFormatsEveryCommand(t *testing.T) {
	conf := writeTree(t, map[string]string{"a.conf": "net.core.somaxconn = 8192\n"}) + "/a.conf"
	fleet := t.TempDir()
	writeCheckJSON(t, fleet, "h.json", "--host", "h", "--kernel", "6.1", conf)
	args := map[string][]string{
		"check": {conf}, "report": {fleet}, "explain": {"TW101"}, "man": {t.TempDir()},
		"completion": {"bash"}, "effective": {"--root", webRoot}, "advise": {"--root", webRoot},
		"generate": {"--kernel", "6.1"}, "sockets": {"--root", webRoot, "--source", "proc"},
		"rules": nil, "profiles": nil, "version": nil, "help": nil,
	}
	root := newRootCmd(nil, nil, nil)
	for _, c := range root.Commands() {
		if c.Hidden && c.Name() != "man" || c.Name() == "__complete" || c.Name() == "__completeNoDesc" {
			continue
		}
		a, ok := args[c.Name()]
		if !ok {
			t.Errorf("command %s: add it to this test", c.Name())
			continue
		}
		code, _, errOut := runIn(t, "", append([]string{c.Name(), "--format", "bogus"}, a...)...)
		if code != exitFailed || !strings.HasPrefix(errOut, `twadvise: unknown --format "bogus": want `) {
			t.Errorf("%s --format bogus: exit %d, stderr %q", c.Name(), code, errOut)
		}
		code, out, errOut := runIn(t, "", append([]string{c.Name(), "--format", "json"}, a...)...)
		if strings.HasPrefix(errOut, `twadvise: unknown --format "json"`) && code != exitFailed {
			t.Errorf("%s refuses json but exits %d", c.Name(), code)
		}
		// Honoured or refused, stdout is one JSON document (a refusal is
		// one with its "errors").
		var v map[string]any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("%s --format json (exit %d) is not one JSON document: %v\n%s\n%s", c.Name(), code, err, cut(out), errOut)
		}
	}
	if code, out, _ := runIn(t, "", "version", "--format", "json"); code != exitOK || !strings.Contains(out, `"version": "`+version()+`"`) {
		t.Errorf("version --format json: exit %d\n%s", code, out)
	}
}

// TestColorFlag: --color=always colours even into a pipe, never and
// --no-color do not, FORCE_COLOR forces auto on and NO_COLOR wins over it.
func TestColorFlag(t *testing.T) {
	conf := writeTree(t, map[string]string{"a.conf": "net.ipv4.tcp_tw_recycle = 1\n"}) + "/a.conf"
	tests := []struct {
		env   map[string]string
		flags []string
		color bool
	}{
		{nil, nil, false},
		{nil, []string{"--color=always"}, true},
		{nil, []string{"--color", "never"}, false},
		{map[string]string{"FORCE_COLOR": "1"}, nil, true},
		{map[string]string{"FORCE_COLOR": "1"}, []string{"--no-color"}, false},
		{map[string]string{"FORCE_COLOR": "1"}, []string{"--color=never"}, false},
		{map[string]string{"FORCE_COLOR": "1", "NO_COLOR": "1"}, nil, false},
		{map[string]string{"NO_COLOR": "1"}, []string{"--color=always"}, true},
	}
	for _, tc := range tests {
		t.Setenv("NO_COLOR", "")
		t.Setenv("FORCE_COLOR", "")
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		_, out, _ := runIn(t, "", append(append([]string{"check", "--kernel", "6.1"}, tc.flags...), conf)...)
		if got := strings.Contains(out, "\x1b["); got != tc.color {
			t.Errorf("env %v flags %v: colour %v, want %v:\n%q", tc.env, tc.flags, got, tc.color, out)
		}
	}
	if code, _, errOut := runIn(t, "", "check", "--color=sometimes", conf); code != exitFailed || !strings.Contains(errOut, `unknown --color "sometimes": want auto, always or never`) {
		t.Errorf("--color=sometimes: exit %d, %s", code, errOut)
	}
}
