package kernel

import (
	"encoding/json"
	"fmt"
)

// Scope says whether a key has one value per network namespace. It matters
// for containers: a new network namespace starts from compiled-in defaults,
// not from the host's tuned values (kernel-facts.md, "Container hazard").
type Scope string

// Scopes. ScopeUnknown is the honest answer for keys nobody has checked.
const (
	ScopePerNetns Scope = "per-netns"
	ScopeGlobal   Scope = "global"
	ScopeUnknown  Scope = "unknown"
)

// Change kinds recorded in a key's history.
const (
	EventAdded   = "added"
	EventRemoved = "removed"
	EventChanged = "changed"
)

// A Change is one dated fact in a key's history: when it appeared, went
// away, or changed meaning or default.
type Change struct {
	// Version is the first mainline release with the change; the zero
	// Version means the release is not known.
	Version Version
	Event   string // EventAdded, EventRemoved or EventChanged
	Note    string // what changed, for EventChanged; optional otherwise
	Source  string // commit, document or mail it comes from
	// Unverified marks a fact not confirmed against a primary source
	// (usually the release, inferred from dates). Callers must not state
	// it as fact.
	Unverified bool
}

// HasVersion reports whether the release of the change is known.
func (c Change) HasVersion() bool { return c.Version != Version{} }

// KeyInfo is what the catalogue knows about one key: always that it exists
// upstream, and for keys that rules reason about, what it does and its
// history by kernel version.
type KeyInfo struct {
	// Key is the catalogue spelling in canonical form. In per-interface
	// keys the interface component is "<iface>".
	Key     string
	Summary string // one line: what the key does; "" when not recorded
	Values  string // accepted values and their meaning
	Default string // compiled-in default as documented
	Type    string // "bool", "u8", "int", "string", ... ("" when not recorded)
	// Min and Max are the bounds the kernel enforces, when known.
	Min, Max *int64
	Scope    Scope
	// Module names the kernel module that must be loaded for the key to
	// exist ("nf_conntrack", "br_netfilter", ...); "" for built-in keys.
	Module  string
	History []Change // oldest first
	Sources []string
}

// Added returns the change that introduced the key, if recorded.
func (k KeyInfo) Added() (Change, bool) { return k.event(EventAdded) }

// Removed returns the change that removed the key, if recorded.
func (k KeyInfo) Removed() (Change, bool) { return k.event(EventRemoved) }

func (k KeyInfo) event(kind string) (Change, bool) {
	for _, c := range k.History {
		if c.Event == kind {
			return c, true
		}
	}
	return Change{}, false
}

// factsFile is the shape of catalog/facts.json.
type factsFile struct {
	Keys []struct {
		Key     string   `json:"key"`
		Summary string   `json:"summary"`
		Values  string   `json:"values"`
		Default string   `json:"default"`
		Type    string   `json:"type"`
		Min     *int64   `json:"min"`
		Max     *int64   `json:"max"`
		Scope   Scope    `json:"scope"`
		Module  string   `json:"module"`
		Sources []string `json:"sources"`
		History []struct {
			Version    string `json:"version"`
			Event      string `json:"event"`
			Note       string `json:"note"`
			Source     string `json:"source"`
			Unverified bool   `json:"unverified"`
		} `json:"history"`
	} `json:"keys"`
}

// parseFacts decodes facts.json, checking what the JSON decoder cannot:
// versions, events and scopes.
func parseFacts(data []byte) ([]KeyInfo, error) {
	var f factsFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("parsing facts: %w", err)
	}
	out := make([]KeyInfo, 0, len(f.Keys))
	for _, k := range f.Keys {
		info := KeyInfo{Key: k.Key, Summary: k.Summary, Values: k.Values, Default: k.Default,
			Type: k.Type, Min: k.Min, Max: k.Max, Scope: k.Scope, Module: k.Module, Sources: k.Sources}
		switch info.Scope {
		case ScopePerNetns, ScopeGlobal, ScopeUnknown:
		case "":
			info.Scope = ScopeUnknown
		default:
			return nil, fmt.Errorf("parsing facts: %s: unknown scope %q", k.Key, k.Scope)
		}
		for _, h := range k.History {
			c := Change{Event: h.Event, Note: h.Note, Source: h.Source, Unverified: h.Unverified}
			switch h.Event {
			case EventAdded, EventRemoved, EventChanged:
			default:
				return nil, fmt.Errorf("parsing facts: %s: unknown event %q", k.Key, h.Event)
			}
			if h.Version != "" {
				r, err := ParseRelease(h.Version)
				if err != nil {
					return nil, fmt.Errorf("parsing facts: %s: %w", k.Key, err)
				}
				c.Version = r.Version
			}
			info.History = append(info.History, c)
		}
		out = append(out, info)
	}
	return out, nil
}
