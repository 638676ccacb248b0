package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// An Event is one change in a key's life: derived from two consecutive
// tables, or curated with its source, or both (a curated source narrowing
// what the tables bound).
type Event struct {
	Kind string // EventAdded, EventRemoved, EventScope...
	// Span is the release that made the change: exact when the trees on
	// both sides are adjacent minors (or a curated source names it), else
	// a range.
	Span Span
	// Until, when set, is the first release where a curated fact stops
	// holding (a no-op that became meaningful again).
	Until  Span
	Before string // the old value (scope, type, bounds...), "" when none
	After  string // the new value
	Note   string
	// Source is the public source of a curated fact; "" for a derived one.
	Source string
	// Older and Newer are the trees that bound a derived event: the last
	// release read without the change and the first with it. nil for a
	// purely curated event.
	Older, Newer *Release
	File         string // the source file the trees show it in, if known
}

// Curated reports whether a curated source backs the event.
func (e Event) Curated() bool { return e.Source != "" }

// Trees says which trees show a derived event, e.g.
// "net/ipv4/sysctl_net_ipv4.c @4.9.0 and @4.10.0"; "" for a curated one.
func (e Event) Trees() string {
	if e.Older == nil || e.Newer == nil {
		return ""
	}
	s := fmt.Sprintf("@%s and @%s", e.Older.Name, e.Newer.Name)
	if e.File != "" && e.File != "-" {
		s = e.File + " " + s
	}
	return s
}

// Cite is the event's sources for people: the curated source, then the
// trees read.
func (e Event) Cite() string {
	var parts []string
	if e.Source != "" {
		parts = append(parts, e.Source)
	}
	if t := e.Trees(); t != "" {
		parts = append(parts, "trees "+t)
	}
	return strings.Join(parts, "; ")
}

// lifecycle reports whether the event decides whether the key exists.
func (e Event) lifecycle() bool {
	return e.Kind == EventAdded || e.Kind == EventRemoved || e.Kind == EventMoved
}

// Events lists the key's changes, oldest first.
func (k *Key) Events() []Event {
	k.derive()
	return slices.Clone(k.events)
}

// derive fills rows and events once; data errors were caught by Build (the
// generated file is built with it), so they are dropped here.
func (k *Key) derive() { _, _ = k.deriveChecked() }

func (k *Key) deriveChecked() ([]Event, error) {
	var err error
	k.once.Do(func() { err = k.compute() })
	return k.events, err
}

func (k *Key) compute() error {
	if k.raw != "" {
		if err := k.parseBlock(); err != nil {
			return err
		}
	}
	rels := k.kb.releases
	k.rows = make([]*Row, len(rels))
	k.assumed = make([]bool, len(rels))
	for i := range k.runs {
		r := &k.runs[i]
		for j := r.first; j <= r.last; j++ {
			k.rows[j] = &r.row
		}
	}
	// A names-only list says a key exists, not that a missing one is gone
	// (the machine's configuration may lack it): carry the previous
	// release's details over, marked as assumed.
	for i, rel := range rels {
		if !rel.NamesOnly || i == 0 {
			continue
		}
		prev := k.rows[i-1]
		switch {
		case prev == nil:
			// listed here only: added in the gap, no details
		case k.rows[i] == nil || k.rows[i].namesOnly():
			row := *prev
			if k.rows[i] != nil && knownScope(k.rows[i].Scope) {
				row.Scope = k.rows[i].Scope // measured on the machine
			}
			k.rows[i], k.assumed[i] = &row, true
		}
	}
	var evs []Event
	for i := 1; i < len(rels); i++ {
		a, b := k.rows[i-1], k.rows[i]
		older, newer := &rels[i-1], &rels[i]
		span := spanBetween(older.Version, newer.Version)
		mk := func(kind, before, after, file string) Event {
			return Event{Kind: kind, Span: span, Before: before, After: after, Older: older, Newer: newer, File: file}
		}
		switch {
		case a == nil && b == nil:
		case a == nil:
			evs = append(evs, mk(EventAdded, "", "", b.File))
		case b == nil:
			evs = append(evs, mk(EventRemoved, "", "", a.File))
		default:
			evs = append(evs, changes(a, b, mk)...)
		}
	}
	for _, c := range k.curated {
		var err error
		if evs, err = k.merge(evs, c); err != nil {
			return err
		}
	}
	slices.SortStableFunc(evs, func(a, b Event) int { return a.Span.From.Compare(b.Span.From) })
	k.events = evs
	return nil
}

// changes lists what differs between two rows of consecutive releases,
// comparing only what both rows know.
func changes(a, b *Row, mk func(kind, before, after, file string) Event) []Event {
	var evs []Event
	if knownScope(a.Scope) && knownScope(b.Scope) && a.Scope != b.Scope {
		evs = append(evs, mk(EventScope, a.Scope, b.Scope, b.File))
	}
	if a.namesOnly() || b.namesOnly() {
		return evs
	}
	if a.Type != "-" && b.Type != "-" && a.Type != b.Type {
		evs = append(evs, mk(EventType, a.Type, b.Type, b.File))
	}
	if a.Handler != "-" && b.Handler != "-" && a.Handler != b.Handler {
		evs = append(evs, mk(EventHandler, a.Handler, b.Handler, b.File))
	}
	if ba, bb := boundsText(*a), boundsText(*b); a.Handler != "-" && b.Handler != "-" && ba != bb &&
		!strings.Contains(ba+bb, "?") {
		evs = append(evs, mk(EventBounds, ba, bb, b.File))
	}
	if a.Default != "-" && b.Default != "-" && a.Default != b.Default {
		evs = append(evs, mk(EventDefault, a.Default, b.Default, b.File))
	}
	if a.File != "-" && b.File != "-" && a.File != b.File {
		evs = append(evs, mk(EventFile, a.File, b.File, b.File))
	}
	return evs
}

func knownScope(s string) bool { return s == "global" || s == "netns" || s == "iface" }

// merge adds a curated event. One that names a release inside a derived
// event's range narrows it; one the trees contradict is an error.
func (k *Key) merge(evs []Event, c CuratedEvent) ([]Event, error) {
	span, _ := ParseSpan(c.From) // checked by ParseCurated
	var until Span
	if c.Until != "" {
		until, _ = ParseSpan(c.Until)
	}
	e := Event{Kind: c.Kind, Span: span, Until: until, After: c.Value, Note: c.Note, Source: c.Source}
	derivedKind := c.Kind
	if c.Kind == EventMoved {
		derivedKind = EventRemoved
	}
	var clash *Event
	for i := range evs {
		d := &evs[i]
		if d.Kind != derivedKind || d.Curated() {
			continue
		}
		if d.Span.From.Compare(span.From) <= 0 && span.To.Compare(d.Span.To) <= 0 {
			d.Kind, d.Span, d.Until, d.Note, d.Source = c.Kind, span, until, c.Note, c.Source
			if c.Value != "" {
				d.After = c.Value
			}
			return evs, nil
		}
		clash = d
	}
	if clash != nil && e.lifecycle() && k.inTableRange(span) {
		return nil, fmt.Errorf("curated.json: %s %s in %s, but the trees show it %s in %s (%s)",
			k.Name, c.Kind, span, clash.Kind, clash.Span, clash.Trees())
	}
	return append(evs, e), nil
}

// inTableRange reports whether a span lies between the oldest and newest
// releases read, where the tables decide a key's existence.
func (k *Key) inTableRange(s Span) bool {
	rels := k.kb.releases
	if len(rels) < 2 {
		return false
	}
	return minorOf(rels[0].Version).Compare(s.From) < 0 && s.To.Compare(minorOf(rels[len(rels)-1].Version)) <= 0
}

// boundsText renders a row's effective bounds ("0..2", "1..", "none").
func boundsText(r Row) string {
	lo, hi := effectiveBounds(r)
	if lo == "-" && hi == "-" {
		return "none"
	}
	if lo == "-" {
		lo = ""
	}
	if hi == "-" {
		hi = ""
	}
	return lo + ".." + hi
}

// effectiveBounds are the bounds the handler enforces: the table's, plus
// the range of the type for handlers that check it (proc_dou8vec_minmax
// rejects values above 255 with or without extra2).
func effectiveBounds(r Row) (lo, hi string) {
	lo, hi = r.Min, r.Max
	if r.Handler == "proc_dou8vec_minmax" {
		if lo == "-" {
			lo = "0"
		}
		if hi == "-" {
			hi = "255"
		}
	}
	return lo, hi
}
