package catalog

import (
	"fmt"
	"strconv"

	"github.com/twadvise/twadvise/kernel"
)

// Status is the knowledge base's verdict on a key for a target release.
type Status string

// Statuses.
const (
	// StatusPresent: the key exists on the target release (or no tree
	// says otherwise: a key known only from curated data is assumed to
	// exist everywhere, as a false "unknown key" costs more than a miss).
	StatusPresent Status = "present"
	// StatusModule: the key exists once Module is loaded.
	StatusModule Status = "module"
	// StatusNotYetAdded: the key appeared after the target release.
	StatusNotYetAdded Status = "not-yet-added"
	// StatusRemoved: the key was removed at or before the target release.
	// It wins over StatusModule.
	StatusRemoved Status = "removed"
	// StatusMoved: the key left sysctl (for debugfs or another key).
	StatusMoved Status = "moved"
	// StatusInGap: the key was added or removed in a range of releases
	// and the target falls inside it: Event says which and Event.Span
	// where; callers should report it as info, naming the range.
	StatusInGap Status = "in-gap"
	// StatusUnknown: no release and no curated entry has the key.
	StatusUnknown Status = "unknown"
)

// State is what the knowledge base says about a key on one release.
type State struct {
	Key     string // catalogue spelling; the canonical key for StatusUnknown
	Status  Status
	Release kernel.Version // the release asked about
	// Event decides the status for not-yet-added, removed, moved and
	// in-gap: its kind, release or range, and sources.
	Event  *Event
	Module string // the module that registers the key, for any status
	// Vendor is set for distribution kernels ("el7", "uek"): they
	// backport keys, so "added after" is to be softened.
	Vendor string
	// Recorded is false for a key no table has (known only from curated
	// data): its history is not recorded.
	Recorded bool
	// OutsideRange is set when the release is older or newer than every
	// tree read; the nearest tree's facts are used and Note says so.
	OutsideRange bool
	Note         string

	// The per-release facts, from the table of FactsFrom (nil when no
	// table has the key), corrected by curated entries. "-" or "" is
	// unknown.
	FactsFrom *Release
	Facts     Row
	// Min and Max are the bounds the handler enforces, when known.
	Min, Max *int64
	// Assumed marks facts taken from an older release because FactsFrom
	// lists names only (6.18 takes 6.14's details).
	Assumed bool
	// Changing lists events whose range holds the release: the facts they
	// change are uncertain there.
	Changing []Event
	// Noop is set when the key is accepted but does nothing on the release.
	Noop *Event
}

// Exists reports whether the key is certainly there (once its module is
// loaded, for module keys).
func (s State) Exists() bool { return s.Status == StatusPresent || s.Status == StatusModule }

// At says what is known about the key on release v.
func (k *Key) At(v kernel.Version) State {
	k.derive()
	s := State{Key: k.Name, Release: v, Module: k.Module, Status: StatusPresent}
	for _, r := range k.rows {
		if r != nil {
			s.Recorded = true
			break
		}
	}
	rels := k.kb.releases
	if n := len(rels); n > 0 {
		m := minorOf(v)
		switch oldest, newest := rels[0], rels[n-1]; {
		case m.Compare(minorOf(oldest.Version)) < 0:
			s.OutsideRange = true
			s.Note = fmt.Sprintf("Linux %s is older than every kernel tree read: facts are those of %s, the oldest", v, oldest.Name)
		case m.Compare(minorOf(newest.Version)) > 0:
			s.OutsideRange = true
			s.Note = fmt.Sprintf("Linux %s is newer than every kernel tree read: facts are those of %s, the newest", v, newest.Name)
		}
	}
	k.lifecycleAt(&s, v)
	k.factsAt(&s, v)
	if s.Status == StatusPresent && s.Module != "" {
		s.Status = StatusModule
	}
	return s
}

// AtRelease is At for a parsed release: it also records the vendor of a
// distribution kernel, with a note.
func (k *Key) AtRelease(r kernel.Release) State {
	s := k.At(r.Version)
	if r.Vendor != "" {
		s.Vendor = r.Vendor
		s.Note = joinNotes(s.Note, vendorNote(r))
	}
	return s
}

func vendorNote(r kernel.Release) string {
	return fmt.Sprintf("%s is a vendor kernel (%s): distributions backport keys, so its keys may differ from mainline %s; on the host, /proc/sys is the truth",
		r.Raw, r.Vendor, r.Version)
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// lifecycleAt walks the added/removed/moved events up to v.
func (k *Key) lifecycleAt(s *State, v kernel.Version) {
	var life []*Event
	for i := range k.events {
		if k.events[i].lifecycle() {
			life = append(life, &k.events[i])
		}
	}
	if len(life) == 0 {
		return
	}
	present := life[0].Kind != EventAdded
	var last *Event
	for _, e := range life {
		if e.Span.Covers(v) {
			s.Status, s.Event = StatusInGap, e
			return
		}
		if !e.Span.After(v) {
			break
		}
		present, last = e.Kind == EventAdded, e
	}
	switch {
	case present:
	case last == nil:
		s.Status, s.Event = StatusNotYetAdded, life[0]
	case last.Kind == EventMoved:
		s.Status, s.Event = StatusMoved, last
	default:
		s.Status, s.Event = StatusRemoved, last
	}
}

// factsAt picks the table row for v: the newest release read at or before
// v's minor that has the key, else the oldest after it; then applies
// curated corrections in effect at v.
func (k *Key) factsAt(s *State, v kernel.Version) {
	m := minorOf(v)
	idx := -1
	for i, r := range k.kb.releases {
		if minorOf(r.Version).Compare(m) <= 0 && k.rows[i] != nil {
			idx = i
		}
	}
	if idx < 0 {
		for i := range k.kb.releases {
			if k.rows[i] != nil {
				idx = i
				break
			}
		}
	}
	s.Facts = Row{Scope: "-", Type: "-", Handler: "-", Min: "-", Max: "-", Default: "-", Guard: "-", File: "-"}
	if idx >= 0 {
		s.FactsFrom, s.Facts, s.Assumed = &k.kb.releases[idx], *k.rows[idx], k.assumed[idx]
	}
	for i := range k.events {
		e := &k.events[i]
		if e.Span.Covers(v) && !e.lifecycle() {
			s.Changing = append(s.Changing, *e)
		}
		if !e.Curated() || !e.Span.After(v) || (!e.Until.IsZero() && e.Until.After(v)) {
			continue
		}
		switch e.Kind {
		case EventNoop:
			s.Noop = e
		case EventScope:
			setIf(&s.Facts.Scope, e.After)
		case EventType:
			setIf(&s.Facts.Type, e.After)
		case EventDefault:
			setIf(&s.Facts.Default, e.After)
		case EventBounds:
			if lo, hi, err := parseBounds(e.After); err == nil && e.After != "" {
				s.Facts.Min, s.Facts.Max = lo, hi
			}
		}
	}
	lo, hi := effectiveBounds(s.Facts)
	s.Min, s.Max = parseInt(lo), parseInt(hi)
}

func setIf(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

func parseInt(s string) *int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil
	}
	return &n
}

// NoOp returns the curated event saying the key does nothing on release v.
func (k *Key) NoOp(v kernel.Version) (Event, bool) {
	if s := k.At(v); s.Noop != nil {
		return *s.Noop, true
	}
	return Event{}, false
}

// State is the verdict for key on target: StatusUnknown when the knowledge
// base lacks the key; with a nil target, present or module from the
// catalogue alone.
func (kb *KB) State(key string, target *kernel.Release) State {
	canon := kernel.CanonicalKey(key)
	k, ok := kb.Key(key)
	if !ok {
		s := State{Key: canon, Status: StatusUnknown}
		if target != nil {
			s.Release = target.Version
			if target.Vendor != "" {
				s.Vendor, s.Note = target.Vendor, vendorNote(*target)
			}
		}
		return s
	}
	if target == nil {
		s := k.At(kb.Newest().Version)
		s.Event, s.Note, s.OutsideRange, s.Status = nil, "", false, StatusPresent
		if k.Module != "" {
			s.Status = StatusModule
		}
		return s
	}
	return k.AtRelease(*target)
}
