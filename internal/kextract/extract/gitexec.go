package extract

import (
	"context"
	"os/exec"
)

// git runs the git program, and nothing else, on the tree's git directory:
// the only process the extractor starts (a developer tool; no part of the
// twadvise binary). Arguments are fixed subcommands plus a commit id.
func (g *GitTree) git(args ...string) *exec.Cmd {
	return exec.CommandContext(context.Background(), "git", append([]string{"--git-dir=" + g.GitDir}, args...)...)
}
