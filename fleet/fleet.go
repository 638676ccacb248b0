package fleet

import (
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// Fleet is the summary `twadvise report` prints: the same findings seen
// per finding (which hosts have it), per host (how many of each severity)
// and per kernel, so an operator sees both "what is wrong everywhere" and
// "which host is worst". WriteJSON writes it as the report contract
// (docs/schema/report.schema.json).
//
// It is built to stay small on fleets of tens of thousands of hosts: what
// hosts repeat (rules, keys, values, messages, whole findings) is stored
// once in a table, and an occurrence of a finding on a host is two numbers.
type Fleet struct {
	Hosts           []*FleetHost // sorted by name
	Findings        []FleetFinding
	Kernels         []FleetKernel
	HostsWithErrors []string
	// Notes say what the summary decided for the reader, e.g. which of two
	// reports of one host it used.
	Notes []string
	t     *table
}

// FleetHost is one host's check: where it was read from, how it ran (its
// kernel, mode, loader, profile), and its findings counted by severity.
// Errors are the check's own errors on that host (the check failed there,
// so its findings may be incomplete).
type FleetHost struct {
	Host   string
	Report string
	*Setup
	Counts SeverityCounts
	Errors []ReportError
}

// Setup is how a host's check ran. Hosts checked alike share one.
type Setup struct {
	Kernel  *string // the release judged against; nil for an every-release check
	Mode    string
	Loader  string
	Profile string // the profiles, joined by commas
	kernel  int64  // Kernel's table number; -1 for none
}

// SeverityCounts counts findings by severity.
type SeverityCounts struct {
	Error   int
	Warning int
	Info    int
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
// of its files trip the rule) and the kernels it was seen on. Name and
// Remediation are those of the first report (in file order) that has it.
type FleetFinding struct {
	Rule        string
	Name        string
	Severity    string
	Key         string
	HostCount   int
	Kernels     []string
	Remediation string
	severity    rules.Severity
	occs        []occurrence // sorted by host
	f           *Fleet
}

// occurrence is a finding on a host: the host's index in Fleet.Hosts and
// the finding's number in the table; 8 bytes where the strings would take
// hundreds.
type occurrence struct{ host, finding uint32 }

// FleetOccurrence is one finding on one host, with the fingerprint that
// identifies it across runs.
type FleetOccurrence struct {
	Host        string
	Value       string
	File        string
	Line        int
	Message     string
	Kernel      []string
	Fingerprint string
}

// Occurrences are the finding's occurrences, sorted by host (a host's own
// in the order of its report).
func (g FleetFinding) Occurrences() iter.Seq[FleetOccurrence] {
	return func(yield func(FleetOccurrence) bool) {
		s := g.f.t.strs
		for _, o := range g.occs {
			fd := &g.f.t.finds[o.finding]
			if !yield(FleetOccurrence{Host: g.f.Hosts[o.host].Host, Value: s[fd.value], File: s[fd.file], Line: fd.line,
				Message: s[fd.message], Kernel: g.f.t.lists[fd.kernels], Fingerprint: string(appendFingerprint(nil, fd.fingerprint))}) {
				return
			}
		}
	}
}

// OccurrenceCount is the number of occurrences: HostCount, plus one for
// each repeat on a host.
func (g FleetFinding) OccurrenceCount() int { return len(g.occs) }

// Hosts are the names of the hosts that have the finding, sorted.
func (g FleetFinding) Hosts() iter.Seq[string] {
	return func(yield func(string) bool) {
		for i, o := range g.occs {
			if i > 0 && g.occs[i-1].host == o.host {
				continue
			}
			if !yield(g.f.Hosts[o.host].Host) {
				return
			}
		}
	}
}

// FleetKernel is one kernel release (null when the check had none) and the
// hosts running it.
type FleetKernel struct {
	Release *string
	Hosts   []string
}

// hostDoc is what the fleet keeps of one host's check document while it
// reads them: its row, its findings' numbers in the table, the file's time
// (the newest report of a host wins).
type hostDoc struct {
	FleetHost
	findings []uint32
	modSec   int64
	modNsec  int32
	dropped  bool // another report of the host is newer
}

func (h *hostDoc) setModTime(t time.Time) { h.modSec, h.modNsec = t.Unix(), int32(t.Nanosecond()) }

// olderThan says whether h's file is older than o's.
func (h *hostDoc) olderThan(o *hostDoc) bool {
	return h.modSec < o.modSec || h.modSec == o.modSec && h.modNsec < o.modNsec
}

// Summarise builds the fleet view from validated check documents. A host
// seen in several documents (a stale report beside a fresh one) counts
// once: the newest file wins (by modification time, then the later in
// order), and a note names the ones left out.
func Summarise(docs []*Doc) (*Fleet, []ReportError) {
	t := newTable()
	c := t.cache()
	hosts := make([]hostDoc, len(docs))
	ptrs := make([]*hostDoc, len(docs))
	for i, d := range docs {
		fromReport(&hosts[i], d, c)
		ptrs[i] = &hosts[i]
	}
	return summarise(ptrs, t), nil
}

// fromReport fills h with a document check.ParseReport read.
func fromReport(h *hostDoc, d *Doc, c *tableCache) {
	kernel := int64(-1)
	if rel := hostKernel(d); rel != nil {
		kernel = int64(c.strString(*rel))
	}
	*h = hostDoc{FleetHost: FleetHost{Host: d.Host, Report: d.File, Errors: d.Errors,
		Setup: c.setup(kernel, c.lookup([]byte(d.Mode)), c.lookup([]byte(d.Loader)), c.lookup([]byte(strings.Join(d.Profiles, ","))))}}
	h.setModTime(d.ModTime)
	for _, f := range d.Findings {
		sev, _ := rules.ParseSeverity(f.Severity, false) // validated by ParseReport
		fp, _ := parseFingerprint([]byte(f.Fingerprint))
		c.startList()
		for _, r := range f.Kernels {
			c.addToList([]byte(r.Text("+", "-")))
		}
		h.findings = append(h.findings, c.finding(tableFinding{rule: c.strString(f.Rule), name: c.strString(f.Name),
			key: c.strString(f.Key), value: c.strString(f.Value), file: c.strString(f.File), message: c.strString(f.Message),
			remediation: c.strString(f.Remediation), kernels: c.endList(), severity: sev, line: f.Line, fingerprint: fp}))
		h.Counts.add(sev)
	}
}

// summarise builds the fleet view from the hosts' documents, in the order
// of their files.
func summarise(docs []*hostDoc, t *table) *Fleet {
	f := &Fleet{Findings: []FleetFinding{}, Kernels: []FleetKernel{}, HostsWithErrors: []string{}, t: t}
	var byName []*hostDoc
	byName, f.Notes = newestPerHost(docs)

	// First, in the order of the files (the first report with a finding
	// names it): the finding groups, their severity, kernels and sizes.
	type group struct {
		FleetFinding
		lists, releases []uint32 // table numbers of kernel lists and host releases seen
		size            int
		last            uint32 // the row of the last host added
	}
	var groups []*group
	byRuleKey := map[[2]uint32]int{}
	groupOf := make([]int32, len(t.finds)) // by table finding; -1 until seen
	for i := range groupOf {
		groupOf[i] = -1
	}
	for _, d := range docs {
		if d.dropped {
			continue
		}
		for _, id := range d.findings {
			fd := &t.finds[id]
			if groupOf[id] < 0 {
				gi, ok := byRuleKey[[2]uint32{fd.rule, fd.key}]
				if !ok {
					gi = len(groups)
					byRuleKey[[2]uint32{fd.rule, fd.key}] = gi
					groups = append(groups, &group{FleetFinding: FleetFinding{Rule: t.strs[fd.rule], Name: t.strs[fd.name],
						Key: t.strs[fd.key], Remediation: t.strs[fd.remediation], f: f}})
				}
				groupOf[id] = int32(gi)
			}
			g := groups[groupOf[id]]
			g.size++
			if fd.severity > g.severity {
				g.severity, g.Severity = fd.severity, fd.severity.String()
			}
			g.lists = appendNew(g.lists, fd.kernels)
			if d.kernel >= 0 {
				g.releases = appendNew(g.releases, uint32(d.kernel))
			}
		}
	}
	for _, g := range groups {
		g.occs = make([]occurrence, 0, g.size)
	}
	perKernel := map[int64]int{}
	for _, d := range byName {
		perKernel[d.kernel]++
	}

	// Then host by host, sorted by name: each host's row, its kernel, and
	// its occurrences, numbered by its row.
	kernels := map[int64]*FleetKernel{}
	f.Hosts = make([]*FleetHost, len(byName))
	for r, d := range byName {
		k := kernels[d.kernel]
		if k == nil {
			k = &FleetKernel{Release: d.Kernel, Hosts: make([]string, 0, perKernel[d.kernel])}
			kernels[d.kernel] = k
		}
		k.Hosts = append(k.Hosts, d.Host)
		if d.Errors == nil {
			d.Errors = []ReportError{}
		}
		if len(d.Errors) > 0 {
			f.HostsWithErrors = append(f.HostsWithErrors, d.Host)
		}
		f.Hosts[r] = &d.FleetHost
		for _, id := range d.findings {
			g := groups[groupOf[id]]
			if len(g.occs) == 0 || g.last != uint32(r) {
				g.HostCount++
				g.last = uint32(r)
			}
			g.occs = append(g.occs, occurrence{host: uint32(r), finding: id})
		}
		d.findings = nil // in the groups by now
	}

	f.Findings = make([]FleetFinding, 0, len(groups))
	for _, g := range groups {
		g.Kernels = []string{}
		for _, l := range g.lists {
			for _, k := range t.lists[l] {
				g.Kernels = appendNew(g.Kernels, k)
			}
		}
		for _, r := range g.releases {
			g.Kernels = appendNew(g.Kernels, t.strs[r])
		}
		sort.Slice(g.Kernels, func(i, j int) bool { return releaseLess(g.Kernels[i], g.Kernels[j]) })
		f.Findings = append(f.Findings, g.FleetFinding)
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
	for _, k := range kernels { // their hosts are sorted by now
		f.Kernels = append(f.Kernels, *k)
	}
	sort.Slice(f.Kernels, func(i, j int) bool {
		a, b := f.Kernels[i].Release, f.Kernels[j].Release
		if a == nil || b == nil {
			return b == nil && a != nil // unknown kernel last
		}
		return releaseLess(*a, *b)
	})
	return f
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

// newestPerHost sorts the documents by host and keeps one per host, the
// newest (by modification time, then the later file), marking the others
// dropped; a note names each one left out, in the order of the files.
func newestPerHost(docs []*hostDoc) ([]*hostDoc, []string) {
	byName := slices.Clone(docs)
	slices.SortStableFunc(byName, func(a, b *hostDoc) int { return strings.Compare(a.Host, b.Host) })
	type leftOut struct{ d, used *hostDoc }
	var out []leftOut
	kept := byName[:0]
	for i := 0; i < len(byName); {
		j, best := i+1, byName[i]
		for ; j < len(byName) && byName[j].Host == best.Host; j++ {
			if !byName[j].olderThan(best) {
				best = byName[j]
			}
		}
		for _, d := range byName[i:j] {
			if d != best {
				d.dropped = true
				out = append(out, leftOut{d, best})
			}
		}
		kept = append(kept, best)
		i = j
	}
	var notes []string
	if len(out) > 0 {
		pos := make(map[*hostDoc]int, len(out))
		for i, d := range docs {
			if d.dropped {
				pos[d] = i
			}
		}
		slices.SortFunc(out, func(a, b leftOut) int { return pos[a.d] - pos[b.d] })
		for _, l := range out {
			notes = append(notes, fmt.Sprintf("host %s: %s left out, the newer %s is used (give each host a distinct --host, and remove stale reports)",
				l.d.Host, l.d.Report, l.used.Report))
		}
	}
	return kept, notes
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

// appendNew appends v to s unless s has it. The sets it builds are small:
// the kernels of one finding.
func appendNew[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
