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
// same cobra definitions as --help so the two cannot disagree.
//
// The roff is written here rather than with cobra/doc, whose Markdown and
// YAML dependencies cost every twadvise run ~2 ms of package initialisation.
func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "write the man pages (twadvise.1, twadvise-check.1, ...) into DIR",
		Long: `man writes one section 1 man page per command into DIR, made from the same definitions
as --help. To read them with man(1), write them into a directory of its search path:

  sudo twadvise man /usr/local/share/man/man1 && sudo mandb -q

or, without root, into ~/.local/share/man/man1 (man finds it when ~/.local/bin is on PATH).`,
		Example: `  twadvise man /usr/local/share/man/man1
  twadvise man ~/.local/share/man/man1 && man twadvise-check`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return failed("writing man pages: %v", err)
			}
			if err := writeManTree(cmd.Root(), args[0]); err != nil {
				return failed("writing man pages: %v", err)
			}
			return nil
		},
	}
}

// manName is the page name of c: "twadvise-check".
func manName(c *cobra.Command) string { return strings.ReplaceAll(c.CommandPath(), " ", "-") }

// writeManTree writes the page of c and of every visible subcommand.
func writeManTree(c *cobra.Command, dir string) error {
	if !c.IsAvailableCommand() && c.HasParent() {
		return nil
	}
	if err := os.WriteFile(filepath.Join(dir, manName(c)+".1"), []byte(manPage(c)), 0o644); err != nil {
		return err
	}
	for _, sub := range c.Commands() {
		if err := writeManTree(sub, dir); err != nil {
			return err
		}
	}
	return nil
}

// manPage renders one command as a section 1 man page: NAME, SYNOPSIS,
// DESCRIPTION, OPTIONS, EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES, SEE ALSO.
func manPage(c *cobra.Command) string {
	var b strings.Builder
	name := manName(c)
	fmt.Fprintf(&b, ".nh\n.TH \"%s\" \"1\" \"\" \"twadvise %s\" \"twadvise manual\"\n", roff(strings.ToUpper(name)), roff(version()))
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", roff(name), roff(c.Short))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n\\fB%s\\fP\n", roff(c.UseLine()))
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, ".br\n\\fB%s COMMAND\\fP [flags]\n", roff(c.CommandPath()))
	}
	desc := c.Long
	if desc == "" {
		desc = c.Short
	}
	section(&b, "DESCRIPTION", desc)
	writeFlags(&b, "OPTIONS", c.NonInheritedFlags())
	writeFlags(&b, "GLOBAL OPTIONS", c.InheritedFlags())
	section(&b, "EXIT STATUS", exitStatusText(c))
	section(&b, "ENVIRONMENT", `NO_COLOR
    when set and not empty, text output is not coloured (https://no-color.org); --color=always still colours.
FORCE_COLOR
    when set and not empty, text output is coloured even when it is not a terminal, as in CI logs (https://force-color.org); NO_COLOR, --color=never and --no-color win over it.`)
	section(&b, "FILES", `.twadvise.hcl
    project configuration read from the current directory by check (profile, target kernels, disabled rules, severity overrides, waivers); --config names another.
/etc/sysctl.d/*.conf, /run/sysctl.d/*.conf, /usr/local/lib/sysctl.d/*.conf, /usr/lib/sysctl.d/*.conf, /lib/sysctl.d/*.conf (procps), /etc/sysctl.conf
    the configuration the loaders apply, read under --root.
/proc/sys
    the running kernel's values, read (never written) under --root.`)
	if c.Example != "" {
		b.WriteString(".SH EXAMPLES\n.nf\n" + roff(strings.TrimRight(c.Example, "\n")) + "\n.fi\n")
	}
	var see []string
	if c.HasParent() {
		see = append(see, manName(c.Parent())+"(1)")
	}
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			see = append(see, manName(sub)+"(1)")
		}
	}
	see = append(see, "sysctl.d(5)", "sysctl(8)", "systemd-sysctl(8)")
	fmt.Fprintf(&b, ".SH SEE ALSO\n%s\n", strings.Join(see, ", "))
	return b.String()
}

// section writes a titled section: paragraphs split at blank lines, and a
// line indented by four spaces is the body of the tagged paragraph above it.
func section(b *strings.Builder, title, text string) {
	fmt.Fprintf(b, ".SH %s\n", title)
	for i, para := range strings.Split(text, "\n\n") {
		if i > 0 {
			b.WriteString(".PP\n")
		}
		lines := strings.Split(para, "\n")
		for j, l := range lines {
			switch {
			case j+1 < len(lines) && strings.HasPrefix(lines[j+1], "    ") && !strings.HasPrefix(l, " "):
				fmt.Fprintf(b, ".TP\n\\fB%s\\fP\n", roff(l))
			case strings.HasPrefix(l, "    "):
				b.WriteString(roff(strings.TrimSpace(l)) + "\n")
			case strings.HasPrefix(l, "  "):
				fmt.Fprintf(b, ".IP\n%s\n", roff(strings.TrimSpace(l)))
			default:
				b.WriteString(roff(l) + "\n")
			}
		}
	}
}

// exitStatusText is DESIGN.md's exit codes as they apply to c.
func exitStatusText(c *cobra.Command) string {
	switch c.Name() {
	case "check", "report", "sockets", "twadvise":
		return `0
    success: nothing at or above --fail-on (default warning).
1
    check, report and sockets: findings at or above --fail-on.
2
    the run failed: a bad flag or --kernel, unreadable or missing input, an invalid rule, profile or .twadvise.hcl, or a refusal to overwrite. 2 outranks 1. Whatever could be computed is still printed; with --format json, stdout is one JSON document with an "errors" array.`
	}
	return `0
    success.
2
    the run failed: a bad flag or --kernel, unreadable or missing input, an invalid rule or profile, or a refusal to overwrite. Whatever could be computed is still printed.`
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
			fmt.Fprintf(b, "\\fB\\-%s\\fP, ", f.Shorthand)
		}
		fmt.Fprintf(b, "\\fB\\-\\-%s\\fP", roff(f.Name))
		if f.Value.Type() != "bool" {
			fmt.Fprintf(b, "=%s", roff(fmt.Sprintf("%q", f.DefValue)))
		}
		fmt.Fprintf(b, "\n%s\n", roff(f.Usage))
	})
}

// roff escapes text for a man page: backslashes, a leading "." or "'"
// that would otherwise start a request, and "-" so man prints a hyphen
// that can be searched and copied.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}
