package catalog

import (
	"slices"
	"strings"

	"github.com/twadvise/twadvise/kernel"
)

// maxSuggestions bounds Suggest's answer: a "did you mean" with more
// choices than this helps nobody.
const maxSuggestions = 3

// Suggest returns "did you mean" candidates for a key the knowledge base does
// not know, best first; nil when the key is known or nothing is close.
// Candidates come from the whole catalogue, removed keys included, so
// net.ipv4.tcp_tw_recylce suggests net.ipv4.tcp_tw_recycle (and State
// then says it is gone). It tries, in this order of trust:
//   - a typo in the last component among keys with the same parent
//     (optimal string alignment distance, bounded by the component's length);
//   - a separator typed wrong: "net.ipv4_timestamps" read as
//     "net.ipv4.timestamps", "net.ipv4.tcp.timestamps" as "net.ipv4.tcp_timestamps";
//   - a protocol prefix left out: "timestamps" for "tcp_timestamps";
//   - a VLAN interface written with dots (eth0.100 for eth0/100);
//   - a small whole-key distance (a typo in a parent component).
//
// Interface names are kept: net.ipv4.conf.eth0.rp_filtr suggests
// net.ipv4.conf.eth0.rp_filter. The cost is linear in the catalogue size.
func (kb *KB) Suggest(key string) []string {
	if kb == nil {
		return nil
	}
	c := kb
	canon := kernel.CanonicalKey(strings.TrimSpace(key))
	if canon == "" || kernel.IsGlob(canon) {
		return nil
	}
	if _, ok := c.lookup(canon); ok {
		return nil
	}
	general, iface := generalise(canon)
	s := suggester{c: c, score: map[string]int{}}
	parent, leaf := splitLeaf(general)
	s.leafTypos(parent, leaf, 0)
	for i := 0; i < len(leaf); i++ {
		if leaf[i] == '_' { // "ipv4_timestamps": a dot typed as "_"
			p := strings.TrimPrefix(parent+"."+leaf[:i], ".")
			s.leafTypos(p, leaf[i+1:], 1)
		}
	}
	if pp, pl := splitLeaf(parent); pp != "" { // "tcp.timestamps": "_" typed as a dot
		s.leafTypos(pp, pl+"_"+leaf, 1)
	}
	s.vlanDots(canon)
	s.wholeKey(general)
	return s.best(iface)
}

type suggester struct {
	c     *KB
	score map[string]int // candidate -> lowest cost seen
}

func (s *suggester) offer(key string, cost int) {
	if old, ok := s.score[key]; !ok || cost < old {
		s.score[key] = cost
	}
}

// leafTypos offers the siblings of parent+"."+leaf whose last component is
// a close typo of leaf, or ends with "_"+leaf (a missing "tcp_" prefix).
func (s *suggester) leafTypos(parent, leaf string, extra int) {
	bound := typoBound(len(leaf))
	for _, cand := range s.c.childMap()[parent] {
		if d := osaDistance(leaf, cand, bound); d <= bound {
			s.offer(parent+"."+cand, d+extra)
		} else if len(leaf) >= 5 && strings.HasSuffix(cand, "_"+leaf) {
			s.offer(parent+"."+cand, 2+extra)
		}
	}
}

// vlanDots handles net.ipv4.conf.eth0.100.rp_filter, which sysctl reads as
// the path net/ipv4/conf/eth0/100/rp_filter: the dotted VLAN name must be
// written eth0/100.
func (s *suggester) vlanDots(canon string) {
	for _, p := range ifacePrefixes {
		rest, ok := strings.CutPrefix(canon, p)
		if !ok {
			continue
		}
		parts := strings.Split(rest, ".")
		if len(parts) < 3 {
			return
		}
		iface := strings.Join(parts[:len(parts)-1], "/")
		fixed := p + iface + "." + parts[len(parts)-1]
		if _, ok := s.c.lookup(fixed); ok {
			s.offer(p+IfacePlaceholder+"."+parts[len(parts)-1]+"\x00"+iface, 1)
		}
		return
	}
}

// wholeKey offers catalogue keys within a small distance of the whole key.
func (s *suggester) wholeKey(general string) {
	if len(general) < 8 {
		return
	}
	const bound = 2
	for _, k := range s.c.names {
		if d := osaDistance(general, k, bound); d <= bound {
			s.offer(k, d+1)
		}
	}
}

// best returns the cheapest candidates, re-specialised to iface.
func (s *suggester) best(iface string) []string {
	type cand struct {
		key  string
		cost int
	}
	var cs []cand
	for k, v := range s.score {
		cs = append(cs, cand{k, v})
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.cost != b.cost {
			return a.cost - b.cost
		}
		return strings.Compare(a.key, b.key)
	})
	var out []string
	for _, c := range cs {
		k := c.key
		if general, vlan, ok := strings.Cut(k, "\x00"); ok {
			k = specialise(general, vlan)
		} else {
			k = specialise(k, iface)
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
		if len(out) == maxSuggestions {
			break
		}
	}
	return out
}

// typoBound is how many edits a component of length n may be off by and
// still count as a typo: none for very short names, where every key is
// within a few edits of every other.
func typoBound(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 6:
		return 1
	case n <= 14:
		return 2
	default:
		return 3
	}
}

// osaDistance is the optimal string alignment distance (Levenshtein plus
// adjacent transpositions, so "recylce" is one edit from "recycle"). It
// returns bound+1 as soon as the distance must exceed bound.
func osaDistance(a, b string, bound int) int {
	if d := len(a) - len(b); d > bound || -d > bound {
		return bound + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > bound {
			return bound + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], bound+1)
}
