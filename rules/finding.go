package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/twadvise/twadvise/kernel"
)

// Severity orders findings; higher is worse.
type Severity int

const (
	SeverityNone Severity = iota // only for --fail-on none
	Info
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "none"
}

// ParseSeverity parses "error", "warning", "info" (and "none" when allowNone).
func ParseSeverity(s string, allowNone bool) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	case "none":
		if allowNone {
			return SeverityNone, nil
		}
	}
	return SeverityNone, fmt.Errorf("unknown severity %q: want error, warning or info", s)
}

// LiveFile is the File of a finding about a running value.
const LiveFile = "live"

// A Finding is one problem one rule found with one setting.
type Finding struct {
	RuleID     string
	RuleName   string
	Severity   Severity
	Key        string
	Value      string
	Suggestion *string // suggested value; nil when the rule only warns
	File       string  // path, or LiveFile
	// PathInRoot is the path inside --root in system mode (File is then
	// what a user at the current directory opens); "" otherwise.
	PathInRoot  string
	Line        int // 0 when none
	Message     string
	Remediation string
	References  []string
	Kernels     []string // the kernel releases it holds for
	// OverriddenBy is the later assignment of the same key that wins over
	// this one; nil when this one is in effect (or the rule is about the
	// merged result).
	OverriddenBy *Position
	// FixKind is what the finding asks of its line: set the suggestion,
	// remove the line, or nothing.
	FixKind FixKind

	ignore    *kernel.IgnoreDirective // the directive above the setting, if any
	onceGroup *string                 // the group of a rule with "once" (see firstOfGroups)
}

// Position is a file and line.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// Fingerprint identifies a finding across unrelated edits: rule, key, file
// and value, not the line.
//
// Findings without a key (syntax problems, ignore directives) are told
// apart by their message, which quotes the offending line, not its number.
func (f Finding) Fingerprint() string {
	value := f.Value
	if f.Key == "" {
		value = f.Message
	}
	file := f.File
	switch {
	case f.PathInRoot != "":
		file = f.PathInRoot // system mode: the same on every machine, whatever --root
	case file != LiveFile && file != "-" && file != "":
		file = filepath.Clean(file) // PATH mode: "./a.conf" and "a.conf" are one file
	}
	h := sha256.Sum256([]byte(strings.Join([]string{f.RuleID, f.Key, file, value}, "\x00")))
	return hex.EncodeToString(h[:8])
}

// SortFindings orders findings by file, line, rule and key.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Key < b.Key
	})
}
