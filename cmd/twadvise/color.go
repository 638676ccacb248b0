package main

import (
	"io"
	"os"

	"github.com/fatih/color"
	"golang.org/x/sys/unix"

	"github.com/twadvise/twadvise/rules"
)

// palette colours text output, and only that. --color=always and never
// decide; --no-color is never. With auto (the default), NO_COLOR
// (https://no-color.org) turns colour off, then FORCE_COLOR
// (https://force-color.org) turns it on, e.g. for CI logs; otherwise only a
// terminal that is not TERM=dumb gets colour.
type palette struct{ on bool }

func newPalette(g *globalFlags, w io.Writer) palette {
	return palette{on: colorOn(g, w)}
}

func colorOn(g *globalFlags, w io.Writer) bool {
	switch {
	case g.noColor || g.color == "never":
		return false
	case g.color == "always":
		return true
	case os.Getenv("NO_COLOR") != "":
		return false
	case os.Getenv("FORCE_COLOR") != "":
		return true
	}
	return isTerminal(w) && os.Getenv("TERM") != "dumb"
}

func isTerminal(w io.Writer) bool {
	for {
		u, ok := w.(interface{ Unwrap() io.Writer })
		if !ok {
			break
		}
		w = u.Unwrap()
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

func (p palette) paint(attr color.Attribute, s string) string {
	if !p.on {
		return s
	}
	c := color.New(attr)
	c.EnableColor()
	return c.Sprint(s)
}

func (p palette) dim(s string) string  { return p.paint(color.Faint, s) }
func (p palette) bold(s string) string { return p.paint(color.Bold, s) }
func (p palette) warn(s string) string { return p.paint(color.FgYellow, s) }
func (p palette) err(s string) string  { return p.paint(color.FgRed, s) }
func (p palette) info(s string) string { return p.paint(color.FgCyan, s) }

// severity names a severity in its colour: red errors, yellow warnings,
// cyan information.
func (p palette) severity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return p.err(s.String())
	case rules.Warning:
		return p.warn(s.String())
	}
	return p.info(s.String())
}
