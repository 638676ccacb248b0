package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"github.com/twadvise/twadvise/rules"
)

// Schema is the version of the check JSON document this package writes.
const Schema = 1

// Report is the `check --format json` document (DESIGN.md, "JSON";
// docs/schema/check.schema.json). The same type writes it and reads it
// back (fleet report, tests), so the two cannot drift.
type Report struct {
	Schema   int         `json:"schema"`
	Tool     Tool        `json:"tool"`
	Host     string      `json:"host"`
	Mode     string      `json:"mode"`
	Kernel   KernelInfo  `json:"kernel"`
	Loader   string      `json:"loader"`
	Profile  string      `json:"profile"`
	Findings []Finding   `json:"findings"`
	Skipped  []string    `json:"skipped_rules"`
	Errors   []FileError `json:"errors"`
}

// Tool is the "tool" object of every JSON output.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// KernelInfo says which kernel the check judged against and where that
// came from.
type KernelInfo struct {
	Release *string `json:"release"`
	Source  string  `json:"source"`
	// Releases lists every target kernel when there are several; Release
	// is then the first.
	Releases []string `json:"releases,omitempty"`
}

// Finding is one finding of the document.
type Finding struct {
	Rule        string   `json:"rule"`
	Name        string   `json:"name"`
	Severity    string   `json:"severity"`
	Key         string   `json:"key"`
	Value       string   `json:"value"`
	Suggestion  *string  `json:"suggestion"`
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Message     string   `json:"message"`
	Remediation string   `json:"remediation"`
	References  []string `json:"references"`
	Kernel      []string `json:"kernel"`
	Fingerprint string   `json:"fingerprint"`
}

// NewFinding is the document form of a finding.
func NewFinding(f rules.Finding) Finding {
	return Finding{
		Rule: f.RuleID, Name: f.RuleName, Severity: f.Severity.String(), Key: f.Key, Value: f.Value,
		Suggestion: f.Suggestion, File: f.File, Line: f.Line, Message: f.Message, Remediation: f.Remediation,
		References: nonNil(f.References), Kernel: nonNil(f.Kernels), Fingerprint: f.Fingerprint(),
	}
}

// Report is the JSON document of the result, for host and tool.
func (r *Result) Report(host string, tool Tool) Report {
	doc := Report{
		Schema: Schema, Tool: tool, Host: host, Mode: r.Mode,
		Kernel: KernelInfo{Source: r.KernelSource, Releases: r.Kernels},
		Loader: string(r.Loader), Profile: r.Profile,
		Findings: []Finding{}, Skipped: nonNil(r.Skipped), Errors: r.Errors,
	}
	if doc.Errors == nil {
		doc.Errors = []FileError{}
	}
	if r.Kernel != "" {
		rel := r.Kernel
		doc.Kernel.Release = &rel
	}
	for _, f := range r.Findings {
		doc.Findings = append(doc.Findings, NewFinding(f))
	}
	return doc
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

var (
	ruleIDPattern      = regexp.MustCompile(`^TW[0-9]{3}$`)
	fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)
)

// ParseReport decodes a check document and checks what readers rely on:
// a supported schema, a host, a findings array of well-formed findings. On
// a JSON syntax error the line is where the decoder stopped (0 otherwise).
func ParseReport(data []byte) (*Report, int, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, 0, errors.New("empty file, not a check report (did twadvise check fail on that host?)")
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			msg := "invalid JSON: " + err.Error()
			if se.Offset >= int64(len(data)) {
				msg += " (truncated?)"
			}
			return nil, lineAt(data, se.Offset), errors.New(msg)
		}
		return nil, 0, errors.New("not a check report: the document is not a JSON object")
	}
	var schema int
	if raw, ok := top["schema"]; !ok || json.Unmarshal(raw, &schema) != nil {
		return nil, 0, errors.New(`not a check report: no integer "schema" field`)
	}
	if schema != 1 {
		return nil, 0, fmt.Errorf("schema %d is not supported: this twadvise reads check reports of schema 1", schema)
	}
	for _, f := range []string{"tool", "host", "kernel", "findings", "errors"} {
		if _, ok := top[f]; !ok {
			return nil, 0, fmt.Errorf("not a check report: no %q field%s", f, otherCommand(top))
		}
	}
	var tool struct{ Name string }
	if err := json.Unmarshal(top["tool"], &tool); err != nil || tool.Name != "twadvise" {
		return nil, 0, errors.New(`not a check report: "tool" is not {"name": "twadvise", ...}`)
	}
	doc := &Report{}
	if err := json.Unmarshal(data, doc); err != nil {
		return nil, 0, fmt.Errorf("not a check report: %v", err)
	}
	if doc.Host == "" {
		return nil, 0, errors.New(`not a check report: "host" is empty`)
	}
	if top["findings"] == nil || string(top["findings"]) == "null" {
		return nil, 0, errors.New(`not a check report: "findings" is null, want an array`)
	}
	for i, f := range doc.Findings {
		if err := validFinding(f); err != nil {
			return nil, 0, fmt.Errorf("finding %d: %v", i+1, err)
		}
	}
	return doc, 0, nil
}

// otherCommand names the twadvise command a non-check document looks like
// it came from, so the message says what went wrong in the playbook.
func otherCommand(top map[string]json.RawMessage) string {
	for _, fc := range [][2]string{{"settings", "effective"}, {"states", "sockets"}, {"rules", "rules"}, {"hosts", "report"}} {
		if _, ok := top[fc[0]]; ok {
			return fmt.Sprintf(" (it looks like the output of twadvise %s)", fc[1])
		}
	}
	return ""
}

func validFinding(f Finding) error {
	if !ruleIDPattern.MatchString(f.Rule) {
		return fmt.Errorf("rule %q is not a rule ID (TW and three digits)", f.Rule)
	}
	if _, err := rules.ParseSeverity(f.Severity, false); err != nil {
		return err
	}
	if !fingerprintPattern.MatchString(f.Fingerprint) {
		return fmt.Errorf("fingerprint %q is not 16 hex digits", f.Fingerprint)
	}
	return nil
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}
