package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// writeListeners shows the accept queues, the fullest first. Listeners
// with an empty queue are summed up, not listed, beyond --top.
func writeListeners(p *printer, top int, c *kernel.Census) {
	if len(c.Listeners) == 0 {
		return
	}
	p.f("\nListeners: %d (accept queue: waiting / backlog)\n", len(c.Listeners))
	shown := c.Listeners
	if top > 0 && len(shown) > top {
		shown = shown[:top]
	}
	for _, l := range shown {
		backlog := "?"
		if l.BacklogKnown {
			backlog = fmt.Sprint(l.Backlog)
		}
		p.f("  %-24s %6d / %-6s", hostPort(l.Address, l.Port), l.Queue, backlog)
		if l.PID > 0 {
			p.f(" pid %d %s", l.PID, l.Command)
		}
		switch {
		case l.Full() && l.AtSomaxconn:
			p.f("  FULL (backlog capped by net.core.somaxconn)")
		case l.Full():
			p.f("  FULL (the application's listen() backlog)")
		case l.AtSomaxconn:
			p.f("  (backlog = net.core.somaxconn)")
		}
		p.f("\n")
	}
	if rest := len(c.Listeners) - len(shown); rest > 0 {
		p.f("  ... and %d more listeners (--top 0 shows all)\n", rest)
	}
	if c.Source == kernel.SourceProc {
		p.f("  /proc/net/tcp does not show backlogs; netlink (the live system) does.\n")
	}
}

// writeCounters shows the kernel's counters that are not zero, with their
// rates when an interval was sampled.
func writeCounters(p *printer, c *kernel.Census) {
	var names []string
	for _, n := range kernel.CounterNames() {
		if c.Counters[n] != 0 || c.Rates[n] != 0 {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return
	}
	if c.Rates != nil {
		p.f("\nTCP counters (since boot; per second over the last %.1f s)\n", c.Interval.Seconds())
	} else {
		p.f("\nTCP counters (since boot; --interval adds rates)\n")
	}
	for _, n := range names {
		p.f("  %-28s %14d", n, c.Counters[n])
		if r, ok := c.Rates[n]; ok {
			p.f("  %10.1f/s", r)
		}
		p.f("\n")
	}
}

// writeSocketsFindings prints the census findings after the census, in
// check's text form with the remediation under each.
func writeSocketsFindings(w io.Writer, fnds []rules.Finding) error {
	if len(fnds) == 0 {
		_, err := fmt.Fprintf(w, "\nFindings: none\n")
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nFindings\n")
	for _, f := range fnds {
		fmt.Fprintf(&b, "%s: %s: %s [%s %s]\n", rules.LiveFile, f.Severity, f.Message, f.RuleID, f.RuleName)
		if f.Remediation != "" {
			fmt.Fprintf(&b, "  fix: %s\n", f.Remediation)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
