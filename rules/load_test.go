package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadUser loads one user file holding src and returns the diagnostics as
// "line:col summary" strings.
func loadUser(t *testing.T, src string) (*Set, []string) {
	t.Helper()
	name := filepath.Join(t.TempDir(), "user.hcl")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	set, diags := Load(nil, []string{name})
	var got []string
	for _, d := range diags {
		if d.Subject == nil {
			t.Errorf("diagnostic without a position: %s", d.Summary)
			continue
		}
		if d.Subject.Filename != name {
			t.Errorf("diagnostic names %s, not the user file", d.Subject.Filename)
		}
		got = append(got, fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Summary))
	}
	return set, got
}

// rule writes a user rule with the given attribute lines added to (or
// replacing) a valid setting rule.
func rule(id string, attrs ...string) string {
	base := map[string]string{
		"name": `"` + strings.ToLower(id) + `-x"`, "title": `"t"`, "key": `"net.core.somaxconn"`,
		"severity": `"warning"`, "message": `"m"`, "remediation": `"r."`, "references": `["listen(2)"]`,
	}
	order := []string{"name", "title", "key", "severity", "message", "remediation", "references"}
	var extra []string
	for _, a := range attrs {
		k, v, _ := strings.Cut(a, "=")
		k = strings.TrimSpace(k)
		if _, ok := base[k]; ok {
			base[k] = strings.TrimSpace(v)
			continue
		}
		extra = append(extra, a)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rule %q {\n", id)
	for _, k := range order {
		if base[k] != "-" {
			fmt.Fprintf(&b, "  %s = %s\n", k, base[k])
		}
	}
	for _, a := range extra {
		fmt.Fprintf(&b, "  %s\n", a)
	}
	b.WriteString("}\n")
	return b.String()
}

func TestLoadValidatesAtLoad(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "line:col summary"
	}{
		{"valid", rule("TW901", "when = num != null && num < 1024"), nil},
		// rule(): line 1 is the label, name..references are lines 2-8, extras follow.
		{"variable typo at its position", rule("TW901", "when = vlaue == 1"), []string{"9:10 Unknown variable \"vlaue\""}},
		{"diagnostic rule has no value", rule("TW901", `key = -`, `diagnostic = "bom"`, "when = value != \"\""), []string{"9:10 Unknown variable \"value\""}},
		{"census rule has no num", rule("TW901", `subject = "census"`, "when = num > 1"), []string{"10:10 Unknown variable \"num\""}},
		{"setting rule has no detail", rule("TW901", "message = detail"), []string{"6:13 Unknown variable \"detail\""}},
		{"unknown function", rule("TW901", "when = lenght(nums) > 1"), []string{"9:10 Unknown function \"lenght\""}},
		{"earlier is gone", rule("TW901", `when = lookup(earlier, "a", "b") == "b"`), []string{"9:17 Unknown variable \"earlier\""}},
		{"kernel constraint at its line", rule("TW901", `kernel = "4.12"`), []string{"9:12 Invalid kernel constraint"}},
		{"kernel constraint not a string", rule("TW901", `kernel = num`), []string{"9:12 Invalid kernel constraint"}},
		{"severity not a choice of literals", rule("TW901", `severity = value`), []string{"5:14 Invalid severity"}},
		{"unknown severity literal", rule("TW901", `severity = num > 1 ? "fatal" : "info"`), []string{"5:14 Invalid severity"}},
		{"bad fix", rule("TW901", `fix_kind = "delete"`), []string{"1:1 Invalid fix_kind"}},
		{"fix set without suggest", rule("TW901", `fix_kind = "set"`), []string{"1:1 Invalid fix_kind"}},
		{"supersedes unknown rule", rule("TW901", `supersedes = ["TW999"]`), []string{"1:1 Unknown rule in supersedes"}},
		{"bad since", rule("TW901", `since = "v1"`), []string{"1:1 Invalid since"}},
		{"every problem of a file in one pass",
			rule("TW9", "when = vlaue == 1", `kernel = ">= x"`) + rule("TW902", `scope = "all"`, `mode = "live"`),
			[]string{"1:1 Invalid rule ID", "9:10 Unknown variable \"vlaue\"", "10:12 Invalid kernel constraint", "12:1 Invalid scope", "12:1 Invalid mode"}},
		{"profile: exactly with at_least", `profile "p" {
  description = "d"
  closes = "client"
  recommend "net.core.somaxconn" {
    exactly = 4096
    at_least = 1024
    reason = "r"
  }
}
`, []string{"4:3 Conflicting recommendation"}},
		{"profile: malformed kernel", `profile "p" {
  description = "d"
  closes = "client"
  recommend "net.core.somaxconn" {
    at_least = 4096
    kernel = "4.0"
    reason = "r"
  }
}
`, []string{"4:3 Invalid kernel constraint"}},
		{"profile: nothing recommended", `profile "p" {
  description = "d"
  closes = "client"
  recommend "net.core.somaxconn" {
    reason = "r"
  }
}
`, []string{"4:3 Empty recommendation"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, got := loadUser(t, tc.src)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("diagnostics:\n  %s\nwant:\n  %s\nsource:\n%s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "), tc.src)
			}
		})
	}
}

func TestLoadUserRuleFields(t *testing.T) {
	set, diags := loadUser(t, rule("TW901", `severity = optional ? "info" : "warning"`, `suggest = "4096"`, `supersedes = ["somaxconn-not-raised"]`, `since = "0.2.0"`))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	r := set.Rule("TW901")
	if r.Kind != KindSetting || r.FixKind != FixSet || r.Since != "0.2.0" {
		t.Errorf("kind %v, fix %v, since %q", r.Kind, r.FixKind, r.Since)
	}
	if fmt.Sprint(r.Severities) != "[info warning]" {
		t.Errorf("severities = %v, want [info warning]", r.Severities)
	}
	if fmt.Sprint(r.Supersedes) != "[TW413]" {
		t.Errorf("supersedes = %v, want the name resolved to [TW413]", r.Supersedes)
	}
	if r.SeveritySource() != `optional ? "info" : "warning"` {
		t.Errorf("severity source = %q", r.SeveritySource())
	}
}

func TestLoadKinds(t *testing.T) {
	set := builtinSet(t)
	for id, want := range map[string]Kind{"TW001": KindDiagnostic, "TW101": KindSetting, "TW611": KindCensus} {
		if got := set.Rule(id).Kind; got != want {
			t.Errorf("%s kind = %v, want %v", id, got, want)
		}
	}
	if set.Rule("TW011").Scope != ScopeEffective && set.Rule("TW101").Scope != ScopeEvery {
		t.Error("scopes not typed as written")
	}
	for _, id := range []string{"TW101", "TW102", "TW103", "TW104", "TW602"} {
		if set.Rule(id).FixKind != FixRemove {
			t.Errorf("%s: fix_kind = %v, want remove (the key does not exist there)", id, set.Rule(id).FixKind)
		}
	}
}
