// Package config reads a project's .twadvise.hcl: the profile and its
// attribute overrides, the target kernels, disabled rules, severity
// overrides, extra rule directories and waivers. It exists so that what a
// repository decides once (which kernels its fleet runs, which findings it
// accepts and until when) lives in the repository, not in CI flags.
//
// The rules package stays free of these CLI concerns: config only filters
// and re-grades the findings rules produced, and turns expired waivers into
// diagnostics that rule TW009 reports.
//
//	profile  = "web-server"
//	kernels  = ["5.15", "6.8"]
//	rules    = ["policy"]
//	disable  = ["TW015"]
//	severity = { TW016 = "error" }
//	profile_override {
//	  clients_behind_nat = true
//	}
//	waiver {
//	  rule    = "TW211"
//	  key     = "net.ipv4.tcp_timestamps"
//	  reason  = "peers are old load balancers; INFRA-123"
//	  expires = "2026-12-31"
//	}
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/twadvise/twadvise/internal/hcldecode"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// DefaultName is the file looked for in the current directory.
const DefaultName = ".twadvise.hcl"

// Config is a decoded .twadvise.hcl. Values keep their source ranges so
// that validation against the loaded rules can point at file:line:col.
type Config struct {
	Path     string
	Profile  string
	Kernels  []Ranged
	RuleDirs []string // resolved against the config file's directory
	Disable  []Ranged
	Severity []SeverityOverride
	Override *ProfileOverride
	Waivers  []*Waiver
	// Files holds the parsed source, for diagnostics with excerpts.
	Files map[string]*hcl.File
}

// Ranged is a string value and where it was written.
type Ranged struct {
	Value string
	Range hcl.Range
}

// SeverityOverride re-grades every finding of one rule.
type SeverityOverride struct {
	Rule     Ranged
	Severity Ranged
}

// ProfileOverride replaces attributes of the chosen profile; an attribute
// left out keeps the profile's value.
type ProfileOverride struct {
	Closes           *string   `hcl:"closes,optional"`
	InboundRate      *float64  `hcl:"inbound_rate,optional"`
	OutboundRate     *float64  `hcl:"outbound_rate,optional"`
	ClientsBehindNAT *bool     `hcl:"clients_behind_nat,optional"`
	ServicePorts     *[]int    `hcl:"service_ports,optional"`
	MemoryGiB        *float64  `hcl:"memory_gib,optional"`
	Containers       *bool     `hcl:"containers,optional"`
	DefRange         hcl.Range `hcl:",def_range"`
}

// Waiver accepts the findings of one rule (optionally only for one key or
// file) until a date, with a reason. After that date it silences nothing
// and is itself a finding (TW009), so accepted risk is revisited.
type Waiver struct {
	Rule     string         `hcl:"rule"`
	Key      string         `hcl:"key,optional"`  // key or key pattern ("net.ipv4.conf.*.rp_filter")
	File     string         `hcl:"file,optional"` // the finding's file as reported, or a glob
	Reason   string         `hcl:"reason"`
	Expires  hcl.Expression `hcl:"expires"` // "YYYY-MM-DD": valid through that day
	DefRange hcl.Range      `hcl:",def_range"`

	expires string // validated date
	ruleID  string // resolved by Validate
}

type rawFile struct {
	Profile  hcl.Expression   `hcl:"profile,optional"`
	Kernels  hcl.Expression   `hcl:"kernels,optional"`
	Rules    hcl.Expression   `hcl:"rules,optional"`
	Disable  hcl.Expression   `hcl:"disable,optional"`
	Severity hcl.Expression   `hcl:"severity,optional"`
	Override *ProfileOverride `hcl:"profile_override,block"`
	Waivers  []*Waiver        `hcl:"waiver,block"`
}

// Find returns the config file to use: explicit (which must exist), else
// DefaultName in the current directory if present, else "".
func Find(explicit string) (string, error) {
	if explicit != "" {
		if _, err := os.Stat(explicit); err != nil {
			return "", fmt.Errorf("--config: %w", err)
		}
		return explicit, nil
	}
	if _, err := os.Stat(DefaultName); err == nil {
		return DefaultName, nil
	}
	return "", nil
}

// MaxSize bounds .twadvise.hcl, like rule files (4 MiB): a real one is a
// few hundred bytes.
const MaxSize = 4 << 20

// errText drops the path an *fs.PathError repeats.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Load parses and decodes a config file. It reads through
// kernel.ReadRegularFile, so a FIFO or device passed as --config is refused
// instead of blocking, and a huge file is refused unread. Syntax, unknown attributes and
// wrong types are diagnostics with file:line:col; checks that need the
// rules (names, severities) are Validate's.
func Load(path string) (*Config, hcl.Diagnostics) {
	p := hclparse.NewParser()
	c := &Config{Path: path}
	data, err := kernel.ReadRegularFile(path, MaxSize)
	if err != nil {
		return c, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read the config file", Detail: fmt.Sprintf("%s: %v", path, errText(err))}}
	}
	f, diags := p.ParseHCL(data, path)
	c.Files = p.Files()
	if diags.HasErrors() {
		return c, diags
	}
	var raw rawFile
	diags = append(diags, hcldecode.DecodeBody(f.Body, &raw)...)
	if diags.HasErrors() {
		return c, diags
	}
	var d hcl.Diagnostics
	c.Profile, d = profileSpec(raw.Profile, path)
	diags = append(diags, d...)
	c.Kernels, d = stringList(raw.Kernels)
	diags = append(diags, d...)
	c.Disable, d = stringList(raw.Disable)
	diags = append(diags, d...)
	dirs, d := stringList(raw.Rules)
	diags = append(diags, d...)
	for _, dir := range dirs {
		p := dir.Value
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(path), p)
		}
		c.RuleDirs = append(c.RuleDirs, p)
	}
	c.Severity, d = severityMap(raw.Severity)
	diags = append(diags, d...)
	c.Override, c.Waivers = raw.Override, raw.Waivers
	for _, w := range c.Waivers {
		diags = append(diags, w.decode()...)
	}
	return c, diags
}

// profileSpec decodes profile = "name" or profile = ["a", "b"] (profiles
// that compose) into the --profile form "a,b". A profile file is resolved
// against the config file's directory.
func profileSpec(e hcl.Expression, path string) (string, hcl.Diagnostics) {
	if e == nil || isNull(e) {
		return "", nil
	}
	var names []Ranged
	var diags hcl.Diagnostics
	if v, d := e.Value(nil); !d.HasErrors() && (v.Type().IsTupleType() || v.Type().IsListType()) {
		names, diags = stringList(e)
	} else {
		var s string
		diags = decodeOptional(e, &s)
		names = []Ranged{{Value: s, Range: e.Range()}}
	}
	var out []string
	for _, n := range names {
		p := strings.TrimSpace(n.Value)
		if p == "" || strings.Contains(p, ",") {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid profile",
				Detail: "profile is a profile name or FILE.hcl, or a list of them: profile = [\"web-server\", \"redis\"].", Subject: n.Range.Ptr()})
			continue
		}
		if rules.IsProfileFile(p) && !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(path), p)
		}
		out = append(out, p)
	}
	return strings.Join(out, ","), diags
}

// decodeOptional decodes an optional attribute, leaving out unset ones
// (the decoder gives them a null expression).
func decodeOptional(e hcl.Expression, v any) hcl.Diagnostics {
	if e == nil || isNull(e) {
		return nil
	}
	return hcldecode.DecodeExpression(e, v)
}

func isNull(e hcl.Expression) bool {
	v, d := e.Value(nil)
	return !d.HasErrors() && v.IsNull()
}

// stringList decodes a list of strings keeping each element's range.
func stringList(e hcl.Expression) ([]Ranged, hcl.Diagnostics) {
	if e == nil || isNull(e) {
		return nil, nil
	}
	elems, diags := hcl.ExprList(e)
	if diags.HasErrors() {
		return nil, diags
	}
	var out []Ranged
	for _, el := range elems {
		var s string
		if d := hcldecode.DecodeExpression(el, &s); d.HasErrors() {
			diags = append(diags, d...)
			continue
		}
		out = append(out, Ranged{Value: s, Range: el.Range()})
	}
	return out, diags
}

// severityMap decodes { RULE = "severity", ... }.
func severityMap(e hcl.Expression) ([]SeverityOverride, hcl.Diagnostics) {
	if e == nil || isNull(e) {
		return nil, nil
	}
	pairs, diags := hcl.ExprMap(e)
	if diags.HasErrors() {
		return nil, diags
	}
	var out []SeverityOverride
	for _, kv := range pairs {
		var k, v string
		if d := hcldecode.DecodeExpression(kv.Key, &k); d.HasErrors() {
			// A bare word (TW101 = ...) is a traversal, not a string.
			if name := hcl.ExprAsKeyword(kv.Key); name != "" {
				k = name
			} else {
				diags = append(diags, d...)
				continue
			}
		}
		if d := hcldecode.DecodeExpression(kv.Value, &v); d.HasErrors() {
			diags = append(diags, d...)
			continue
		}
		out = append(out, SeverityOverride{Rule: Ranged{k, kv.Key.Range()}, Severity: Ranged{v, kv.Value.Range()}})
	}
	return out, diags
}
