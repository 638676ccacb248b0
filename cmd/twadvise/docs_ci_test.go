package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// docBlocks returns the fenced code blocks of a Markdown file with their
// info string ("yaml", "hcl", "sh", "").
func docBlocks(t *testing.T, name string) (langs, bodies []string) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(string(data), "```")
	for i := 1; i+1 < len(parts); i += 2 {
		lang, body, _ := strings.Cut(parts[i], "\n")
		langs, bodies = append(langs, strings.TrimSpace(lang)), append(bodies, body)
	}
	return langs, bodies
}

// docCommands extracts the twadvise command lines of the code blocks: a
// shell line, a YAML "run:" step or a GitLab script item.
func docCommands(bodies []string) []string {
	var cmds []string
	for _, b := range bodies {
		for _, l := range strings.Split(b, "\n") {
			l = strings.TrimSpace(l)
			for _, p := range []string{"- ", "run: ", "$ "} {
				l = strings.TrimPrefix(l, p)
			}
			if strings.HasPrefix(l, "twadvise ") {
				cmds = append(cmds, l)
			}
		}
	}
	return cmds
}

// TestDocsCIExamples runs every twadvise command line of docs/ci.md, with
// the .twadvise.hcl shown there, in a sample configuration repository: each
// must run (exit 0 or 1, never 2) and write what its format promises.
func TestDocsCIExamples(t *testing.T) {
	langs, bodies := docBlocks(t, filepath.Join(repoRoot(t), "docs", "ci.md"))
	var config string
	for i, l := range langs {
		if l == "hcl" {
			config = bodies[i]
		}
	}
	cmds := docCommands(bodies)
	if config == "" || len(cmds) < 7 {
		t.Fatalf("docs/ci.md: found %d commands and config %q; the extraction is broken", len(cmds), config)
	}
	repo := writeTree(t, map[string]string{
		".twadvise.hcl":            config,
		"etc/sysctl.d/10-net.conf": "net.ipv4.tcp_timestamps = 0\nnet.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = 30\n",
	})
	// The SARIF schema is found from the package directory, before Chdir.
	var sarif *jsonschema.Schema
	if _, err := os.Stat(filepath.Join(repoRoot(t), "..", "shared", "reference", "schemas", "sarif-schema-2.1.0.json")); err == nil || os.Getenv("CI") == "true" {
		sarif = sarifSchema(t)
	}
	t.Chdir(repo)
	tmp := t.TempDir()
	for _, line := range cmds {
		t.Run(line, func(t *testing.T) {
			cmdline, redirect, _ := strings.Cut(line, ">")
			args := strings.Fields(cmdline)[1:]
			for i, a := range args {
				if strings.HasPrefix(a, "/tmp/") {
					args[i] = filepath.Join(tmp, filepath.Base(a))
				}
			}
			code, out, stderr := runIn(t, "", args...)
			if code != exitOK && code != exitFindings {
				t.Fatalf("exit %d\nstderr: %s", code, stderr)
			}
			if redirect = strings.TrimSpace(redirect); redirect != "" {
				if err := os.WriteFile(redirect, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			checkDocOutput(t, sarif, args, out)
		})
	}
}

// checkDocOutput checks that the output is what the format promises.
func checkDocOutput(t *testing.T, sarif *jsonschema.Schema, args []string, out string) {
	t.Helper()
	format := ""
	for i, a := range args {
		if a == "--format" && i+1 < len(args) {
			format = args[i+1]
		}
	}
	switch format {
	case "sarif":
		if !strings.Contains(out, `"version": "2.1.0"`) {
			t.Errorf("not SARIF:\n%s", out)
		}
		if sarif != nil {
			validateAgainstSchema(t, sarif, out)
		}
	case "github":
		if !regexp.MustCompile(`(?m)^::(error|warning|notice) file=etc/sysctl.d/`).MatchString(out) {
			t.Errorf("no annotation on the sample file:\n%s", out)
		}
	case "junit", "checkstyle":
		var v struct{ XMLName xml.Name }
		if err := xml.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("not XML: %v\n%s", err, out)
		}
	}
}

// TestPreCommitHook checks the hook's entry and that its files pattern
// picks sysctl files and nothing else.
func TestPreCommitHook(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, want := range []string{"- id: twadvise\n", "entry: twadvise check\n"} {
		if !strings.Contains(doc, want) {
			t.Errorf(".pre-commit-hooks.yaml lacks %q", want)
		}
	}
	m := regexp.MustCompile(`(?m)^\s*files: (.+)$`).FindStringSubmatch(doc)
	if m == nil {
		t.Fatal("no files pattern")
	}
	re := regexp.MustCompile(m[1]) // pre-commit uses Python re.search; this pattern is valid in both
	for p, want := range map[string]bool{
		"sysctl.conf": true, "etc/sysctl.conf": true, "etc/sysctl.d/99-net.conf": true,
		"roles/x/files/sysctl.d/10-a.conf": true, "etc/sysctl.d/README.md": false,
		"etc/sysctl.d/sub/x.conf": false, "etc/other.conf": false, "mysysctl.conf": false,
	} {
		if re.MatchString(p) != want {
			t.Errorf("files pattern on %s: %v, want %v", p, !want, want)
		}
	}
}
