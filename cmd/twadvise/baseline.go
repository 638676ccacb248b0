package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/fleet"
	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// A baseline lets a legacy repository adopt twadvise: the findings it has
// today are recorded once (--write-baseline) and only new ones are
// reported (--baseline). Findings are matched by fingerprint (rule, key,
// file, value: not the line), so moving lines or editing others does not
// resurface them. Rule, key and file are written beside each fingerprint
// so a reviewer can read the file; count records how many findings share
// a fingerprint (two malformed lines in one file have the same one), and
// that many are absorbed.
type baselineFile struct {
	Schema   int             `json:"schema"`
	Tool     toolInfo        `json:"tool"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Key         string `json:"key"`
	File        string `json:"file"`
	Count       int    `json:"count"`
}

// applyBaseline writes the baseline if asked, then drops the findings the
// baseline (the one given, or the one just written) accounts for.
func applyBaseline(cmd *cobra.Command, cf *checkFlags, run *check.Result) error {
	counts := map[string]int{}
	switch {
	case cf.writeBaseline != "":
		data, err := encodeBaseline(run.Findings)
		if err != nil {
			return failed("writing baseline: %v", err)
		}
		// Regenerating the baseline is routine, so it overwrites; the old
		// one stays in FILE.bak.
		if err := writeFileAtomic(cf.writeBaseline, data, true); err != nil {
			return failed("writing baseline %s: %v", cf.writeBaseline, err)
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "twadvise: wrote %d findings to baseline %s\n", len(run.Findings), cf.writeBaseline)
		for _, f := range run.Findings {
			counts[f.Fingerprint()]++
		}
	case cf.baseline != "":
		b, err := readBaseline(cf.baseline)
		if err != nil {
			return failed("--baseline %s: %v", cf.baseline, err)
		}
		for _, e := range b.Findings {
			counts[e.Fingerprint] += max(e.Count, 1)
		}
	default:
		return nil
	}
	kept := run.Findings[:0]
	for _, f := range run.Findings {
		if fp := f.Fingerprint(); counts[fp] > 0 {
			counts[fp]--
			continue
		}
		kept = append(kept, f)
	}
	run.Findings = kept
	return nil
}

func encodeBaseline(fs []rules.Finding) ([]byte, error) {
	byFP := map[string]*baselineEntry{}
	for _, f := range fs {
		fp := f.Fingerprint()
		if e := byFP[fp]; e != nil {
			e.Count++
			continue
		}
		byFP[fp] = &baselineEntry{Fingerprint: fp, Rule: f.RuleID, Key: f.Key, File: f.File, Count: 1}
	}
	b := baselineFile{Schema: 1, Tool: currentTool(), Findings: []baselineEntry{}}
	for _, e := range byFP {
		b.Findings = append(b.Findings, *e)
	}
	sort.Slice(b.Findings, func(i, j int) bool { return b.Findings[i].Fingerprint < b.Findings[j].Fingerprint })
	var buf bytes.Buffer
	err := writeJSON(&buf, b)
	return buf.Bytes(), err
}

// readBaseline reads a --baseline file through kernel.ReadRegularFile: a
// FIFO or device is refused instead of blocking, and the size is bounded
// like a fleet report (fleet.MaxReportSize).
func readBaseline(name string) (*baselineFile, error) {
	data, err := kernel.ReadRegularFile(name, fleet.MaxReportSize)
	if err != nil {
		return nil, err
	}
	var b baselineFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("not a twadvise baseline: %v", err)
	}
	if b.Schema != 1 {
		return nil, fmt.Errorf("baseline schema %d, want 1", b.Schema)
	}
	return &b, nil
}
