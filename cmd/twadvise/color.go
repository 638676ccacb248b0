package main

import (
	"io"
	"os"

	"github.com/fatih/color"
	"golang.org/x/sys/unix"

	"github.com/twadvise/twadvise/rules"
)

// palette colours text output, and only that: only on a terminal, never
// with --no-color or NO_COLOR (https://no-color.org).
type palette struct{ on bool }

func newPalette(g *globalFlags, w io.Writer) palette {
	on := !g.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(w)
	return palette{on: on}
}

func isTerminal(w io.Writer) bool {
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
