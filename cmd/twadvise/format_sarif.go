package main

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/twadvise/twadvise/rules"
)

// SARIF 2.1.0 output for code-scanning uploads (GitHub, GitLab, Azure).
// Only the parts consumers read are written; tests validate the output
// against the OASIS schema in ../shared/reference/schemas.

const (
	sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	projectURI     = "https://github.com/twadvise/twadvise"
	rulesDocURI    = projectURI + "/blob/main/docs/rules.md"
	// sarifFingerprintKey names our partialFingerprints entry; the "/v1"
	// lets a future fingerprint change be told apart from this one.
	sarifFingerprintKey = "twadviseFingerprint/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	ShortDescription     sarifText     `json:"shortDescription"`
	FullDescription      sarifText     `json:"fullDescription"`
	Help                 sarifText     `json:"help"`
	HelpURI              string        `json:"helpUri"`
	DefaultConfiguration *sarifRuleCfg `json:"defaultConfiguration,omitempty"`
}

type sarifRuleCfg struct {
	Level string `json:"level"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

func writeCheckSARIF(o *checkOutput) error {
	driver := sarifDriver{Name: "twadvise", Version: version(), InformationURI: projectURI, Rules: []sarifRule{}}
	index := map[string]int{}
	for _, r := range o.set.Rules {
		index[r.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleMeta(r))
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	inv := sarifInvocation{ExecutionSuccessful: len(o.run.Errors) == 0}
	for _, e := range o.run.Errors {
		n := sarifNotification{Level: "error", Message: sarifText{Text: e.Message}}
		if e.File != "" {
			n.Locations = []sarifLocation{physicalLocation(e.File, e.Line)}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []sarifInvocation{inv}
	for _, f := range o.run.Findings {
		run.Results = append(run.Results, sarifResultOf(f, index))
	}
	return writeJSON(o.out, sarifLog{Schema: sarifSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifRuleMeta describes a rule from its HCL: the title is the short
// description, the description (or title) the full one, the remediation
// the help text.
func sarifRuleMeta(r *rules.Rule) sarifRule {
	full := r.Description
	if full == "" {
		full = r.Title
	}
	help := r.Remediation
	if len(r.References) > 0 {
		help += "\n\nReferences: " + strings.Join(r.References, "; ")
	}
	sr := sarifRule{
		ID: r.ID, Name: r.Name,
		ShortDescription: sarifText{Text: r.Title},
		FullDescription:  sarifText{Text: full},
		Help:             sarifText{Text: help},
		HelpURI:          rulesDocURI,
	}
	if sev, ok := staticSeverity(r); ok {
		sr.DefaultConfiguration = &sarifRuleCfg{Level: sarifLevel(sev)}
	}
	return sr
}

// staticSeverity is a rule's severity when it can give only one; rules
// whose severity depends on the setting have no default level.
func staticSeverity(r *rules.Rule) (rules.Severity, bool) {
	if len(r.Severities) != 1 {
		return 0, false
	}
	return r.Severities[0], true
}

// sarifLevel maps severities to SARIF levels; info is a "note".
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}

func sarifResultOf(f rules.Finding, index map[string]int) sarifResult {
	res := sarifResult{
		RuleID: f.RuleID, RuleIndex: -1, Level: sarifLevel(f.Severity),
		Message:             sarifText{Text: f.Message},
		PartialFingerprints: map[string]string{sarifFingerprintKey: f.Fingerprint()},
	}
	if i, ok := index[f.RuleID]; ok {
		res.RuleIndex = i
	}
	if f.File == rules.LiveFile {
		// A running value has no source line: name the sysctl instead, as
		// kube-linter names the Kubernetes object (peers.md 5.2).
		res.Locations = []sarifLocation{{LogicalLocations: []sarifLogical{{Name: f.Key, FullyQualifiedName: f.Key, Kind: "sysctl"}}}}
	} else {
		res.Locations = []sarifLocation{physicalLocation(f.File, f.Line)}
	}
	props := map[string]any{}
	if f.Key != "" {
		props["key"] = f.Key
	}
	if len(f.Kernels) > 0 {
		props["kernel"] = f.Kernels
	}
	if f.Suggestion != nil {
		props["suggestion"] = *f.Suggestion
	}
	if len(props) > 0 {
		res.Properties = props
	}
	return res
}

// physicalLocation points at a file and, when known, a line (SARIF lines
// start at 1, so line 0 means the whole file and has no region).
func physicalLocation(file string, line int) sarifLocation {
	loc := &sarifPhysical{ArtifactLocation: sarifArtifact{URI: fileURI(file)}}
	if line > 0 {
		loc.Region = &sarifRegion{StartLine: line}
	}
	return sarifLocation{PhysicalLocation: loc}
}

// fileURI turns a path into a URI reference: relative paths stay relative
// (code scanning resolves them against the repository root), separators
// become "/", and characters such as spaces are percent-encoded.
func fileURI(p string) string {
	u := url.URL{Path: filepath.ToSlash(p)}
	return u.String()
}
