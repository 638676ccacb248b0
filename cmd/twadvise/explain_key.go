package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/twadvise/twadvise/kernel"
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
	for _, k := range kernel.Catalogue() {
		if strings.HasSuffix(k, "."+word) {
			out = append(out, k)
		}
	}
	return out
}

// lookupSpelling is how a catalogue key is looked up: a per-interface key
// as the "all" interface.
func lookupSpelling(catalogueKey string) string {
	return strings.Replace(catalogueKey, kernel.IfacePlaceholder, "all", 1)
}

// keyExplanation is the JSON form of `twadvise explain KEY`.
type keyExplanation struct {
	Schema  int                `json:"schema"`
	Tool    toolInfo           `json:"tool"`
	Key     string             `json:"key"`
	Pattern string             `json:"pattern"`
	Summary string             `json:"summary"`
	Values  string             `json:"values"`
	Default string             `json:"default"`
	Type    string             `json:"type"`
	Min     *int64             `json:"min"`
	Max     *int64             `json:"max"`
	Scope   kernel.Scope       `json:"scope"`
	Module  string             `json:"module"`
	History []historyEntryJSON `json:"history"`
	Sources []string           `json:"sources"`
}

type historyEntryJSON struct {
	Version    string `json:"version"` // "" when the release is not known
	Event      string `json:"event"`
	Note       string `json:"note"`
	Source     string `json:"source"`
	Unverified bool   `json:"unverified"`
}

// explainKey writes what the catalogue knows about key: what it does, its
// values and default, its network-namespace scope, its history by kernel
// version and the sources, as text or JSON (format "json").
func explainKey(w io.Writer, key string, format string) error {
	info, ok := kernel.LookupKey(key)
	if !ok {
		return &errUnknownKey{key: kernel.CanonicalKey(key), suggestions: kernel.SuggestKey(key)}
	}
	canon := kernel.CanonicalKey(strings.TrimSpace(key))
	switch format {
	case "json":
		return writeJSON(w, newKeyExplanation(canon, info))
	case "text", "":
		return writeKeyText(w, canon, info)
	default:
		return checkFormat(format, textAndJSON...)
	}
}

func newKeyExplanation(canon string, info kernel.KeyInfo) keyExplanation {
	e := keyExplanation{Schema: 1, Tool: currentTool(), Key: canon, Pattern: info.Key,
		Summary: info.Summary, Values: info.Values, Default: info.Default, Type: info.Type,
		Min: info.Min, Max: info.Max, Scope: info.Scope, Module: info.Module,
		History: []historyEntryJSON{}, Sources: info.Sources}
	if e.Sources == nil {
		e.Sources = []string{}
	}
	for _, c := range info.History {
		h := historyEntryJSON{Event: c.Event, Note: c.Note, Source: c.Source, Unverified: c.Unverified}
		if c.HasVersion() {
			h.Version = c.Version.String()
		}
		e.History = append(e.History, h)
	}
	return e
}

// scopeText spells a Scope out for people.
func scopeText(s kernel.Scope) string {
	switch s {
	case kernel.ScopePerNetns:
		return "per network namespace (a new namespace, e.g. a container's, starts from the kernel default)"
	case kernel.ScopeGlobal:
		return "global (one value for the whole kernel)"
	}
	return "unknown"
}

func writeKeyText(w io.Writer, canon string, info kernel.KeyInfo) error {
	var b strings.Builder
	fmt.Fprintln(&b, canon)
	if info.Key != canon {
		fmt.Fprintf(&b, "  matches:  %s\n", info.Key)
	}
	if info.Summary != "" {
		fmt.Fprintf(&b, "  %s\n", info.Summary)
	} else {
		fmt.Fprintln(&b, "  A key of current mainline kernels; twadvise records nothing more about it.")
	}
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %-9s %s\n", name+":", v)
		}
	}
	field("values", info.Values)
	field("default", info.Default)
	field("type", typeText(info))
	field("scope", scopeText(info.Scope))
	if info.Module != "" {
		field("module", info.Module+" (the key exists only while the module is loaded)")
	}
	fmt.Fprintln(&b, "  history:")
	if len(info.History) == 0 {
		fmt.Fprintln(&b, "    not recorded; twadvise assumes the key exists on every kernel")
	}
	for _, c := range info.History {
		version := "(release unknown)"
		if c.HasVersion() {
			version = c.Version.String()
		}
		what := c.Event
		if c.Note != "" {
			what += ": " + c.Note
		}
		if c.Unverified {
			what += " (UNVERIFIED)"
		}
		fmt.Fprintf(&b, "    %-8s %s\n             source: %s\n", version, what, c.Source)
	}
	if len(info.Sources) > 0 {
		fmt.Fprintln(&b, "  sources:")
		for _, s := range info.Sources {
			fmt.Fprintf(&b, "    - %s\n", s)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// typeText renders a key's type with its bounds, e.g. "u8, 0..2".
func typeText(info kernel.KeyInfo) string {
	t := info.Type
	switch {
	case info.Min != nil && info.Max != nil:
		t += fmt.Sprintf(", %d..%d", *info.Min, *info.Max)
	case info.Min != nil:
		t += fmt.Sprintf(", at least %d", *info.Min)
	case info.Max != nil:
		t += fmt.Sprintf(", at most %d", *info.Max)
	}
	return strings.TrimPrefix(t, ", ")
}
