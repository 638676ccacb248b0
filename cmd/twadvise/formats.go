package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// textAndJSON is what most commands write.
var textAndJSON = []string{"text", "json"}

// commandFormats lists the --format values of each command, its default
// first. It is the one place that says which command writes what: the
// root checks --format against it before any command runs, and shell
// completion offers it. A command not listed writes text only and rejects
// any other --format, so `--format json` is either honoured or refused,
// never silently ignored.
var commandFormats = map[string]func() []string{
	"check":     checkFormatNames,
	"report":    func() []string { return []string{"text", "json", "html"} },
	"generate":  func() []string { return []string{"sysctl", "ansible"} },
	"effective": func() []string { return textAndJSON },
	"advise":    func() []string { return textAndJSON },
	"sockets":   func() []string { return []string{"text", "json", "openmetrics"} },
	"explain":   func() []string { return textAndJSON },
	"rules":     func() []string { return textAndJSON },
	"profiles":  func() []string { return textAndJSON },
	"version":   func() []string { return textAndJSON },
	"twadvise":  func() []string { return textAndJSON }, // --version
}

// formatsOf is the --format values c accepts, its default first.
func formatsOf(c *cobra.Command) []string {
	if f, ok := commandFormats[c.Name()]; ok {
		return f()
	}
	return []string{"text"}
}

// checkOutputFlags refuses a --format or --color value the command cannot
// honour, before it runs.
func checkOutputFlags(c *cobra.Command, g *globalFlags) error {
	if err := validateFormat(c); err != nil {
		return err
	}
	switch g.color {
	case "auto", "always", "never":
		return nil
	}
	return failed("unknown --color %q: want auto, always or never", g.color)
}

// validateFormat refuses a --format the command does not write, worded the
// same for every command.
func validateFormat(c *cobra.Command) error {
	fl := c.Flags().Lookup("format")
	if fl == nil {
		return nil
	}
	return checkFormat(fl.Value.String(), formatsOf(c)...)
}

// checkFormat refuses got unless it is one of allowed.
func checkFormat(got string, allowed ...string) error {
	for _, a := range allowed {
		if got == a {
			return nil
		}
	}
	return failed("unknown --format %q: want %s", got, orList(allowed))
}

// orList spells a list of choices: "a", "a or b", "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return fmt.Sprintf("%s or %s", strings.Join(s[:len(s)-1], ", "), s[len(s)-1])
}
