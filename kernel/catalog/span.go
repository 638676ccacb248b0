package catalog

import (
	"fmt"
	"strings"

	"github.com/twadvise/twadvise/kernel"
)

// Minor is a kernel minor release (4.12), the unit events are stated in:
// stable updates (4.12.4) can carry backports, but the knowledge base
// reasons about the mainline release that introduced a change.
type Minor struct{ Major, Minor int }

func minorOf(v kernel.Version) Minor { return Minor{v.Major, v.Minor} }

func (m Minor) String() string { return fmt.Sprintf("%d.%d", m.Major, m.Minor) }

// Compare returns -1, 0 or +1 as m is older than, equal to or newer than o.
func (m Minor) Compare(o Minor) int {
	return kernel.Version{Major: m.Major, Minor: m.Minor}.Compare(kernel.Version{Major: o.Major, Minor: o.Minor})
}

// lastMinor is the last minor release of each finished major series.
var lastMinor = map[int]int{2: 6, 3: 19, 4: 20, 5: 19}

// next is the mainline release after m (3.19 -> 4.0).
func (m Minor) next() Minor {
	if last, ok := lastMinor[m.Major]; ok && m.Minor >= last {
		return Minor{m.Major + 1, 0}
	}
	return Minor{m.Major, m.Minor + 1}
}

// A Span is the mainline release in which something happened: one minor
// release when the trees on both sides of it were read (From == To), or a
// range when the nearest trees read are further apart ("4.13–4.14").
type Span struct{ From, To Minor }

// Exact reports whether the span is a single release.
func (s Span) Exact() bool { return s.From == s.To }

// IsZero reports whether the span is unset.
func (s Span) IsZero() bool { return s == Span{} }

func (s Span) String() string {
	if s.IsZero() {
		return ""
	}
	if s.Exact() {
		return s.From.String()
	}
	return s.From.String() + "–" + s.To.String()
}

// Contains reports whether m falls inside the span.
func (s Span) Contains(m Minor) bool { return s.From.Compare(m) <= 0 && m.Compare(s.To) <= 0 }

// Covers reports whether release v is inside the span but not at its end,
// i.e. whether the span leaves it open whether v has the change: for
// "6.2–6.13", 6.5 is covered, 6.13 (the tree read) is not.
func (s Span) Covers(v kernel.Version) bool {
	m := minorOf(v)
	return !s.Exact() && s.From.Compare(m) <= 0 && m.Compare(s.To) < 0
}

// After reports whether release v certainly has the change.
func (s Span) After(v kernel.Version) bool { return minorOf(v).Compare(s.To) >= 0 }

// spanBetween is where a change seen between two trees happened: the
// release after the older tree's minor, up to the newer tree's minor. Two
// trees of the same minor (4.14.0 and 4.14.177) bound a stable update; the
// span is then that minor.
func spanBetween(before, after kernel.Version) Span {
	a, b := minorOf(before), minorOf(after)
	if a == b {
		return Span{b, b}
	}
	return Span{a.next(), b}
}

// ParseSpan reads "4.14", "4.14.3" (the patch level is dropped),
// "3.15..3.17" or "3.15–3.17".
func ParseSpan(s string) (Span, error) {
	s = strings.TrimSpace(s)
	from, to, ok := strings.Cut(s, "..")
	if !ok {
		from, to, ok = strings.Cut(s, "–")
	}
	if !ok {
		to = from
	}
	f, err := parseMinor(from)
	if err != nil {
		return Span{}, err
	}
	t, err := parseMinor(to)
	if err != nil {
		return Span{}, err
	}
	if t.Compare(f) < 0 {
		return Span{}, fmt.Errorf("release range %q ends before it starts", s)
	}
	return Span{f, t}, nil
}

func parseMinor(s string) (Minor, error) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ".") < 1 || strings.ContainsAny(s, "-+_~ ") {
		return Minor{}, fmt.Errorf("release %q: want MAJOR.MINOR", s)
	}
	r, err := kernel.ParseRelease(s)
	if err != nil {
		return Minor{}, err
	}
	return minorOf(r.Version), nil
}
