package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/twadvise/twadvise/fleet"
)

// writeReportText prints the fleet summary in three tables: findings (with
// the hosts that have each), hosts (counts by severity), kernels. Host names,
// values and keys come from files other machines wrote, so anything that is
// not printable is quoted rather than sent to the terminal.
func writeReportText(w io.Writer, g *globalFlags, f *fleet.Fleet) {
	c := newPalette(g, w)
	var total fleet.SeverityCounts
	for _, h := range f.Hosts {
		total.Error += h.Counts.Error
		total.Warning += h.Counts.Warning
		total.Info += h.Counts.Info
	}
	fmt.Fprintf(w, "%s, %s, %s (%s)\n", plural(len(f.Hosts), "host"), plural(len(f.Kernels), "kernel"),
		plural(total.Error+total.Warning+total.Info, "finding"), countsText(total))

	if len(f.Findings) > 0 {
		fmt.Fprintf(w, "\n%s\n", c.bold("Findings by rule and key:"))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, ff := range f.Findings {
			sev := c.severity(ff.SeverityOf())
			key := ff.Key
			if key == "" {
				key = "-"
			}
			var hosts []string
			for _, o := range ff.Occurrences {
				if n := len(hosts); n == 0 || hosts[n-1] != printable(o.Host) {
					hosts = append(hosts, printable(o.Host))
				}
			}
			fmt.Fprintf(tw, "  %s\t%s %s\t%s\t%s: %s\n", sev, ff.Rule, ff.Name, printable(key),
				plural(ff.HostCount, "host"), strings.Join(hosts, ", "))
		}
		tw.Flush()
	}

	fmt.Fprintf(w, "\n%s\n", c.bold("Hosts:"))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, h := range f.Hosts {
		note := ""
		if len(h.Errors) > 0 {
			note = "  " + c.err("check had "+plural(len(h.Errors), "error"))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s%s\n", printable(h.Host), kernelText(h.Kernel), h.Profile, countsText(h.Counts), note)
	}
	tw.Flush()

	fmt.Fprintf(w, "\n%s\n", c.bold("Kernels:"))
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, k := range f.Kernels {
		names := make([]string, len(k.Hosts))
		for i, h := range k.Hosts {
			names[i] = printable(h)
		}
		fmt.Fprintf(tw, "  %s\t%s: %s\n", kernelText(k.Release), plural(len(k.Hosts), "host"), strings.Join(names, ", "))
	}
	tw.Flush()

	if len(f.HostsWithErrors) > 0 {
		names := make([]string, len(f.HostsWithErrors))
		for i, h := range f.HostsWithErrors {
			names[i] = printable(h)
		}
		fmt.Fprintf(w, "\n%s %s\n", c.err("Hosts whose check had errors:"), strings.Join(names, ", "))
	}
	for _, n := range f.Notes {
		fmt.Fprintf(w, "note: %s\n", strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return '?' // a host name or path must not drive the terminal
			}
			return r
		}, n))
	}
}

func countsText(c fleet.SeverityCounts) string {
	return fmt.Sprintf("%d error, %d warning, %d info", c.Error, c.Warning, c.Info)
}

func kernelText(rel *string) string {
	if rel == nil {
		return "unknown kernel"
	}
	return printable(*rel)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// printable returns s, or s quoted when it holds a character that is not
// printable or a space that would break the columns.
func printable(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return strconv.Quote(s)
		}
	}
	return s
}
