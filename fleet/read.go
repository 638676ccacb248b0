package fleet

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// MaxReportSize bounds one check report. A real report is kilobytes; the
// limit only stops a runaway or hostile file from exhausting memory.
const MaxReportSize = 64 << 20

// ReportError is a problem with one input of the fleet report: the file,
// the line when known (0 otherwise) and what is wrong. It is the "errors"
// entry of every JSON output.
type ReportError = check.FileError

// Doc is one host's check document and the file it was read from.
type Doc struct {
	File    string
	ModTime time.Time // of File; the newest report of a host wins
	check.Report
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

// ReadDoc reads and validates one check document.
func ReadDoc(path string) (*Doc, *ReportError) {
	data, err := kernel.ReadRegularFile(path, MaxReportSize)
	if err != nil {
		msg := errText(err)
		if errors.Is(err, kernel.ErrTooLarge) {
			msg += " (a check report is a few kilobytes; is this the right file?)"
		}
		return nil, &ReportError{File: path, Message: msg}
	}
	doc, line, err := ParseDoc(data)
	if err != nil {
		return nil, &ReportError{File: path, Line: line, Message: err.Error()}
	}
	doc.File = path
	if fi, err := os.Stat(path); err == nil {
		doc.ModTime = fi.ModTime()
	}
	return doc, nil
}

// ParseDoc decodes and validates one check document. A current (schema 2)
// well-formed document is decoded once; anything else goes through
// check.ParseReport, which converts schema 1 and words what is wrong.
func ParseDoc(data []byte) (*Doc, int, error) {
	if d := parseCurrent(data); d != nil {
		return d, 0, nil
	}
	r, line, err := check.ParseReport(data)
	if err != nil {
		return nil, line, err
	}
	return &Doc{Report: *r}, 0, nil
}

// parseCurrent decodes a schema 2 document in one pass and returns it
// when it has everything check.ParseReport requires, or nil (the caller
// then takes the slow path, for the same verdict and message). Findings
// keep what the fleet view shows: their references are dropped.
func parseCurrent(data []byte) *Doc {
	d := &Doc{}
	if json.Unmarshal(data, &d.Report) != nil {
		return nil
	}
	r := &d.Report
	if r.Schema != check.Schema || r.Tool.Name != "twadvise" || r.Host == "" || r.Kernel.Source == "" ||
		r.Findings == nil || r.Errors == nil {
		return nil
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if !isRuleID(f.Rule) || !isFingerprint(f.Fingerprint) {
			return nil
		}
		if _, err := rules.ParseSeverity(f.Severity, false); err != nil {
			return nil
		}
		f.References = nil
	}
	return d
}

// isRuleID is check's ^TW[0-9]{3}$ without a regexp.
func isRuleID(s string) bool {
	return len(s) == 5 && s[0] == 'T' && s[1] == 'W' && isDigits(s[2:], false)
}

// isFingerprint is check's ^[0-9a-f]{16}$ without a regexp.
func isFingerprint(s string) bool { return len(s) == 16 && isDigits(s, true) }

func isDigits(s string, hex bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || hex && 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
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
	docs, readErrs := readDocs(files)
	errs = append(errs, readErrs...)
	f, dupErrs := Summarise(docs)
	return f, append(errs, dupErrs...)
}

// readDocs reads and decodes files on one worker per CPU (decoding JSON is
// the cost of a fleet report), keeping the order of files in the results.
func readDocs(files []string) ([]*Doc, []ReportError) {
	type result struct {
		doc *Doc
		err *ReportError
	}
	results := make([]result, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(files)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i].doc, results[i].err = ReadDoc(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	docs := make([]*Doc, 0, len(files))
	var errs []ReportError
	for _, r := range results {
		if r.err != nil {
			errs = append(errs, *r.err)
			continue
		}
		docs = append(docs, r.doc)
	}
	return docs, errs
}
