package check

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// Sources of the target kernels.
const (
	SourceFlag   = "flag"   // --kernel
	SourceConfig = "config" // .twadvise.hcl kernels
	SourceLive   = "live"   // <root>/proc/sys/kernel/osrelease
	SourceAll    = "all"    // none given: every release the knowledge base knows
	SourceNone   = "none"   // the run failed before the kernels were known
)

// Result is one check: what was checked, against which kernels, and what
// was found. Report turns it into the JSON document.
type Result struct {
	Mode string
	// Targets are the kernels judged against, oldest first.
	Targets      []kernel.Target
	KernelSource string // SourceFlag, SourceConfig, SourceLive or SourceAll
	Loader       kernel.Loader
	Profiles     []string
	Config       string // the .twadvise.hcl read, "" when none
	// Findings hold the raw target releases they hold for in Kernels.
	Findings []rules.Finding
	Errors   []FileError
	// Diagnostics are problems the rules met while evaluating, with
	// positions in the rule files; each is also in Errors.
	Diagnostics hcl.Diagnostics
	// Facts are those of the first target kernel, for callers that go on
	// to advise.
	Facts *rules.Facts
	// Files and Assignments count what was checked, for the summary line.
	Files, Assignments int
}

// Kernel is the first target release as given, "" when there is none.
func (r *Result) Kernel() string {
	if len(r.Targets) == 0 {
		return ""
	}
	return r.Targets[0].Release.Raw
}

// Run gathers the facts once and evaluates the rules against every target
// kernel. A finding that holds on several kernels (same fingerprint and
// line) is reported once, listing them all.
func Run(o Options) (*Result, error) {
	g, err := Gather(o)
	if err != nil {
		return nil, err
	}
	return Evaluate(o, g)
}

// Evaluate judges what Gather read against each target kernel.
func Evaluate(o Options, g *Gathered) (*Result, error) {
	targets, source, err := targets(o, g)
	if err != nil {
		return nil, err
	}
	disabled, err := disabledRules(o)
	if err != nil {
		return nil, err
	}
	res := &Result{Mode: g.Mode, Loader: g.Loader, KernelSource: source, Targets: targets, Errors: slices.Clone(g.Errors)}
	if o.Profile != nil {
		res.Profiles = strings.Split(o.Profile.Name, ",")
	}
	if o.Config != nil {
		res.Config = o.Config.Path
	}
	if eff := g.Facts.Effective; eff != nil {
		res.Files, res.Assignments = len(eff.Files), len(eff.Assignments)
	}
	if len(targets) == 0 {
		targets = []kernel.Target{{}} // evaluated once, with no kernel
	}
	var m merger
	if len(targets) > 1 {
		m.index = map[mergeKey]int{} // one target has nothing to merge
	}
	shared := rules.NewShared() // findings that do not depend on the target are computed once
	if shareConditions {
		shared.Targets = len(targets) // conditions too, between targets with the same facts
	}
	for n, target := range targets {
		facts := g.Facts // a copy: only the kernel differs between targets
		facts.Shared = shared
		if target.Release.Raw != "" {
			facts.Kernel = &target.Release
		}
		facts.Distro = target.Distro
		facts.Profile = o.Profile
		facts.Diagnostics = o.Config.Expired(o.Now)
		out := o.Rules.Evaluate(&facts)
		if n == 0 {
			res.Facts = &facts
			res.Diagnostics = out.Diagnostics
			for _, d := range out.Diagnostics {
				res.Errors = append(res.Errors, diagError(d))
			}
		}
		release := ""
		if facts.Kernel != nil {
			release = facts.Kernel.Raw
		}
		m.add(out.Findings, release)
		shared.Recycle(out.Findings) // merged as copies: the next target can reuse the list
	}
	res.Findings = m.result()
	res.Findings = lintOnce(res.Findings, g.Facts.Effective)
	for i := range res.Findings {
		f := &res.Findings[i]
		if g.Mode == ModeSystem && strings.HasPrefix(f.File, "/") {
			f.PathInRoot = f.File
		}
		f.File = g.Display(f.File)
		if f.OverriddenBy != nil {
			o := *f.OverriddenBy
			o.File = g.Display(o.File)
			f.OverriddenBy = &o
		}
	}
	res.Findings = o.Config.Filter(o.Rules, res.Findings, o.Now)
	if len(disabled) > 0 {
		kept := res.Findings[:0]
		for _, f := range res.Findings {
			if !disabled[f.RuleID] {
				kept = append(kept, f)
			}
		}
		res.Findings = kept
	}
	rules.SortFindings(res.Findings)
	return res, nil
}

// merger gathers the findings of each target into one list, each with the
// releases it holds for.
type merger struct {
	findings []rules.Finding
	index    map[mergeKey]int
	lists    kernelLists
	listOf   []int32 // by merged finding: its kernel list in lists (0: none)
	// The last target's findings and where each was merged: a target whose
	// findings are the same, in the same order (the common case, every
	// release of a large file), is merged without a map look-up.
	prevKeys, keys []mergeKey
	prevAt, at     []int
}

// add merges one target's findings (sorted, as Evaluate returns them);
// release is the target's, or "" when there is no kernel. Without an
// index (one target) the findings are taken as they are.
func (m *merger) add(out []rules.Finding, release string) {
	if m.index == nil {
		m.findings = append(m.findings, out...)
		m.listOf = slices.Grow(m.listOf, len(out))
		for range out {
			id := int32(0)
			if release != "" {
				id = m.lists.with(0, release)
			}
			m.listOf = append(m.listOf, id)
		}
		return
	}
	keys := m.keys[:0]
	same := len(out) == len(m.prevKeys)
	line := 0 // where the findings of f's file and line begin
	for i, f := range out {
		if p := out[line]; p.File != f.File || p.Line != f.Line {
			line = i
		}
		// The same finding twice on one line is told apart by its rank.
		id := keyOf(f)
		for _, p := range out[line:i] {
			if keyOf(p) == id.withNth(0) {
				id.nth++
			}
		}
		keys = append(keys, id)
		if same && id != m.prevKeys[i] {
			same = false
		}
	}
	at := m.at[:0]
	for i, id := range keys {
		var j int
		if same {
			j = m.prevAt[i]
		} else if known, ok := m.index[id]; ok {
			j = known
		} else {
			j = len(m.findings)
			m.index[id] = j
			m.findings = append(m.findings, out[i])
			m.listOf = append(m.listOf, 0)
		}
		at = append(at, j)
		if release != "" {
			m.listOf[j] = m.lists.with(m.listOf[j], release)
		}
	}
	m.keys, m.prevKeys = m.prevKeys, keys
	m.at, m.prevAt = m.prevAt, at
}

// result is the merged findings with their kernel lists.
func (m *merger) result() []rules.Finding {
	for j, id := range m.listOf {
		if id != 0 {
			m.findings[j].Kernels = m.lists.list(id)
		}
	}
	return m.findings
}

// kernelLists interns the lists of releases findings hold for: findings
// that held for the same releases share one list, where each kept its own
// (200,000 findings on 40 releases were 8 million strings). List 0 is
// empty; lists are never modified once handed out.
type kernelLists struct {
	lists  [][]string
	next   map[listStep]int32
	last   listStep // the last step taken, and where it led: most findings
	lastTo int32    // of a target take the same one
}

type listStep struct {
	from int32
	add  string
}

// with is the list from with release added (from itself when it has it).
func (kl *kernelLists) with(from int32, release string) int32 {
	if kl.next == nil {
		kl.lists, kl.next = [][]string{nil}, map[listStep]int32{}
	}
	step := listStep{from, release}
	if step == kl.last && kl.lastTo != 0 {
		return kl.lastTo
	}
	id, ok := kl.next[step]
	if !ok {
		id = from
		if base := kl.lists[from]; !slices.Contains(base, release) {
			id = int32(len(kl.lists))
			kl.lists = append(kl.lists, append(slices.Clip(base), release))
		}
		kl.next[step] = id
	}
	kl.last, kl.lastTo = step, id
	return id
}

func (kl *kernelLists) list(id int32) []string { return slices.Clip(kl.lists[id]) }

// shareConditions lets rules remember conditions between targets; a test
// turns it off to check that doing so changes no finding.
var shareConditions = true

// mergeKey identifies a finding across target kernels: what its
// fingerprint is made of, without hashing it, and its line.
type mergeKey struct {
	rule, key, file, value string
	line, nth              int
}

func keyOf(f rules.Finding) mergeKey {
	k := mergeKey{rule: f.RuleID, key: f.Key, file: f.File, value: f.Value, line: f.Line}
	if f.Key == "" {
		k.value = f.Message // as in Fingerprint: keyless findings differ by message
	}
	return k
}

func (k mergeKey) withNth(n int) mergeKey { k.nth = n; return k }

// targets parses the target kernels (releases, distro names, comma
// lists). In system mode the live kernel wins over the configuration's
// kernels: the host is the truth. A nil entry means "no kernel known".
func targets(o Options, g *Gathered) ([]kernel.Target, string, error) {
	if len(o.Kernels) == 0 || (o.KernelSource == "config" && g.LiveKernel != nil) {
		if g.LiveKernel != nil {
			if len(o.Kernels) > 0 {
				notef(o.Notes, "note: checking the live kernel %s; the kernels of %s apply to PATH mode\n", g.LiveKernel.Raw, o.Config.Path)
			}
			t := kernel.Target{Release: *g.LiveKernel}
			if d, ok := kernel.DistroForRelease(*g.LiveKernel); ok {
				t.Distro = &d
			}
			return []kernel.Target{t}, SourceLive, nil
		}
		var all []kernel.Target
		for _, v := range o.releases() {
			all = append(all, kernel.Target{Release: kernel.Release{Raw: v.String(), Version: v}})
		}
		return all, SourceAll, nil
	}
	var out []kernel.Target
	seen := map[string]bool{}
	for _, spec := range o.Kernels {
		ts, err := kernel.ParseTargets(spec)
		if err != nil {
			if o.KernelSource == "config" {
				return nil, "", errorf("%s: kernels: %v", o.Config.Path, err)
			}
			return nil, "", errorf("--kernel: %v", err)
		}
		for _, t := range ts {
			if !seen[t.Release.Raw] {
				seen[t.Release.Raw] = true
				out = append(out, t)
			}
		}
	}
	source := o.KernelSource
	if source == "" {
		source = SourceFlag
	}
	slices.SortStableFunc(out, func(a, b kernel.Target) int {
		switch {
		case a.Release.Version.Less(b.Release.Version):
			return -1
		case b.Release.Version.Less(a.Release.Version):
			return 1
		}
		return 0
	})
	return out, source, nil
}

// diagError turns a rule diagnostic into an entry of "errors".
func diagError(d *hcl.Diagnostic) FileError {
	fe := FileError{Message: d.Summary}
	if d.Detail != "" {
		fe.Message += ": " + d.Detail
	}
	if d.Subject != nil {
		fe.File, fe.Line = d.Subject.Filename, d.Subject.Start.Line
	}
	return fe
}

// disabledRules resolves --disable (IDs or names, comma lists) to rule IDs;
// an unknown rule is an error with the closest names.
func disabledRules(o Options) (map[string]bool, error) {
	out := map[string]bool{}
	for _, spec := range o.Disable {
		for _, ref := range strings.Split(spec, ",") {
			ref = strings.TrimSpace(ref)
			if ref == "" {
				continue
			}
			r := o.Rules.Rule(ref)
			if r == nil {
				return nil, errorf("--disable: unknown rule %q%s", ref, didYouMean(ref, o.Rules.RuleRefs()))
			}
			out[r.ID] = true
		}
	}
	return out, nil
}

// lintOnce keeps one finding per file when the loader applies a file under
// several names (procps reads /etc/sysctl.conf and the 99-sysctl.conf link
// to it): the name it applies first, and no "overridden by" itself.
func lintOnce(fs []rules.Finding, eff *kernel.Effective) []rules.Finding {
	if eff == nil || eff.Discovery == nil {
		return fs
	}
	target, order := map[string]string{}, map[string]int{}
	for i, src := range eff.Discovery.Sources {
		target[src.Path], order[src.Path] = src.Target, i
	}
	same := func(a, b string) bool { return target[a] != "" && target[a] == target[b] }
	type id struct {
		file, rule, key string
		line            int
	}
	first := map[id]int{} // index in out of the kept finding
	var out []rules.Finding
	for _, f := range fs {
		t, ok := target[f.File]
		if !ok || t == f.File && !aliased(eff.Discovery, f.File) {
			out = append(out, f)
			continue
		}
		k := id{t, f.RuleID, f.Key, f.Line}
		if j, seen := first[k]; seen {
			if order[f.File] < order[out[j].File] {
				out[j] = f
			}
			continue
		}
		first[k] = len(out)
		out = append(out, f)
	}
	for i := range out {
		if o := out[i].OverriddenBy; o != nil && same(o.File, out[i].File) && o.Line == out[i].Line {
			out[i].OverriddenBy = nil
		}
	}
	return out
}

// aliased reports whether another source resolves to the same file as p.
func aliased(d *kernel.Discovery, p string) bool {
	var t string
	for _, s := range d.Sources {
		if s.Path == p {
			t = s.Target
		}
	}
	n := 0
	for _, s := range d.Sources {
		if s.Target == t {
			n++
		}
	}
	return n > 1
}
