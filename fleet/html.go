package fleet

import (
	"html/template"
	"io"
	"sort"
	"strconv"

	"github.com/twadvise/twadvise/rules"
)

// HTMLInfo is what the page says about its own making: the twadvise
// version, and the inputs that could not be used.
type HTMLInfo struct {
	Version string
	Errors  []ReportError
}

// WriteHTML writes the fleet as one self-contained page: inline CSS, no
// script, font or image, so it can be mailed or archived and opened
// anywhere. It shows the summary by severity, a hosts x findings matrix with
// the worst hosts and findings first, the kernels and profiles seen, and
// for each finding its remediation and every occurrence's message behind a
// <details>. Every name comes from files other machines wrote, so all text
// goes through html/template's contextual escaping.
func WriteHTML(w io.Writer, f *Fleet, info HTMLInfo) error {
	t, err := template.New("report").Funcs(template.FuncMap{
		"letter": severityLetter, "plural": plural, "position": position,
	}).Parse(htmlTemplate)
	if err != nil {
		return err // a bug in the template, caught by the tests
	}
	return t.Execute(w, newHTMLView(f, info))
}

type htmlView struct {
	Version         string
	Hosts           int
	Totals          []severityRow
	Columns         []htmlColumn
	Rows            []htmlRow
	Kernels         []groupRow
	Profiles        []groupRow
	HostsWithErrors []string
	Notes           []string
	Errors          []ReportError
}

type severityRow struct {
	Severity string
	Findings int // occurrences
	Distinct int // rule and key pairs
	Hosts    int
}

type htmlColumn struct {
	Anchor string
	FleetFinding
}

type htmlRow struct {
	*FleetHost
	Failed bool
	Cells  []htmlCell
}

type htmlCell struct {
	Severity string // "" when the host does not have the finding
	Count    int
	Anchor   string
}

type groupRow struct {
	Name  string
	Hosts []string
}

func newHTMLView(f *Fleet, info HTMLInfo) htmlView {
	v := htmlView{Version: info.Version, Hosts: len(f.Hosts), HostsWithErrors: f.HostsWithErrors,
		Notes: f.Notes, Errors: info.Errors}
	// cells[row][column] counts the host's occurrences of each finding.
	cells := make([]map[int]int, len(f.Hosts))
	bySev := map[string]*severityRow{}
	sevHosts := map[string]map[uint32]bool{}
	for i, ff := range f.Findings {
		v.Columns = append(v.Columns, htmlColumn{Anchor: "f" + strconv.Itoa(i+1), FleetFinding: ff})
		r := bySev[ff.Severity]
		if r == nil {
			r = &severityRow{Severity: ff.Severity}
			bySev[ff.Severity] = r
			sevHosts[ff.Severity] = map[uint32]bool{}
		}
		r.Distinct++
		r.Findings += len(ff.occs)
		for _, o := range ff.occs {
			sevHosts[ff.Severity][o.host] = true
			if cells[o.host] == nil {
				cells[o.host] = map[int]int{}
			}
			cells[o.host][i]++
		}
	}
	for _, s := range []string{"error", "warning", "info"} {
		r := severityRow{Severity: s}
		if p := bySev[s]; p != nil {
			r = *p
		}
		r.Hosts = len(sevHosts[s])
		v.Totals = append(v.Totals, r)
	}
	failed := map[string]bool{}
	for _, h := range f.HostsWithErrors {
		failed[h] = true
	}
	for hi, h := range f.Hosts {
		row := htmlRow{FleetHost: h, Failed: failed[h.Host]}
		for i, c := range v.Columns {
			cell := htmlCell{Anchor: c.Anchor}
			if n := cells[hi][i]; n > 0 {
				cell.Severity, cell.Count = c.Severity, n
			}
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	sort.SliceStable(v.Rows, func(i, j int) bool { return worse(v.Rows[i], v.Rows[j]) })
	for _, k := range f.Kernels {
		name := "unknown"
		if k.Release != nil {
			name = *k.Release
		}
		v.Kernels = append(v.Kernels, groupRow{Name: name, Hosts: k.Hosts})
	}
	v.Profiles = profiles(f.Hosts)
	return v
}

// worse orders hosts worst first: a failed check, then by errors, warnings
// and information, then by name.
func worse(a, b htmlRow) bool {
	if a.Failed != b.Failed {
		return a.Failed
	}
	if a.Counts.Error != b.Counts.Error {
		return a.Counts.Error > b.Counts.Error
	}
	if a.Counts.Warning != b.Counts.Warning {
		return a.Counts.Warning > b.Counts.Warning
	}
	if a.Counts.Info != b.Counts.Info {
		return a.Counts.Info > b.Counts.Info
	}
	return a.Host < b.Host
}

// profiles groups hosts by the profile their check used, most used first.
func profiles(hosts []*FleetHost) []groupRow {
	idx := map[string]int{}
	var out []groupRow
	for _, h := range hosts {
		name := h.Profile
		if name == "" {
			name = "(none)"
		}
		i, ok := idx[name]
		if !ok {
			i = len(out)
			idx[name] = i
			out = append(out, groupRow{Name: name})
		}
		out[i].Hosts = append(out[i].Hosts, h.Host)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Hosts) != len(out[j].Hosts) {
			return len(out[i].Hosts) > len(out[j].Hosts)
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// severityLetter is the one-letter mark of a matrix cell, so the matrix
// reads without colour too.
func severityLetter(s string) string {
	if sev, err := rules.ParseSeverity(s, false); err == nil {
		switch sev {
		case rules.Error:
			return "E"
		case rules.Warning:
			return "W"
		}
	}
	return "I"
}

// plural is "1 host", "2 hosts".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// position is file:line, or the file alone when there is no line.
func position(file string, line int) string {
	if line <= 0 {
		return file
	}
	return file + ":" + strconv.Itoa(line)
}
