package main

import (
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newManCmd writes one man page per command into DIR, generated from the
// same cobra definitions as --help so the two cannot disagree. It is
// hidden: packagers run it at build time, users read the pages.
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
			hdr := &doc.GenManHeader{Title: "TWADVISE", Section: "1", Source: "twadvise " + version(), Manual: "twadvise manual"}
			root := cmd.Root()
			root.DisableAutoGenTag = true
			if err := doc.GenManTree(root, hdr, args[0]); err != nil {
				return failed("writing man pages: %v", err)
			}
			return nil
		},
	}
}
