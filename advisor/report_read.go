package advisor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// MaxReportSize bounds one check report. A real report is kilobytes; the
// limit only stops a runaway or hostile file from exhausting memory.
const MaxReportSize = 64 << 20

// ReportError is a problem with one input of the fleet report: the file,
// the line when known (0 otherwise) and what is wrong.
type ReportError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// CheckDoc is the part of one `twadvise check --format json` document that
// the fleet report reads. File is where it was read from.
type CheckDoc struct {
	File     string         `json:"-"`
	Schema   int            `json:"schema"`
	Host     string         `json:"host"`
	Mode     string         `json:"mode"`
	Kernel   checkKernel    `json:"kernel"`
	Loader   string         `json:"loader"`
	Profile  string         `json:"profile"`
	Findings []CheckFinding `json:"findings"`
	Errors   []ReportError  `json:"errors"`
}

type checkKernel struct {
	Release *string `json:"release"`
	Source  string  `json:"source"`
}

// CheckFinding is one finding of a check document.
type CheckFinding struct {
	Rule        string   `json:"rule"`
	Name        string   `json:"name"`
	Severity    string   `json:"severity"`
	Key         string   `json:"key"`
	Value       string   `json:"value"`
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Message     string   `json:"message"`
	Kernel      []string `json:"kernel"`
	Fingerprint string   `json:"fingerprint"`
}

// ReportFiles lists the *.json files to read for each path: a directory
// contributes its *.json files and those one level below (Ansible's fetch
// without flat=yes makes DIR/<host>/...), a file is taken as given. Entries
// that are not regular files are kept, so reading them yields a clear error.
func ReportFiles(paths []string) ([]string, []ReportError) {
	var files []string
	var errs []ReportError
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, ReportError{File: p, Message: errText(err)})
			continue
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		found, err := jsonIn(p, 1)
		if err != nil {
			errs = append(errs, ReportError{File: p, Message: errText(err)})
		}
		if len(found) == 0 && err == nil {
			errs = append(errs, ReportError{File: p, Message: "no *.json check reports in this directory or its subdirectories"})
		}
		files = append(files, found...)
	}
	return files, errs
}

// jsonIn lists dir's *.json entries and, depth levels down, its
// subdirectories' ones, sorted by path.
func jsonIn(dir string, depth int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			if fi, err := os.Stat(p); err == nil {
				isDir = fi.IsDir()
			}
		}
		switch {
		case isDir && depth > 0:
			sub, err := jsonIn(p, depth-1)
			if err != nil {
				return out, err
			}
			out = append(out, sub...)
		case !isDir && strings.HasSuffix(e.Name(), ".json"):
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out, nil
}

// ReadCheckDoc reads and validates one check document.
func ReadCheckDoc(path string) (*CheckDoc, *ReportError) {
	data, err := kernel.ReadRegularFile(path, MaxReportSize)
	if err != nil {
		msg := errText(err)
		if errors.Is(err, kernel.ErrTooLarge) {
			msg += " (a check report is a few kilobytes; is this the right file?)"
		}
		return nil, &ReportError{File: path, Message: msg}
	}
	doc, line, err := ParseCheckDoc(data)
	if err != nil {
		return nil, &ReportError{File: path, Line: line, Message: err.Error()}
	}
	doc.File = path
	return doc, nil
}

var (
	ruleIDPattern      = regexp.MustCompile(`^TW[0-9]{3}$`)
	fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)
)

// ParseCheckDoc decodes a check document and checks what the fleet report
// relies on: schema 1, a host, a findings array of well-formed findings. On
// a JSON syntax error the line is where the decoder stopped (0 otherwise).
func ParseCheckDoc(data []byte) (*CheckDoc, int, error) {
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
	doc := &CheckDoc{}
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

func validFinding(f CheckFinding) error {
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

// errText is an error without the path os errors repeat (the caller names
// the file).
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// LoadFleet reads every check report under paths and summarises them.
// Whatever could be read is summarised; every file that could not is an
// error naming it, so the caller prints both and exits 2.
func LoadFleet(paths []string) (*Fleet, []ReportError) {
	files, errs := ReportFiles(paths)
	var docs []*CheckDoc
	for _, p := range files {
		d, e := ReadCheckDoc(p)
		if e != nil {
			errs = append(errs, *e)
			continue
		}
		docs = append(docs, d)
	}
	f, dupErrs := Summarise(docs)
	return f, append(errs, dupErrs...)
}
