package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newExplainCmd is `twadvise explain RULE|KEY`. Rules come first, by ID
// ("TW101") or name ("tcp-tw-recycle-removed"), including --rules ones;
// anything else is looked up in the known-keys catalogue. An unknown name is
// a run failure (exit 2) with "did you mean".
func newExplainCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE|KEY",
		Short: "explain what a rule checks, or what a sysctl key does per kernel version",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(g.format, textAndJSON...); err != nil {
				return err
			}
			set, err := loadRuleSet(cmd, g)
			if err != nil {
				return err
			}
			if r := findRule(set, args[0]); r != nil {
				if err := explainRule(cmd.OutOrStdout(), set, r, g.format); err != nil {
					return failed("writing output: %v", err)
				}
				return nil
			}
			err = explainKey(cmd.OutOrStdout(), args[0], g.format)
			var unknown *errUnknownKey
			if errors.As(err, &unknown) {
				if idPattern.MatchString(args[0]) {
					return failed("unknown rule %q: see `twadvise rules`", args[0])
				}
				return failed("%v", unknown)
			}
			if err != nil {
				return failed("%v", err)
			}
			return nil
		},
	}
}
