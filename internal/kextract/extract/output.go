package extract

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Header describes where a table came from.
type Header struct {
	Release string // "4.9.0"
	Tree    string // "github.com/lxuxx/linux-4.9@<commit>" plus " (subfolder)" if any
}

// Coverage is the share of keys whose columns were resolved.
type Coverage struct {
	Keys                           int
	Handler, Type, Bounds, Default int // counts
}

// Coverage counts resolved columns. A key's bounds count as resolved when
// neither min nor max is "?".
func (r *Result) Coverage() Coverage {
	c := Coverage{Keys: len(r.Rows)}
	for _, row := range r.Rows {
		if row.Handler != "-" {
			c.Handler++
		}
		if row.Type != "-" {
			c.Type++
		}
		if row.Min != "?" && row.Max != "?" {
			c.Bounds++
		}
		if row.Default != "-" {
			c.Default++
		}
	}
	return c
}

func pct(n, d int) string {
	if d == 0 {
		return "0%"
	}
	return fmt.Sprintf("%d%%", n*100/d)
}

// String is the header's coverage line text.
func (c Coverage) String() string {
	return fmt.Sprintf("keys: %d, handler %s, type %s, bounds-resolved %s, default %s",
		c.Keys, pct(c.Handler, c.Keys), pct(c.Type, c.Keys), pct(c.Bounds, c.Keys), pct(c.Default, c.Keys))
}

// WriteTable writes the table in the format of the shared contract.
func (r *Result) WriteTable(w io.Writer, h Header) error {
	var b strings.Builder
	b.WriteString("# twadvise kernel table v1\n")
	fmt.Fprintf(&b, "# release: %s\n", h.Release)
	fmt.Fprintf(&b, "# tree: %s\n", h.Tree)
	b.WriteString("# generated-by: internal/kextract\n")
	fmt.Fprintf(&b, "# %s\n", r.Coverage())
	b.WriteString("key\tscope\ttype\thandler\tmin\tmax\tdefault\tguard\tfile\n")
	for _, row := range r.Rows {
		cols := []string{row.Key, row.Scope, row.Type, row.Handler, row.Min, row.Max, row.Default, row.Guard, row.File}
		for k, c := range cols {
			c = strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' || r == '\r' {
					return ' '
				}
				return r
			}, c)
			if c == "" {
				c = "-"
			}
			cols[k] = c
		}
		b.WriteString(strings.Join(cols, "\t"))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteReport writes the coverage and what could not be resolved.
func (r *Result) WriteReport(w io.Writer, h Header) error {
	var b strings.Builder
	c := r.Coverage()
	fmt.Fprintf(&b, "release %s, tree %s\n", h.Release, h.Tree)
	fmt.Fprintf(&b, "%s\n", c)
	fmt.Fprintf(&b, "  handler %d/%d, type %d/%d, bounds %d/%d, default %d/%d\n",
		c.Handler, c.Keys, c.Type, c.Keys, c.Bounds, c.Keys, c.Default, c.Keys)
	fmt.Fprintf(&b, "\nunresolved registrations and tables (%d):\n", len(r.Problems))
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "  %s\n", p)
	}
	fmt.Fprintf(&b, "\nKconfig defaults assumed in values (x86-64, dependencies not applied) (%d):\n", len(r.KconfigUsed))
	for _, k := range r.KconfigUsed {
		fmt.Fprintf(&b, "  %s\n", k)
	}
	fmt.Fprintf(&b, "\nunresolved bounds (%d):\n", len(r.BoundNotes))
	for _, p := range r.BoundNotes {
		fmt.Fprintf(&b, "  %s\n", p)
	}
	reasons := map[string]int{}
	for _, why := range r.DefaultNotes {
		reasons[why]++
	}
	type kv struct {
		k string
		n int
	}
	var list []kv
	for k, n := range reasons {
		list = append(list, kv{k, n})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n > list[j].n
		}
		return list[i].k < list[j].k
	})
	fmt.Fprintf(&b, "\nkeys without a static default, by reason (%d keys):\n", len(r.DefaultNotes))
	for _, x := range list {
		fmt.Fprintf(&b, "  %5d  %s\n", x.n, x.k)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// NamesOnly builds a table from measured key names (one per line, '#'
// comments): IFACE becomes <iface>, nf_log.N becomes nf_log.<name>.
func NamesOnly(lines []string) *Result {
	seen := map[string]bool{}
	res := &Result{}
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		parts := strings.Split(l, ".")
		for k, p := range parts {
			if p == "IFACE" {
				parts[k] = "<iface>"
			}
		}
		key := strings.Join(parts, ".")
		if strings.HasPrefix(key, "net.netfilter.nf_log.") && isDigits(strings.TrimPrefix(key, "net.netfilter.nf_log.")) {
			key = "net.netfilter.nf_log.<name>"
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		res.Rows = append(res.Rows, Row{Key: key, Scope: "-", Type: "-", Handler: "-", Min: "-", Max: "-", Default: "-", Guard: "-", File: "-"})
	}
	sort.Slice(res.Rows, func(i, j int) bool { return res.Rows[i].Key < res.Rows[j].Key })
	return res
}

func isDigits(s string) bool {
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
