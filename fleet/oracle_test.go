package fleet

import (
	"fmt"
	"sort"
	"strings"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/rules"
)

// The fleet view as it was built before it was made compact (every
// occurrence kept as strings, the document written by encoding/json): the
// reference the compact one must equal byte for byte (TestSameAsBefore).

type oracleReport struct {
	Schema int        `json:"schema"`
	Tool   check.Tool `json:"tool"`
	*oracleFleet
	Errors []check.FileError `json:"errors"`
}

type oracleFleet struct {
	Hosts           []oracleHost    `json:"hosts"`
	Findings        []oracleFinding `json:"findings"`
	Kernels         []oracleKernel  `json:"kernels"`
	HostsWithErrors []string        `json:"hosts_with_errors"`
	Notes           []string        `json:"notes,omitempty"`
}

type oracleCounts struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

type oracleHost struct {
	Host    string        `json:"host"`
	Report  string        `json:"report"`
	Kernel  *string       `json:"kernel"`
	Mode    string        `json:"mode"`
	Loader  string        `json:"loader"`
	Profile string        `json:"profile"`
	Counts  oracleCounts  `json:"counts"`
	Errors  []ReportError `json:"errors"`
}

type oracleFinding struct {
	Rule        string             `json:"rule"`
	Name        string             `json:"name"`
	Severity    string             `json:"severity"`
	Key         string             `json:"key"`
	HostCount   int                `json:"host_count"`
	Kernels     []string           `json:"kernels"`
	Remediation string             `json:"remediation"`
	Occurrences []oracleOccurrence `json:"occurrences"`
	severity    rules.Severity
	hosts       map[string]bool
}

type oracleOccurrence struct {
	Host        string   `json:"host"`
	Value       string   `json:"value"`
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Message     string   `json:"message"`
	Kernel      []string `json:"kernel"`
	Fingerprint string   `json:"fingerprint"`
}

type oracleKernel struct {
	Release *string  `json:"release"`
	Hosts   []string `json:"hosts"`
}

func oracleSummarise(docs []*Doc) *oracleFleet {
	f := &oracleFleet{Hosts: []oracleHost{}, Findings: []oracleFinding{}, Kernels: []oracleKernel{}, HostsWithErrors: []string{}}
	groups := map[[2]string]*oracleFinding{}
	kernels := map[string]*oracleKernel{}
	docs, f.Notes = oracleNewestPerHost(docs)
	for _, d := range docs {
		release := hostKernel(d)
		h := oracleHost{Host: d.Host, Report: d.File, Kernel: release, Mode: d.Mode,
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
			k = &oracleKernel{Release: release}
			kernels[rel] = k
		}
		k.Hosts = append(k.Hosts, d.Host)
		for _, c := range d.Findings {
			sev, _ := rules.ParseSeverity(c.Severity, false)
			switch sev {
			case rules.Error:
				h.Counts.Error++
			case rules.Warning:
				h.Counts.Warning++
			case rules.Info:
				h.Counts.Info++
			}
			id := [2]string{c.Rule, c.Key}
			g := groups[id]
			if g == nil {
				g = &oracleFinding{Rule: c.Rule, Name: c.Name, Key: c.Key, Remediation: c.Remediation, hosts: map[string]bool{}}
				groups[id] = g
			}
			if sev > g.severity {
				g.severity, g.Severity = sev, c.Severity
			}
			g.hosts[d.Host] = true
			kern := []string{}
			for _, r := range c.Kernels {
				kern = append(kern, r.Text("+", "-"))
			}
			g.Occurrences = append(g.Occurrences, oracleOccurrence{Host: d.Host, Value: c.Value, File: c.File,
				Line: c.Line, Message: c.Message, Kernel: kern, Fingerprint: c.Fingerprint})
			for _, x := range kern {
				g.Kernels = appendNew(g.Kernels, x)
			}
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
			return b == nil && a != nil
		}
		return releaseLess(*a, *b)
	})
	return f
}

func oracleNewestPerHost(docs []*Doc) ([]*Doc, []string) {
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
