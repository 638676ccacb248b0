package config

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/twadvise/twadvise/internal/hcldecode"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

const dateLayout = "2006-01-02"

// ExpiredKind is the diagnostic kind rule TW009 (waiver-expired) reports.
const ExpiredKind = "waiver-expired"

func diag(r hcl.Range, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: r.Ptr()}
}

// decode checks what a waiver needs on its own: a reason and a real date.
func (w *Waiver) decode() hcl.Diagnostics {
	var diags hcl.Diagnostics
	if strings.TrimSpace(w.Reason) == "" {
		diags = append(diags, diag(w.DefRange, "Waiver without a reason", "Say why the finding is accepted, e.g. reason = \"peers are old load balancers; INFRA-123\"."))
	}
	var s string
	if d := hcldecode.DecodeExpression(w.Expires, &s); d.HasErrors() {
		return append(diags, d...)
	}
	if _, err := time.Parse(dateLayout, s); err != nil {
		diags = append(diags, diag(w.Expires.Range(), "Invalid expiry date", fmt.Sprintf("%q: write the last day the waiver holds as YYYY-MM-DD, e.g. \"2026-12-31\".", s)))
	}
	w.expires = s
	return diags
}

// Validate checks the config against the loaded rules: every rule named
// exists (by ID or name), severities are known, kernels parse, and the
// profile override is sane.
func (c *Config) Validate(set *rules.Set) hcl.Diagnostics {
	var diags hcl.Diagnostics
	ruleRef := func(r Ranged) string {
		if rl := set.Rule(r.Value); rl != nil {
			return rl.ID
		}
		diags = append(diags, diag(r.Range, "Unknown rule", fmt.Sprintf("%q is neither a rule ID nor a rule name; see `twadvise rules`.", r.Value)))
		return ""
	}
	for _, k := range c.Kernels {
		if _, err := kernel.ParseRelease(k.Value); err != nil {
			diags = append(diags, diag(k.Range, "Invalid kernel release", err.Error()))
		}
	}
	for _, d := range c.Disable {
		ruleRef(d)
	}
	for _, s := range c.Severity {
		ruleRef(s.Rule)
		if _, err := rules.ParseSeverity(s.Severity.Value, false); err != nil {
			diags = append(diags, diag(s.Severity.Range, "Invalid severity", err.Error()))
		}
	}
	for _, w := range c.Waivers {
		w.ruleID = ruleRef(Ranged{w.Rule, w.DefRange})
		if w.Key != "" {
			if _, err := path.Match(kernel.KeyPath(w.Key), ""); err != nil {
				diags = append(diags, diag(w.DefRange, "Invalid key pattern", err.Error()))
			}
		}
	}
	if o := c.Override; o != nil && o.Closes != nil {
		switch *o.Closes {
		case "server", "client", "both":
		default:
			diags = append(diags, diag(o.DefRange, "Invalid closes", "closes is \"server\", \"client\" or \"both\"."))
		}
	}
	return diags
}

// ApplyProfile returns a copy of p with the override's attributes set.
func (c *Config) ApplyProfile(p *rules.Profile) *rules.Profile {
	if c == nil || c.Override == nil || p == nil {
		return p
	}
	o, cp := c.Override, *p
	if o.Closes != nil {
		cp.Closes = *o.Closes
	}
	if o.InboundRate != nil {
		cp.InboundRate = *o.InboundRate
	}
	if o.OutboundRate != nil {
		cp.OutboundRate = *o.OutboundRate
	}
	if o.ClientsBehindNAT != nil {
		cp.ClientsBehindNAT = *o.ClientsBehindNAT
	}
	if o.ServicePorts != nil {
		cp.ServicePorts = *o.ServicePorts
	}
	if o.MemoryGiB != nil {
		cp.MemoryGiB = *o.MemoryGiB
	}
	if o.Containers != nil {
		cp.Containers = *o.Containers
	}
	return &cp
}

// Expired lists a diagnostic for every waiver past its date at now, for
// rule TW009. A waiver holds through the day it names.
func (c *Config) Expired(now time.Time) []kernel.Diagnostic {
	if c == nil {
		return nil
	}
	today := now.Format(dateLayout)
	var out []kernel.Diagnostic
	for _, w := range c.Waivers {
		if w.expires == "" || today <= w.expires {
			continue
		}
		what := w.Rule
		if w.Key != "" {
			what += " on " + w.Key
		}
		if w.File != "" {
			what += " in " + w.File
		}
		out = append(out, kernel.Diagnostic{
			File: c.Path, Line: w.DefRange.Start.Line, Kind: ExpiredKind,
			Message: fmt.Sprintf("waiver for %s expired on %s (reason: %s): its findings are reported again", what, w.expires, w.Reason),
		})
	}
	return out
}

// Filter applies the config to findings: waived findings (unexpired
// waivers) and disabled rules are dropped, severity overrides re-grade the
// rest. Validate must have run, so rule references are resolved.
func (c *Config) Filter(set *rules.Set, fs []rules.Finding, now time.Time) []rules.Finding {
	if c == nil {
		return fs
	}
	disabled := map[string]bool{}
	for _, d := range c.Disable {
		if r := set.Rule(d.Value); r != nil {
			disabled[r.ID] = true
		}
	}
	sev := map[string]rules.Severity{}
	for _, s := range c.Severity {
		r := set.Rule(s.Rule.Value)
		v, err := rules.ParseSeverity(s.Severity.Value, false)
		if r != nil && err == nil {
			sev[r.ID] = v
		}
	}
	today := now.Format(dateLayout)
	var out []rules.Finding
	for _, f := range fs {
		if disabled[f.RuleID] || c.waived(f, today) {
			continue
		}
		if s, ok := sev[f.RuleID]; ok {
			f.Severity = s
		}
		out = append(out, f)
	}
	return out
}

func (c *Config) waived(f rules.Finding, today string) bool {
	for _, w := range c.Waivers {
		if w.ruleID != f.RuleID || w.expires == "" || today > w.expires {
			continue
		}
		if w.Key != "" {
			if ok, _ := path.Match(kernel.KeyPath(w.Key), kernel.KeyPath(f.Key)); !ok {
				continue
			}
		}
		if w.File != "" && !fileMatches(w.File, f.File) {
			continue
		}
		return true
	}
	return false
}

// fileMatches compares a waiver's file with a finding's, as cleaned paths
// or as a glob. A relative pattern also matches the tail of a longer path
// at a directory boundary, as in .gitignore, so "sysctl.d/*.conf" holds
// whether twadvise was run from the repository root or above it.
func fileMatches(pattern, file string) bool {
	p, f := filepath.ToSlash(filepath.Clean(pattern)), filepath.ToSlash(filepath.Clean(file))
	for {
		if ok, _ := path.Match(p, f); ok || p == f {
			return true
		}
		i := strings.IndexByte(f, '/')
		if i < 0 || strings.HasPrefix(p, "/") {
			return false
		}
		f = f[i+1:]
	}
}
