package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/twadvise/twadvise/internal/jsonw"
	"github.com/twadvise/twadvise/rules"
)

// Schema is the version of the check JSON document this package writes;
// ParseReport also reads documents of schema 1.
const Schema = 2

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
	Profiles []string    `json:"profiles"`
	Config   *string     `json:"config"`
	Findings []Finding   `json:"findings"`
	Errors   []FileError `json:"errors"`
}

// Tool is the "tool" object of every JSON output.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// KernelInfo says which kernels the check judged against and where they
// came from.
type KernelInfo struct {
	Source  string   `json:"source"`  // flag, config, live or all
	Targets []string `json:"targets"` // as given; with source all, every release checked
	Distro  string   `json:"distro,omitempty"`
}

// First is the first target release, or "" when there is none.
func (k KernelInfo) First() string {
	if len(k.Targets) == 0 {
		return ""
	}
	return k.Targets[0]
}

// Finding is one finding of the document.
type Finding struct {
	Rule         string          `json:"rule"`
	Name         string          `json:"name"`
	Severity     string          `json:"severity"`
	Key          string          `json:"key"`
	Value        string          `json:"value"`
	Suggestion   *string         `json:"suggestion"`
	File         string          `json:"file"`
	PathInRoot   string          `json:"path_in_root,omitempty"`
	Line         int             `json:"line"`
	OverriddenBy *rules.Position `json:"overridden_by"`
	Message      string          `json:"message"`
	Remediation  string          `json:"remediation"`
	References   []string        `json:"references"`
	Kernels      []Range         `json:"kernels"`
	Fingerprint  string          `json:"fingerprint"`
}

// WriteJSON writes f as encoding/json writes it inside an indented
// document (the same bytes), without reflection: a check with 200,000
// findings spent a sixth of its time encoding them.
func (f *Finding) WriteJSON(j *jsonw.Writer) {
	j.Open('{')
	j.StringMember("rule", f.Rule)
	j.StringMember("name", f.Name)
	j.StringMember("severity", f.Severity)
	j.StringMember("key", f.Key)
	j.StringMember("value", f.Value)
	j.Key("suggestion")
	j.StringOrNull(f.Suggestion)
	j.StringMember("file", f.File)
	if f.PathInRoot != "" {
		j.StringMember("path_in_root", f.PathInRoot)
	}
	j.IntMember("line", f.Line)
	j.Key("overridden_by")
	if o := f.OverriddenBy; o != nil {
		j.Open('{')
		j.StringMember("file", o.File)
		j.IntMember("line", o.Line)
		j.Close('}')
	} else {
		j.Null()
	}
	j.StringMember("message", f.Message)
	j.StringMember("remediation", f.Remediation)
	j.Key("references")
	if f.References == nil {
		j.Null()
	} else {
		j.Strings(f.References)
	}
	j.Key("kernels")
	if f.Kernels == nil {
		j.Null()
	} else {
		j.Open('[')
		for _, k := range f.Kernels {
			j.Next()
			j.Open('{')
			j.StringMember("from", k.From)
			j.Key("to")
			j.StringOrNull(k.To)
			j.Close('}')
		}
		j.Close(']')
	}
	j.StringMember("fingerprint", f.Fingerprint)
	j.Close('}')
}

// Range is a run of target releases a finding holds for; To is nil when
// the run reaches the newest release of an every-release check.
type Range struct {
	From string  `json:"from"`
	To   *string `json:"to"`
}

// Text writes the range with open the suffix of an open range and sep
// between its ends: Text("+", "-") gives "4.12+" or "3.10-4.11".
func (rg Range) Text(open, sep string) string {
	switch {
	case rg.To == nil:
		return rg.From + open
	case *rg.To == rg.From:
		return rg.From
	}
	return rg.From + sep + *rg.To
}

// Report is the JSON document of the result, for host and tool.
func (r *Result) Report(host string, tool Tool) Report {
	doc := r.ReportHead(host, tool)
	for _, f := range r.Findings {
		doc.Findings = append(doc.Findings, r.finding(f))
	}
	return doc
}

// ReportHead is Report without its findings (an empty list), for writers
// that encode the findings one at a time (ReportFinding).
func (r *Result) ReportHead(host string, tool Tool) Report {
	doc := Report{
		Schema: Schema, Tool: tool, Host: host, Mode: r.Mode,
		Kernel: KernelInfo{Source: r.KernelSource, Targets: []string{}},
		Loader: string(r.Loader), Profiles: nonNil(r.Profiles),
		Findings: []Finding{}, Errors: r.Errors,
	}
	if r.Config != "" {
		c := r.Config
		doc.Config = &c
	}
	if doc.Errors == nil {
		doc.Errors = []FileError{}
	}
	for _, t := range r.Targets {
		doc.Kernel.Targets = append(doc.Kernel.Targets, t.Release.Raw)
	}
	if len(r.Targets) > 0 && r.Targets[0].Distro != nil {
		doc.Kernel.Distro = r.Targets[0].Distro.Name
	}
	return doc
}

// ReportFinding is the i-th finding of Report.
func (r *Result) ReportFinding(i int) Finding { return r.finding(r.Findings[i]) }

func (r *Result) finding(f rules.Finding) Finding {
	return Finding{
		Rule: f.RuleID, Name: f.RuleName, Severity: f.Severity.String(), Key: f.Key, Value: f.Value,
		Suggestion: f.Suggestion, File: f.File, PathInRoot: f.PathInRoot, Line: f.Line, OverriddenBy: f.OverriddenBy,
		Message: f.Message, Remediation: f.Remediation, References: nonNil(f.References),
		Kernels: r.Ranges(f), Fingerprint: f.Fingerprint(),
	}
}

// Ranges are the runs of consecutive targets (oldest first) that f holds
// for. With every release checked, a run that reaches the newest is open.
func (r *Result) Ranges(f rules.Finding) []Range {
	out := []Range{}
	holds := map[string]bool{}
	for _, k := range f.Kernels {
		holds[k] = true
	}
	var cur *Range
	for i, t := range r.Targets {
		if !holds[t.Release.Raw] {
			cur = nil
			continue
		}
		name := t.Release.Raw
		if cur == nil {
			out = append(out, Range{From: name})
			cur = &out[len(out)-1]
		}
		cur.To = &name
		if i == len(r.Targets)-1 && r.KernelSource == SourceAll {
			cur.To = nil
		}
	}
	return out
}

// HoldsEverywhere reports whether f holds for every target (or no kernel
// was involved), so that text output need not name releases.
func (r *Result) HoldsEverywhere(f rules.Finding) bool {
	return len(f.Kernels) == 0 || len(f.Kernels) == len(r.Targets)
}

// RangesText says for which releases f holds, e.g. "on Linux 4.12 and
// later", "on Linux 3.10 to 4.11", "on 5.15, rhel9"; "" when it holds for
// every target.
func (r *Result) RangesText(f rules.Finding) string {
	if r.HoldsEverywhere(f) {
		return ""
	}
	var parts []string
	for _, rg := range r.Ranges(f) {
		parts = append(parts, rg.Text(" and later", " to "))
	}
	prefix := "on "
	if r.KernelSource == SourceAll {
		prefix = "on Linux "
	}
	return prefix + strings.Join(parts, ", ")
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

var (
	ruleIDPattern      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^TW[0-9]{3}$`) })
	fingerprintPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-f]{16}$`) })
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
	if schema != 1 && schema != 2 {
		return nil, 0, fmt.Errorf("schema %d is not supported: this twadvise reads check reports of schema 1 and 2", schema)
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
	if schema == 1 {
		var err error
		if doc, err = fromSchema1(data); err != nil {
			return nil, 0, fmt.Errorf("not a check report: %v", err)
		}
	} else if err := json.Unmarshal(data, doc); err != nil {
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
	if !ruleIDPattern().MatchString(f.Rule) {
		return fmt.Errorf("rule %q is not a rule ID (TW and three digits)", f.Rule)
	}
	if _, err := rules.ParseSeverity(f.Severity, false); err != nil {
		return err
	}
	if !fingerprintPattern().MatchString(f.Fingerprint) {
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

// fromSchema1 reads a document of schema 1 (twadvise before the every-line,
// every-kernel check) into the current shape.
func fromSchema1(data []byte) (*Report, error) {
	var v1 struct {
		Report
		Kernel struct {
			Release  *string  `json:"release"`
			Source   string   `json:"source"`
			Releases []string `json:"releases"`
		} `json:"kernel"`
		Profile  string `json:"profile"`
		Findings []struct {
			Finding
			Kernel []string `json:"kernel"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &v1); err != nil {
		return nil, err
	}
	doc := v1.Report
	doc.Kernel = KernelInfo{Source: v1.Kernel.Source, Targets: v1.Kernel.Releases}
	if len(doc.Kernel.Targets) == 0 && v1.Kernel.Release != nil {
		doc.Kernel.Targets = []string{*v1.Kernel.Release}
	}
	if v1.Profile != "" {
		doc.Profiles = []string{v1.Profile}
	}
	doc.Findings = nil
	for _, f := range v1.Findings {
		g := f.Finding
		for _, k := range f.Kernel {
			k := k
			g.Kernels = append(g.Kernels, Range{From: k, To: &k})
		}
		doc.Findings = append(doc.Findings, g)
	}
	return &doc, nil
}
