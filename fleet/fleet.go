package fleet

import (
	"fmt"
	"sort"
	"strings"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// Fleet is the summary `twadvise report` prints: the same findings seen
// per finding (which hosts have it), per host (how many of each severity)
// and per kernel, so an operator sees both "what is wrong everywhere" and
// "which host is worst". Its JSON tags are the report contract
// (docs/schema/report.schema.json).
type Fleet struct {
	Hosts           []FleetHost    `json:"hosts"`
	Findings        []FleetFinding `json:"findings"`
	Kernels         []FleetKernel  `json:"kernels"`
	HostsWithErrors []string       `json:"hosts_with_errors"`
	// Notes say what the summary decided for the reader, e.g. which of two
	// reports of one host it used.
	Notes []string `json:"notes,omitempty"`
}

// FleetHost is one host's check: where it was read from, its kernel, and
// its findings counted by severity. Errors are the check's own errors on
// that host (the check failed there, so its findings may be incomplete).
type FleetHost struct {
	Host    string         `json:"host"`
	Report  string         `json:"report"`
	Kernel  *string        `json:"kernel"`
	Mode    string         `json:"mode"`
	Loader  string         `json:"loader"`
	Profile string         `json:"profile"`
	Counts  SeverityCounts `json:"counts"`
	Errors  []ReportError  `json:"errors"`
}

// SeverityCounts counts findings by severity.
type SeverityCounts struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

func (c *SeverityCounts) add(s rules.Severity) {
	switch s {
	case rules.Error:
		c.Error++
	case rules.Warning:
		c.Warning++
	case rules.Info:
		c.Info++
	}
}

// FleetFinding is one rule on one key across the fleet: the hosts that
// have it (one occurrence per finding, so a host may appear twice when two
// of its files trip the rule) and the kernels it was seen on.
type FleetFinding struct {
	Rule        string            `json:"rule"`
	Name        string            `json:"name"`
	Severity    string            `json:"severity"`
	Key         string            `json:"key"`
	HostCount   int               `json:"host_count"`
	Kernels     []string          `json:"kernels"`
	Remediation string            `json:"remediation"`
	Occurrences []FleetOccurrence `json:"occurrences"`
	severity    rules.Severity
	hosts       map[string]bool
}

// FleetOccurrence is one finding on one host, with the fingerprint that
// identifies it across runs.
type FleetOccurrence struct {
	Host        string   `json:"host"`
	Value       string   `json:"value"`
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Message     string   `json:"message"`
	Kernel      []string `json:"kernel"`
	Fingerprint string   `json:"fingerprint"`
}

// FleetKernel is one kernel release (null when the check had none) and the
// hosts running it.
type FleetKernel struct {
	Release *string  `json:"release"`
	Hosts   []string `json:"hosts"`
}

// Summarise builds the fleet view from validated check documents. A host
// seen in several documents (a stale report beside a fresh one) counts
// once: the newest file wins (by modification time, then the later in
// order), and a note names the ones left out.
func Summarise(docs []*Doc) (*Fleet, []ReportError) {
	f := &Fleet{Hosts: []FleetHost{}, Findings: []FleetFinding{}, Kernels: []FleetKernel{}, HostsWithErrors: []string{}}
	var errs []ReportError
	groups := map[[2]string]*FleetFinding{}
	kernels := map[string]*FleetKernel{}
	docs, f.Notes = newestPerHost(docs)
	for _, d := range docs {
		release := hostKernel(d)
		h := FleetHost{Host: d.Host, Report: d.File, Kernel: release, Mode: d.Mode,
			Loader: d.Loader, Profile: strings.Join(d.Profiles, ","), Errors: d.Errors}
		if h.Errors == nil {
			h.Errors = []ReportError{}
		}
		if len(d.Errors) > 0 {
			f.HostsWithErrors = append(f.HostsWithErrors, d.Host)
		}
		rel := ""
		if release != nil {
			rel = *release
		}
		k := kernels[rel]
		if k == nil {
			k = &FleetKernel{Release: release}
			kernels[rel] = k
		}
		k.Hosts = append(k.Hosts, d.Host)
		for _, c := range d.Findings {
			sev, _ := rules.ParseSeverity(c.Severity, false) // validated by ParseDoc
			h.Counts.add(sev)
			id := [2]string{c.Rule, c.Key}
			g := groups[id]
			if g == nil {
				g = &FleetFinding{Rule: c.Rule, Name: c.Name, Key: c.Key, Remediation: c.Remediation, hosts: map[string]bool{}}
				groups[id] = g
			}
			if sev > g.severity {
				g.severity, g.Severity = sev, c.Severity
			}
			g.hosts[d.Host] = true
			kern := rangesText(c.Kernels)
			g.Occurrences = append(g.Occurrences, FleetOccurrence{Host: d.Host, Value: c.Value, File: c.File,
				Line: c.Line, Message: c.Message, Kernel: kern, Fingerprint: c.Fingerprint})
			g.Kernels = appendNew(g.Kernels, kern...)
			if release != nil {
				g.Kernels = appendNew(g.Kernels, *release)
			}
		}
		f.Hosts = append(f.Hosts, h)
	}
	for _, g := range groups {
		g.HostCount = len(g.hosts)
		sort.Slice(g.Kernels, func(i, j int) bool { return releaseLess(g.Kernels[i], g.Kernels[j]) })
		if g.Kernels == nil {
			g.Kernels = []string{}
		}
		sort.SliceStable(g.Occurrences, func(i, j int) bool { return g.Occurrences[i].Host < g.Occurrences[j].Host })
		f.Findings = append(f.Findings, *g)
	}
	sort.Slice(f.Findings, func(i, j int) bool {
		a, b := f.Findings[i], f.Findings[j]
		if a.severity != b.severity {
			return a.severity > b.severity
		}
		if a.HostCount != b.HostCount {
			return a.HostCount > b.HostCount
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Key < b.Key
	})
	sort.Slice(f.Hosts, func(i, j int) bool { return f.Hosts[i].Host < f.Hosts[j].Host })
	sort.Strings(f.HostsWithErrors)
	for _, k := range kernels {
		sort.Strings(k.Hosts)
		f.Kernels = append(f.Kernels, *k)
	}
	sort.Slice(f.Kernels, func(i, j int) bool {
		a, b := f.Kernels[i].Release, f.Kernels[j].Release
		if a == nil || b == nil {
			return b == nil && a != nil // unknown kernel last
		}
		return releaseLess(*a, *b)
	})
	return f, errs
}

// hostKernel is the kernel a host's check judged against: its live or
// first target release; nil for an every-release check.
func hostKernel(d *Doc) *string {
	if d.Kernel.Source == check.SourceAll || len(d.Kernel.Targets) == 0 {
		return nil
	}
	k := d.Kernel.Targets[0]
	return &k
}

// rangesText writes a finding's release ranges as "4.12+" or "3.10-4.11".
func rangesText(rs []check.Range) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Text("+", "-"))
	}
	return out
}

// newestPerHost keeps one document per host, the newest, in the order
// given, and a note for each one left out.
func newestPerHost(docs []*Doc) ([]*Doc, []string) {
	best := map[string]*Doc{}
	for _, d := range docs {
		if b, ok := best[d.Host]; !ok || !d.ModTime.Before(b.ModTime) {
			best[d.Host] = d
		}
	}
	var out []*Doc
	var notes []string
	for _, d := range docs {
		b := best[d.Host]
		if b == d {
			out = append(out, d)
			continue
		}
		notes = append(notes, fmt.Sprintf("host %s: %s left out, the newer %s is used (give each host a distinct --host, and remove stale reports)", d.Host, d.File, b.File))
	}
	return out, notes
}

// releaseLess orders kernel releases numerically (5.4 before 5.10);
// strings that are not releases sort after them, alphabetically.
func releaseLess(a, b string) bool {
	ra, ea := kernel.ParseRelease(a)
	rb, eb := kernel.ParseRelease(b)
	switch {
	case ea == nil && eb == nil:
		if ra.Version != rb.Version {
			return ra.Version.Less(rb.Version)
		}
	case ea == nil:
		return true
	case eb == nil:
		return false
	}
	return a < b
}

// Worst is the highest severity of any finding in the fleet (SeverityNone
// when there is none), for --fail-on.
func (f *Fleet) Worst() rules.Severity {
	w := rules.SeverityNone
	for _, g := range f.Findings {
		if g.severity > w {
			w = g.severity
		}
	}
	return w
}

// SeverityOf is g's severity as a rules.Severity, for colouring.
func (g FleetFinding) SeverityOf() rules.Severity { return g.severity }

func appendNew(s []string, vs ...string) []string {
	for _, v := range vs {
		found := false
		for _, x := range s {
			if x == v {
				found = true
				break
			}
		}
		if !found {
			s = append(s, v)
		}
	}
	return s
}
