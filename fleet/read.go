package fleet

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/kernel"
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
	out := make([]string, 0, len(entries))
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

// ParseDoc decodes and validates one check document of schema 1 or 2
// (check.ParseReport), for the caller to summarise.
func ParseDoc(data []byte) (*Doc, int, error) {
	r, line, err := check.ParseReport(data)
	if err != nil {
		return nil, line, err
	}
	return &Doc{Report: *r}, 0, nil
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
	t := newTable()
	docs, readErrs := readHosts(files, t)
	return summarise(docs, t), append(errs, readErrs...)
}

// readHosts reads and decodes files on one worker per CPU (decoding JSON
// is the cost of a fleet report), keeping what the fleet view needs of
// each, in the order of files.
func readHosts(files []string, t *table) ([]*hostDoc, []ReportError) {
	hosts := make([]hostDoc, len(files))
	errs := make([]*ReportError, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			d := &decoder{c: t.cache()}
			var buf []byte
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				errs[i] = readHost(&hosts[i], files[i], &buf, d)
				if cap(buf) > 1<<20 {
					buf = nil // a huge report need not stay in memory
				}
			}
		})
	}
	wg.Wait()
	docs := make([]*hostDoc, 0, len(files))
	var bad []ReportError
	for i, e := range errs {
		if e != nil {
			bad = append(bad, *e)
			continue
		}
		docs = append(docs, &hosts[i])
	}
	return docs, bad
}

// readHost reads and validates one check document. A current well-formed
// document is decoded in one pass; anything else goes through
// check.ParseReport, which converts schema 1 and words what is wrong.
func readHost(h *hostDoc, path string, buf *[]byte, d *decoder) *ReportError {
	data, mod, err := readFile(path, buf)
	if err != nil {
		msg := errText(err)
		if errors.Is(err, kernel.ErrTooLarge) {
			msg += " (a check report is a few kilobytes; is this the right file?)"
		}
		return &ReportError{File: path, Message: msg}
	}
	if d.decodeCurrent(data, h) {
		h.Report = path
		h.setModTime(mod)
		return nil
	}
	doc, line, err := ParseDoc(data)
	if err != nil {
		*h = hostDoc{}
		return &ReportError{File: path, Line: line, Message: err.Error()}
	}
	doc.File, doc.ModTime = path, mod
	fromReport(h, doc, d.c)
	return nil
}

// readFile reads path into *buf, reused from file to file, and returns its
// modification time. It opens, stats and reads with plain system calls
// (an os.File costs a poller registration and a cleanup per file); anything
// out of the ordinary (not a regular file, too large, any error) is left to
// kernel.ReadRegularFile, so the messages are that function's.
func readFile(path string, buf *[]byte) ([]byte, time.Time, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err == nil {
		data, mod, ok := readOpen(fd, buf)
		syscall.Close(fd)
		if ok {
			return data, mod, nil
		}
	}
	data, err := kernel.ReadRegularFile(path, MaxReportSize)
	if err != nil {
		return nil, time.Time{}, err
	}
	var mod time.Time
	if fi, err := os.Stat(path); err == nil {
		mod = fi.ModTime()
	}
	return data, mod, nil
}

// readOpen reads the regular file fd of at most MaxReportSize bytes into
// *buf; false for anything else.
func readOpen(fd int, buf *[]byte) ([]byte, time.Time, bool) {
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size > MaxReportSize {
		return nil, time.Time{}, false
	}
	b := (*buf)[:0]
	for {
		if len(b) == cap(b) {
			b = slices.Grow(b, max(int(st.Size)+1-len(b), 4096))
		}
		n, err := syscall.Read(fd, b[len(b):cap(b)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n < 0 {
			return nil, time.Time{}, false
		}
		if n == 0 {
			break
		}
		if b = b[:len(b)+n]; len(b) > MaxReportSize {
			return nil, time.Time{}, false
		}
		if len(b) == int(st.Size) && len(b) < cap(b) {
			break // all of it, in the common single read: no second read to see the end
		}
	}
	*buf = b
	return b, time.Unix(st.Mtim.Unix()), true
}
