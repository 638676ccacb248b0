package main

import (
	"bytes"

	"github.com/spf13/cobra"

	"github.com/twadvise/twadvise/advisor"
	"github.com/twadvise/twadvise/kernel"
)

// generateFlags are generate's own flags.
type generateFlags struct {
	from       string
	output     string
	force      bool
	sysctlFile string
	reload     bool
	sysctlSet  bool
	playbook   bool
	format     string
}

func newGenerateCmd(g *globalFlags) *cobra.Command {
	gf := &generateFlags{}
	cmd := &cobra.Command{
		Use:   "generate [PATH...|-]",
		Short: "write a reviewed sysctl drop-in (--format sysctl) or Ansible tasks (--format ansible)",
		Long: `generate writes the recommendations for --profile and --kernel.

--format sysctl (the default) writes a drop-in for /etc/sysctl.d/, sorted by key, each setting under a
comment with why and the rules behind it. With --from FILE it reviews FILE instead: the file's lines,
comments and order are kept, hazardous lines commented out, wrong values corrected in place, and
missing recommendations added in one marked block at the end. Running it on its own output changes nothing.

--format ansible writes ansible.posix.sysctl tasks for the same keys and values (--playbook: a whole play).

Output goes to stdout, or with -o FILE to FILE, written atomically; an existing FILE is replaced only
with --force, and kept as FILE.bak.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGenerate(cmd, g, gf, args)
		},
	}
	f := cmd.Flags()
	// generate's own --format hides the global one, whose "text" it does not write.
	f.StringVarP(&gf.format, "format", "f", "sysctl", "output format: sysctl or ansible")
	f.StringVar(&gf.from, "from", "", "review this sysctl file instead of writing a new drop-in")
	f.StringVarP(&gf.output, "output", "o", "", "write to FILE instead of stdout")
	f.BoolVar(&gf.force, "force", false, "replace an existing -o FILE (its old content is kept as FILE.bak)")
	f.StringVar(&gf.sysctlFile, "sysctl-file", "/etc/sysctl.d/99-twadvise.conf", "ansible: the sysctl_file the tasks write")
	f.BoolVar(&gf.reload, "reload", true, "ansible: reload (sysctl -p sysctl_file) after a change")
	f.BoolVar(&gf.sysctlSet, "sysctl-set", false, "ansible: also set each value with sysctl -w")
	f.BoolVar(&gf.playbook, "playbook", false, "ansible: a complete playbook (hosts: all, become) instead of a task list")
	return cmd
}

// readFrom reads the file generate --from reviews. It goes through the same
// guarded read as every sysctl file (a FIFO or device is refused without
// blocking, the size is capped at kernel.MaxFileSize), and refuses a binary
// file: the review reproduces its input line by line, and echoing a binary
// blob back as "reviewed configuration" would help nobody.
func readFrom(name string) ([]byte, error) {
	data, err := kernel.ReadRegularFile(name, kernel.MaxFileSize)
	if err != nil {
		return nil, failed("--from %s: %v", name, errTextOf(err))
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, failed("--from %s: contains NUL bytes: not a text file, nothing to review", name)
	}
	return data, nil
}

func runGenerate(cmd *cobra.Command, g *globalFlags, gf *generateFlags, args []string) error {
	format := gf.format
	if err := checkFormat(format, "sysctl", "ansible"); err != nil {
		return err
	}
	var src []byte
	if gf.from != "" {
		if format != "sysctl" || len(args) > 0 {
			return failed("--from reviews one sysctl file: use it with --format sysctl and no PATH")
		}
		data, err := readFrom(gf.from)
		if err != nil {
			return err
		}
		src, args = data, []string{gf.from}
	}
	a, err := runAdvice(cmd, g, args)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch {
	case gf.from != "":
		in := advisor.ReviewInput{Path: gf.from, Src: src, Effective: a.facts.Effective,
			Findings: a.run.Findings, Recs: a.recs, Header: a.header()}
		buf.Write(advisor.ReviewStable(in, advisor.NewChecker(a.set, *a.facts, gf.from)))
	case format == "ansible":
		err = advisor.WriteAnsible(&buf, a.header(), a.recs, advisor.AnsibleOptions{
			SysctlFile: gf.sysctlFile, Reload: gf.reload, SysctlSet: gf.sysctlSet, Playbook: gf.playbook})
	default:
		err = advisor.WriteSysctl(&buf, a.header(), a.recs)
	}
	if err != nil {
		return failed("generating: %v", err)
	}
	if gf.output == "" {
		if _, err := cmd.OutOrStdout().Write(buf.Bytes()); err != nil {
			return failed("writing output: %v", err)
		}
	} else if err := writeFileAtomic(gf.output, buf.Bytes(), gf.force); err != nil {
		return failed("-o: %v", err)
	}
	if len(a.run.Errors) > 0 {
		return &exitError{code: exitFailed}
	}
	return nil
}
