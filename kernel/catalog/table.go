package catalog

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/twadvise/twadvise/kernel"
)

// tableMagic starts every per-release table (docs/catalogue.md has the format).
const tableMagic = "# twadvise kernel table v1"

// tableColumns is the header row of a per-release table.
const tableColumns = "key\tscope\ttype\thandler\tmin\tmax\tdefault\tguard\tfile"

// Row is what one kernel release says about one key: a line of its table.
// Every field is as the table writes it, "-" meaning none or unknown (and
// "?" in Min or Max a bound that could not be resolved).
type Row struct {
	Scope, Type, Handler, Min, Max, Default, Guard, File string
}

// fields lists a row's columns after the key, in table order.
func (r Row) fields() [8]string {
	return [8]string{r.Scope, r.Type, r.Handler, r.Min, r.Max, r.Default, r.Guard, r.File}
}

// namesOnly reports whether the row records nothing but the key's existence.
func (r Row) namesOnly() bool {
	return r.Type == "-" && r.Handler == "-" && r.File == "-"
}

// A Table is one kernel release's keys, as the extractor wrote them.
type Table struct {
	Release string         // as in the file: "4.9.0", "6.18"
	Version kernel.Version // Release parsed
	Tree    string         // where it was read: repository@commit (subfolder)
	Rows    map[string]Row // canonical key (with <iface> / <name>) -> row
}

// NamesOnly reports whether the table lists key names without details (the
// 6.18 test machine's list): its keys take the previous release's details,
// marked as assumed.
func (t *Table) NamesOnly() bool {
	for _, r := range t.Rows {
		if !r.namesOnly() {
			return false
		}
	}
	return len(t.Rows) > 0
}

// ParseTable reads one per-release table. name is used in errors.
func ParseTable(name string, data []byte) (*Table, error) {
	t := &Table{Rows: map[string]Row{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n, header := 0, false
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		switch {
		case n == 1:
			if line != tableMagic {
				return nil, fmt.Errorf("%s:1: not a kernel table (want %q)", name, tableMagic)
			}
			continue
		case strings.HasPrefix(line, "#"):
			k, v, _ := strings.Cut(strings.TrimSpace(line[1:]), ":")
			switch strings.TrimSpace(k) {
			case "release":
				t.Release = strings.TrimSpace(v)
			case "tree":
				t.Tree = strings.TrimSpace(v)
			}
			continue
		case line == "":
			continue
		case line == tableColumns:
			header = true
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 9 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 9", name, n, len(cols))
		}
		for i, c := range cols {
			if c == "" {
				return nil, fmt.Errorf("%s:%d: column %d is empty (write \"-\")", name, n, i+1)
			}
		}
		key := cols[0]
		if _, dup := t.Rows[key]; dup {
			return nil, fmt.Errorf("%s:%d: %s listed twice", name, n, key)
		}
		switch cols[1] {
		case "global", "netns", "iface", "unknown", "-":
		default:
			return nil, fmt.Errorf("%s:%d: %s: unknown scope %q", name, n, key, cols[1])
		}
		t.Rows[key] = Row{cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8]}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if !header {
		return nil, fmt.Errorf("%s: no column header %q", name, strings.ReplaceAll(tableColumns, "\t", " "))
	}
	r, err := kernel.ParseRelease(t.Release)
	if err != nil {
		return nil, fmt.Errorf("%s: release line: %w", name, err)
	}
	t.Version = r.Version
	return t, nil
}

func parseReleaseName(s string) (kernel.Version, error) {
	r, err := kernel.ParseRelease(s)
	return r.Version, err
}
