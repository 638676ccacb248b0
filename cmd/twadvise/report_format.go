package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/twadvise/twadvise/fleet"
)

// writeReportText prints the fleet summary in three tables: findings (with
// the hosts that have each), hosts (counts by severity), kernels. Host names,
// values and keys come from files other machines wrote, so anything that is
// not printable is quoted rather than sent to the terminal. The tables are
// written row by row (a fleet has tens of thousands of hosts), aligned as
// text/tabwriter would align them.
func writeReportText(w io.Writer, c palette, f *fleet.Fleet) {
	if _, ok := w.(io.StringWriter); !ok {
		// Hundreds of thousands of short strings: each would be copied to
		// the heap on its way through a plain io.Writer.
		bw := bufio.NewWriterSize(w, 64<<10)
		defer bw.Flush()
		w = bw
	}
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
		alignedRows(w, len(f.Findings), func(i int, cells []string) []string {
			ff := &f.Findings[i]
			key := ff.Key
			if key == "" {
				key = "-"
			}
			return append(cells, c.severity(ff.SeverityOf()), ff.Rule+" "+printable(ff.Name), printable(key))
		}, func(i int) {
			ff := &f.Findings[i]
			io.WriteString(w, plural(ff.HostCount, "host")+": ")
			sep := ""
			for h := range ff.Hosts() {
				io.WriteString(w, sep)
				io.WriteString(w, printable(h))
				sep = ", "
			}
		})
	}

	fmt.Fprintf(w, "\n%s\n", c.bold("Hosts:"))
	alignedRows(w, len(f.Hosts), func(i int, cells []string) []string {
		h := f.Hosts[i]
		return append(cells, printable(h.Host), kernelText(h.Kernel), printable(h.Profile))
	}, func(i int) {
		h := f.Hosts[i]
		io.WriteString(w, countsText(h.Counts))
		if len(h.Errors) > 0 {
			io.WriteString(w, "  "+c.err("check had "+plural(len(h.Errors), "error")))
		}
	})

	fmt.Fprintf(w, "\n%s\n", c.bold("Kernels:"))
	alignedRows(w, len(f.Kernels), func(i int, cells []string) []string {
		return append(cells, kernelText(f.Kernels[i].Release))
	}, func(i int) {
		k := f.Kernels[i]
		io.WriteString(w, plural(len(k.Hosts), "host")+": ")
		for j, h := range k.Hosts {
			if j > 0 {
				io.WriteString(w, ", ")
			}
			io.WriteString(w, printable(h))
		}
	})

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

// alignedRows writes n lines, each indented by two spaces, its cells
// padded to the widest of their column plus two, then the rest of the line
// (written by rest): what text/tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
// writes for "  cell\tcell\trest\n" lines, without holding every line in
// memory. cells is called twice for each line, to measure and to write.
func alignedRows(w io.Writer, n int, cells func(i int, dst []string) []string, rest func(i int)) {
	const indent = "  "
	var widths []int
	var row []string
	for i := range n {
		row = cells(i, row[:0])
		for j, cell := range row {
			width := utf8.RuneCountInString(cell) + 2
			if j == 0 {
				width += len(indent)
			}
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], width)
		}
	}
	spaces := strings.Repeat(" ", slices.Max(append(widths, 0)))
	for i := range n {
		io.WriteString(w, indent)
		row = cells(i, row[:0])
		for j, cell := range row {
			pad := widths[j] - utf8.RuneCountInString(cell)
			if j == 0 {
				pad -= len(indent)
			}
			io.WriteString(w, cell)
			io.WriteString(w, spaces[:pad])
		}
		rest(i)
		io.WriteString(w, "\n")
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
