package rules

import (
	"fmt"
	"strings"

	"github.com/twadvise/twadvise/kernel"
)

// A constraint is a kernel version condition such as ">= 4.10, < 4.12".
// Every comma-separated clause must hold.
type constraint []clause

type clause struct {
	op string
	v  kernel.Version
}

func parseConstraint(s string) (constraint, error) {
	var c constraint
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		op := ""
		for _, o := range []string{">=", "<=", "!=", ">", "<", "="} {
			if strings.HasPrefix(part, o) {
				op = o
				break
			}
		}
		if op == "" {
			return nil, fmt.Errorf("kernel constraint %q: each clause needs an operator (>=, >, <=, <, =, !=), e.g. \">= 4.12\"", s)
		}
		r, err := kernel.ParseRelease(strings.TrimSpace(part[len(op):]))
		if err != nil {
			return nil, fmt.Errorf("kernel constraint %q: %v", s, err)
		}
		c = append(c, clause{op, r.Version})
	}
	return c, nil
}

// holds reports whether version v satisfies every clause.
func (c constraint) holds(v kernel.Version) bool {
	for _, cl := range c {
		cmp := v.Compare(cl.v)
		ok := map[string]bool{">=": cmp >= 0, ">": cmp > 0, "<=": cmp <= 0, "<": cmp < 0, "=": cmp == 0, "!=": cmp != 0}[cl.op]
		if !ok {
			return false
		}
	}
	return true
}
