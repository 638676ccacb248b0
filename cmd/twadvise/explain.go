package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newExplainCmd is `twadvise explain RULE|KEY`. For now it explains keys
// from the known-keys catalogue; rules will be looked up first once they
// exist. An unknown name is a run failure (exit 2) with "did you mean".
func newExplainCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE|KEY",
		Short: "explain what a rule checks, or what a sysctl key does per kernel version",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			err := explainKey(cmd.OutOrStdout(), args[0], g.format)
			var unknown *errUnknownKey
			if errors.As(err, &unknown) {
				return failed("%v", unknown)
			}
			if err != nil {
				return failed("%v", err)
			}
			return nil
		},
	}
}
