package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/twadvise/twadvise/kernel"
)

// Event kinds. Tables show added, removed, scope, type, handler, bounds,
// default and file; curated entries add noop, semantic and moved, and
// refine the others (a commit narrowing "5.13–5.14" to "5.13", or a default
// the kernel computes at run time).
const (
	EventAdded    = "added"
	EventRemoved  = "removed"
	EventMoved    = "moved" // left sysctl for debugfs or another key
	EventNoop     = "noop"  // still accepted, no longer read
	EventSemantic = "semantic"
	EventScope    = "scope"
	EventType     = "type"
	EventHandler  = "handler"
	EventBounds   = "bounds"
	EventDefault  = "default"
	EventFile     = "file" // registered in another source file; the key is unchanged
)

var curatedKinds = map[string]bool{EventNoop: true, EventDefault: true, EventSemantic: true, EventMoved: true,
	EventAdded: true, EventRemoved: true, EventScope: true, EventBounds: true, EventType: true}

// Curated is kernel/catalog/curated.json: what tables cannot show, each
// fact with a public source.
type Curated struct {
	Comment string         `json:"comment,omitempty"` // for people editing the file
	Keys    []CuratedKey   `json:"keys"`
	Events  []CuratedEvent `json:"events"`
}

// CuratedKey describes a key for people, and names keys the tables lack
// (module or configuration-dependent keys, write-only keys).
type CuratedKey struct {
	Key     string   `json:"key"`
	Summary string   `json:"summary,omitempty"`
	Values  string   `json:"values,omitempty"`
	Module  string   `json:"module,omitempty"`
	Sources []string `json:"sources"`
}

// CuratedEvent is one dated fact about a key.
type CuratedEvent struct {
	Key    string `json:"key"`
	Kind   string `json:"kind"`
	From   string `json:"from"`            // "4.14" or "3.15..3.17"
	Until  string `json:"until,omitempty"` // first release without it, for facts that stopped holding
	Value  string `json:"value,omitempty"` // new default, scope, type or bounds ("0..2")
	Note   string `json:"note"`
	Source string `json:"source"`
}

// ParseCurated decodes curated.json and checks what JSON cannot: kinds,
// releases, canonical keys, sources, and text that fits one table cell.
func ParseCurated(data []byte) (*Curated, error) {
	var c Curated
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, k := range c.Keys {
		where := fmt.Sprintf("keys[%d] %s", i, k.Key)
		if err := checkKeyName(k.Key); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if seen[k.Key] {
			return nil, fmt.Errorf("%s: listed twice", where)
		}
		seen[k.Key] = true
		if len(k.Sources) == 0 {
			return nil, fmt.Errorf("%s: no sources", where)
		}
		if err := checkCells(append([]string{k.Summary, k.Values, k.Module}, k.Sources...)...); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	for i, e := range c.Events {
		where := fmt.Sprintf("events[%d] %s %s", i, e.Key, e.Kind)
		if err := checkKeyName(e.Key); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if !curatedKinds[e.Kind] {
			return nil, fmt.Errorf("%s: unknown kind", where)
		}
		if _, err := ParseSpan(e.From); err != nil {
			return nil, fmt.Errorf("%s: from: %w", where, err)
		}
		if e.Until != "" {
			if _, err := ParseSpan(e.Until); err != nil {
				return nil, fmt.Errorf("%s: until: %w", where, err)
			}
		}
		if e.Kind == EventBounds && e.Value != "" {
			if _, _, err := parseBounds(e.Value); err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
		}
		if e.Source == "" {
			return nil, fmt.Errorf("%s: no source", where)
		}
		if err := checkCells(e.Value, e.Note, e.Source); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	return &c, nil
}

// checkKeyName accepts canonical keys, with <iface> or <name> components.
func checkKeyName(key string) error {
	if key == "" || kernel.CanonicalKey(key) != key || kernel.IsGlob(key) || strings.ContainsAny(key, " \t") {
		return fmt.Errorf("key %q is not in canonical dotted form", key)
	}
	return nil
}

// checkCells rejects text the generated file cannot hold in one cell, and
// citations of twadvise's own working notes, which users cannot read.
func checkCells(cells ...string) error {
	for _, s := range cells {
		if strings.ContainsAny(s, "\t\n\r") {
			return fmt.Errorf("%q: tabs and newlines are not allowed", s)
		}
		if strings.Contains(s, "kernel-facts") {
			return fmt.Errorf("%q: cite a public source, not kernel-facts notes", s)
		}
	}
	return nil
}

// parseBounds reads "0..2", "1..", "..100" (a missing side is unbounded).
func parseBounds(s string) (min, max string, err error) {
	lo, hi, ok := strings.Cut(s, "..")
	if !ok {
		return "", "", fmt.Errorf("bounds %q: want MIN..MAX", s)
	}
	for _, p := range []string{lo, hi} {
		if p != "" && !isInt(p) {
			return "", "", fmt.Errorf("bounds %q: %q is not an integer", s, p)
		}
	}
	return dashIfEmpty(lo), dashIfEmpty(hi), nil
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func isInt(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
