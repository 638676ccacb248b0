package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// newExplainCmd is `twadvise explain RULE|KEY`. Rules come first, by ID
// ("TW101") or name ("tcp-tw-recycle-removed"), including --rules ones;
// anything else is looked up in the known-keys catalogue, by the whole key
// or by its last components ("tcp_tw_reuse"). An unknown or ambiguous name
// is a run failure (exit 2) that says what it could mean.
func newExplainCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE|KEY",
		Short: "explain what a rule checks, or what a sysctl key does per kernel version",
		Long: `explain prints what a rule checks and why (its condition, severity, remediation and
references), or what a sysctl key does: its values, default, network-namespace scope and
history by kernel version, with sources. A rule is named by ID or name; a key by its full
name or its last components, when only one known key ends with them.`,
		Example: `  twadvise explain TW101
  twadvise explain tcp-tw-recycle-removed
  twadvise explain net.ipv4.tcp_tw_reuse
  twadvise explain tcp_tw_reuse          # the only known key ending in tcp_tw_reuse
  twadvise explain --format json net.core.somaxconn`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				return nil
			}
			fmt.Fprint(c.ErrOrStderr(), c.UsageString())
			return failed("explain takes one RULE or KEY, got %d arguments", len(args))
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplain(cmd, g, args[0])
		},
	}
}

func runExplain(cmd *cobra.Command, g *globalFlags, name string) error {
	if err := checkFormat(g.format, textAndJSON...); err != nil {
		return err
	}
	set, err := loadRuleSet(cmd, g)
	if err != nil {
		return err
	}
	if r := findRule(set, name); r != nil {
		if err := explainRule(cmd.OutOrStdout(), set, r, g.format); err != nil {
			return failed("writing output: %v", err)
		}
		return nil
	}
	err = explainKey(cmd.OutOrStdout(), name, g.format)
	var unknown *errUnknownKey
	if !errors.As(err, &unknown) {
		if err != nil {
			return failed("writing output: %v", err)
		}
		return nil
	}
	if idPattern().MatchString(name) {
		return failed("unknown rule %q: see `twadvise rules`", name)
	}
	switch keys := keysEndingWith(name); len(keys) {
	case 0:
		return failed("%v", unknown)
	case 1:
		fmt.Fprintf(cmd.ErrOrStderr(), "twadvise: %s is taken as %s\n", name, keys[0])
		if err := explainKey(cmd.OutOrStdout(), lookupSpelling(keys[0]), g.format); err != nil {
			return failed("writing output: %v", err)
		}
		return nil
	default:
		return failed("%q could mean %d keys: %s; give the whole key", name, len(keys), strings.Join(keys, ", "))
	}
}
