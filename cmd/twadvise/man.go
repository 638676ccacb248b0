package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// newManCmd writes one man page per command into DIR, generated from the
// same cobra definitions as --help so the two cannot disagree. It is
// hidden: packagers run it at build time, users read the pages.
//
// The roff is written here rather than with cobra/doc, whose Markdown and
// YAML dependencies cost every twadvise run ~2 ms of package initialisation.
func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "man DIR",
		Short:  "write man pages (twadvise.1, twadvise-check.1, ...) into DIR",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return failed("%v", err)
			}
			if err := writeManTree(cmd.Root(), args[0]); err != nil {
				return failed("writing man pages: %v", err)
			}
			return nil
		},
	}
}

// writeManTree writes the page of c and of every visible subcommand.
func writeManTree(c *cobra.Command, dir string) error {
	if c.Hidden || (!c.IsAvailableCommand() && c.HasParent()) {
		return nil
	}
	name := strings.ReplaceAll(c.CommandPath(), " ", "-")
	if err := os.WriteFile(filepath.Join(dir, name+".1"), []byte(manPage(c)), 0o644); err != nil {
		return err
	}
	for _, sub := range c.Commands() {
		if err := writeManTree(sub, dir); err != nil {
			return err
		}
	}
	return nil
}

// manPage renders one command as a section 1 man page.
func manPage(c *cobra.Command) string {
	var b strings.Builder
	name := strings.ReplaceAll(c.CommandPath(), " ", "-")
	fmt.Fprintf(&b, ".nh\n.TH \"TWADVISE\" \"1\" \"\" \"twadvise %s\" \"twadvise manual\"\n", roff(version()))
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", name, roff(c.Short))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n\\fB%s\\fP\n", roff(c.UseLine()))
	desc := c.Long
	if desc == "" {
		desc = c.Short
	}
	b.WriteString(".SH DESCRIPTION\n")
	for i, para := range strings.Split(desc, "\n\n") {
		if i > 0 {
			b.WriteString(".PP\n")
		}
		b.WriteString(roff(para) + "\n")
	}
	writeFlags(&b, "OPTIONS", c.NonInheritedFlags())
	writeFlags(&b, "OPTIONS INHERITED FROM PARENT COMMANDS", c.InheritedFlags())
	var see []string
	if c.HasParent() {
		see = append(see, strings.ReplaceAll(c.Parent().CommandPath(), " ", "-")+"(1)")
	}
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			see = append(see, strings.ReplaceAll(sub.CommandPath(), " ", "-")+"(1)")
		}
	}
	if len(see) > 0 {
		fmt.Fprintf(&b, ".SH SEE ALSO\n%s\n", strings.Join(see, ", "))
	}
	return b.String()
}

func writeFlags(b *strings.Builder, title string, fs *pflag.FlagSet) {
	if !fs.HasAvailableFlags() {
		return
	}
	fmt.Fprintf(b, ".SH %s\n", title)
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		b.WriteString(".TP\n")
		if f.Shorthand != "" {
			fmt.Fprintf(b, "\\fB-%s\\fP, ", f.Shorthand)
		}
		fmt.Fprintf(b, "\\fB--%s\\fP", roff(f.Name))
		if f.Value.Type() != "bool" {
			fmt.Fprintf(b, "=%q", f.DefValue)
		}
		fmt.Fprintf(b, "\n%s\n", roff(f.Usage))
	})
}

// roff escapes text for a man page: backslashes, and a leading "." or "'"
// that would otherwise start a request.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}
