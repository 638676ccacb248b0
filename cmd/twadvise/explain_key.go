package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
)

// errUnknownKey is returned by explainKey for a key the catalogue lacks, so
// the command can decide what else to try (rules, later) before failing.
type errUnknownKey struct {
	key         string
	suggestions []string
}

func (e *errUnknownKey) Error() string {
	msg := fmt.Sprintf("unknown key %q: not in the catalogue of mainline kernel keys", e.key)
	if len(e.suggestions) > 0 {
		msg += "; did you mean " + strings.Join(e.suggestions, " or ") + "?"
	}
	return msg
}

// keysEndingWith lists the catalogue keys whose last components are word
// (tcp_tw_reuse, ipv4.tcp_tw_reuse: net.ipv4.tcp_tw_reuse), so a key can be
// explained by its familiar short name. Per-interface keys are spelled
// with the catalogue's placeholder.
func keysEndingWith(word string) []string {
	word = strings.Trim(kernel.CanonicalKey(strings.TrimSpace(word)), ".")
	if word == "" {
		return nil
	}
	var out []string
	for _, k := range catalog.Builtin().Keys() {
		if strings.HasSuffix(k, "."+word) {
			out = append(out, k)
		}
	}
	return out
}

// lookupSpelling is how a catalogue key is looked up: a per-interface key
// as the "all" interface.
func lookupSpelling(catalogueKey string) string {
	return strings.Replace(catalogueKey, catalog.IfacePlaceholder, "all", 1)
}

// keyExplanation is the JSON form of `twadvise explain KEY`.
type keyExplanation struct {
	Schema  int                `json:"schema"`
	Tool    toolInfo           `json:"tool"`
	Key     string             `json:"key"`
	Pattern string             `json:"pattern"`
	Summary string             `json:"summary"`
	Values  string             `json:"values"`
	Release string             `json:"release"` // the release the facts below are for: the newest read
	Assumed bool               `json:"assumed"` // facts taken from an older release's tree
	Default string             `json:"default"`
	Type    string             `json:"type"`
	Handler string             `json:"handler"`
	Min     *int64             `json:"min"`
	Max     *int64             `json:"max"`
	Scope   string             `json:"scope"` // "per-netns", "global" or "unknown"
	Module  string             `json:"module"`
	History []historyEntryJSON `json:"history"`
	Sources []string           `json:"sources"`
}

type historyEntryJSON struct {
	Version string `json:"version"` // release, or range "4.13–4.14"; "" when unknown
	Event   string `json:"event"`   // added, removed, moved, scope, type, handler, bounds, default, file, noop, semantic
	Before  string `json:"before,omitempty"`
	After   string `json:"after,omitempty"`
	Note    string `json:"note"`
	Source  string `json:"source"` // curated source and/or the trees that show it
}

// explainKey writes what the built-in knowledge base knows about key.
func explainKey(w io.Writer, key string, format string) error {
	return explainKeyIn(w, catalog.Builtin(), key, format)
}

// explainKeyIn writes what kb knows about key: what it does, its values,
// type, bounds, default and scope on the newest release read, its life
// release by release with sources, as text or JSON (format "json").
func explainKeyIn(w io.Writer, kb *catalog.KB, key string, format string) error {
	k, ok := kb.Key(key)
	if !ok {
		return &errUnknownKey{key: kernel.CanonicalKey(key), suggestions: kb.Suggest(key)}
	}
	canon := kernel.CanonicalKey(strings.TrimSpace(key))
	e := newKeyExplanation(kb, canon, k)
	switch format {
	case "json":
		return writeJSON(w, e)
	case "text", "":
		return writeKeyText(w, kb, e)
	default:
		return checkFormat(format, textAndJSON...)
	}
}

func newKeyExplanation(kb *catalog.KB, canon string, k *catalog.Key) keyExplanation {
	st := kb.State(canon, nil)
	dash := func(s string) string { return strings.TrimPrefix(s, "-") }
	e := keyExplanation{Schema: 1, Tool: currentTool(), Key: canon, Pattern: k.Name,
		Summary: k.Summary, Values: k.Values, Assumed: st.Assumed,
		Default: dash(st.Facts.Default), Type: dash(st.Facts.Type), Handler: dash(st.Facts.Handler),
		Min: st.Min, Max: st.Max, Scope: scopeName(st.Facts.Scope), Module: k.Module,
		History: []historyEntryJSON{}, Sources: k.Sources}
	if st.FactsFrom != nil {
		e.Release = kb.Newest().Name
	}
	if e.Sources == nil {
		e.Sources = []string{}
	}
	for _, ev := range k.Events() {
		if strings.HasPrefix(ev.Note, "interim:") {
			continue // a fact of the old catalogue, not a change (kernel/catalog/interim.json)
		}
		e.History = append(e.History, historyEntryJSON{Version: ev.Span.String(), Event: ev.Kind,
			Before: ev.Before, After: ev.After, Note: ev.Note, Source: ev.Cite()})
	}
	return e
}

// scopeName maps the knowledge base's scopes to the names rules use.
func scopeName(s string) string {
	switch s {
	case "netns", "iface":
		return "per-netns"
	case "global":
		return "global"
	}
	return "unknown"
}

// scopeText spells a scope out for people.
func scopeText(s string) string {
	switch s {
	case "per-netns":
		return "per network namespace (a new namespace, e.g. a container's, starts from the kernel default)"
	case "global":
		return "global (one value for the whole kernel)"
	}
	return "unknown"
}

// eventText says what an event changed, in a few words.
func eventText(h historyEntryJSON) string {
	change := func(what string) string {
		switch {
		case h.Before != "" && h.After != "":
			return fmt.Sprintf("%s %s -> %s", what, h.Before, h.After)
		case h.After != "":
			return fmt.Sprintf("%s %s", what, h.After)
		}
		return what + " changed"
	}
	var s string
	switch h.Event {
	case catalog.EventScope:
		s = change("scope")
	case catalog.EventType:
		s = change("type")
	case catalog.EventHandler:
		s = change("handler")
	case catalog.EventBounds:
		s = change("bounds")
	case catalog.EventDefault:
		s = change("default")
	case catalog.EventFile:
		s = fmt.Sprintf("registered in %s (was %s)", h.After, h.Before)
	case catalog.EventNoop:
		s = "no effect any more"
	case catalog.EventSemantic:
		s = "meaning changed"
	case catalog.EventMoved:
		s = "moved out of sysctl"
	default:
		s = h.Event
	}
	if h.Note != "" && h.Note != h.Event {
		s += ": " + h.Note
	}
	return s
}

func writeKeyText(w io.Writer, kb *catalog.KB, e keyExplanation) error {
	var b strings.Builder
	fmt.Fprintln(&b, e.Key)
	if e.Pattern != e.Key {
		fmt.Fprintf(&b, "  matches:  %s\n", e.Pattern)
	}
	if e.Summary != "" {
		fmt.Fprintf(&b, "  %s\n", e.Summary)
	}
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %-9s %s\n", name+":", v)
		}
	}
	field("values", e.Values)
	if e.Release != "" {
		as := "  as of " + e.Release
		if e.Assumed {
			as += " (details of the previous tree, assumed unchanged)"
		}
		fmt.Fprintln(&b, as+":")
	}
	field("default", e.Default)
	field("type", typeText(e))
	field("scope", scopeText(e.Scope))
	if e.Module != "" {
		field("module", e.Module+" (the key exists only while the module is loaded)")
	}
	fmt.Fprintln(&b, "  history:")
	rels := kb.Releases()
	switch {
	case len(e.History) > 0:
	case e.Release == "":
		fmt.Fprintln(&b, "    not recorded in any kernel tree read; twadvise assumes the key exists on every kernel")
	default:
		fmt.Fprintf(&b, "    no change in the kernel trees read (%s to %s)\n", rels[0].Name, rels[len(rels)-1].Name)
	}
	for _, h := range e.History {
		version := h.Version
		if version == "" {
			version = "(release unknown)"
		}
		fmt.Fprintf(&b, "    %-10s %s\n               source: %s\n", version, eventText(h), h.Source)
	}
	if len(e.Sources) > 0 {
		fmt.Fprintln(&b, "  sources:")
		for _, s := range e.Sources {
			fmt.Fprintf(&b, "    - %s\n", s)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// typeText renders a key's type with its bounds, e.g. "u8, 0..2".
func typeText(e keyExplanation) string {
	t := e.Type
	switch {
	case e.Min != nil && e.Max != nil:
		t += fmt.Sprintf(", %d..%d", *e.Min, *e.Max)
	case e.Min != nil:
		t += fmt.Sprintf(", at least %d", *e.Min)
	case e.Max != nil:
		t += fmt.Sprintf(", at most %d", *e.Max)
	}
	return strings.TrimPrefix(t, ", ")
}
