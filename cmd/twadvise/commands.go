package main

import "github.com/spf13/cobra"

// addCommands registers every subcommand. Each lives in its own file.
func addCommands(root *cobra.Command, g *globalFlags) {
	root.AddCommand(newEffectiveCmd(g))
	root.AddCommand(newExplainCmd(g))
	root.AddCommand(newCheckCmd(g))
	root.AddCommand(newAdviseCmd(g))
	root.AddCommand(newGenerateCmd(g))
	root.AddCommand(newSocketsCmd(g))
	root.AddCommand(newRulesCmd(g))
	root.AddCommand(newProfilesCmd(g))
	root.AddCommand(newReportCmd(g))
	root.AddCommand(newManCmd())
	setExamples(root)
}
