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
	bound := kernel.TypoBound(len(leaf))
	for _, cand := range s.c.childMap()[parent] {
		if d := kernel.OSADistance(leaf, cand, bound); d <= bound {
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
		if d := kernel.OSADistance(general, k, bound); d <= bound {
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
