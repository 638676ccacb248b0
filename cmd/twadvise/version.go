package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/spf13/cobra"
)

// buildVersion is set at link time: -ldflags "-X main.buildVersion=1.2.3".
var buildVersion = ""

// version is the version printed by `twadvise version`, recorded in every JSON
// output and in every generated file header. It is worked out once: reading
// the build information parses it anew on every call.
var version = sync.OnceValue(func() string {
	if buildVersion != "" {
		return buildVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "0.1.0-dev"
})

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print the twadvise version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flag("format").Value.String() == "json" {
				return writeJSON(cmd.OutOrStdout(), versionJSON{Schema: 1, Tool: currentTool(), Go: runtime.Version()})
			}
			fmt.Fprintf(cmd.OutOrStdout(), "twadvise %s\n", version())
			return nil
		},
	}
}

// versionJSON is `twadvise version --format json`.
type versionJSON struct {
	Schema int      `json:"schema"`
	Tool   toolInfo `json:"tool"`
	Go     string   `json:"go"` // the Go release it was built with
}
