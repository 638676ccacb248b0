package loaderoracle

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// DiffMaps renders the differences between two key→value maps, one key a
// line, "-" for want and "+" for got; "" when equal.
func DiffMaps(want, got map[string]string) string {
	var b strings.Builder
	keys := slices.Sorted(maps.Keys(want))
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		w, wok := want[k]
		g, gok := got[k]
		switch {
		case wok && gok && w == g:
		case wok && gok:
			fmt.Fprintf(&b, "  %s: -%q +%q\n", k, w, g)
		case wok:
			fmt.Fprintf(&b, "- %s = %q\n", k, w)
		default:
			fmt.Fprintf(&b, "+ %s = %q\n", k, g)
		}
	}
	return b.String()
}
