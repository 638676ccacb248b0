package main

import "github.com/spf13/cobra"

// commandExamples are the EXAMPLES of --help and of the man pages, kept
// together so they read as one tutorial; a command that sets its own
// Example keeps it.
var commandExamples = map[string]string{
	"twadvise": `  twadvise check                                   # this host: its sysctl files and live values
  twadvise check --kernel rhel9 etc/sysctl.d/       # files in a repository, for RHEL 9's kernel
  twadvise explain tcp_tw_reuse
  twadvise completion bash > /etc/bash_completion.d/twadvise   # needs the bash-completion package`,
	"check": `  twadvise check                                   # system mode: this host's tree and live values
  twadvise check --kernel 5.15 --profile web-server 90-web.conf
  twadvise check --kernel rhel7,debian-12 etc/sysctl.d/
  twadvise check --root /mnt/image                  # a mounted image or container root
  twadvise check --format sarif . > twadvise.sarif   # for code scanning
  cat 90-web.conf | twadvise check --kernel 6.1 -`,
	"effective": `  twadvise effective
  twadvise effective --loader procps --root /mnt/image
  twadvise effective --format json | jq '.settings[] | select(.drift)'`,
	"advise": `  twadvise advise --profile web-server
  twadvise advise --profile http-client --kernel 6.1 --format json`,
	"generate": `  twadvise generate --profile web-server > /etc/sysctl.d/60-twadvise.conf
  twadvise generate --from /etc/sysctl.conf -o /etc/sysctl.conf --force
  twadvise generate --format ansible --playbook --kernel rhel9 > sysctl.yml`,
	"sockets": `  twadvise sockets
  twadvise sockets --top 20 --format json
  twadvise sockets --watch 5 --samples 12`,
	"report": `  twadvise report reports/2026-11-30
  twadvise report --format html reports/2026-11-30 > fleet.html
  twadvise report --format json --fail-on error reports/2026-11-30`,
	"rules": `  twadvise rules
  twadvise rules --format json | jq -r '.rules[].id'`,
	"profiles": `  twadvise profiles
  twadvise check --profile database`,
	"version": `  twadvise version --format json`,
}

// setExamples gives each command of root its examples.
func setExamples(root *cobra.Command) {
	for _, c := range append(root.Commands(), root) {
		if ex, ok := commandExamples[c.Name()]; ok && c.Example == "" {
			c.Example = ex
		}
	}
}
