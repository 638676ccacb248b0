package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// webRoot is a fake system (etc/sysctl.d, usr/lib/sysctl.d, proc/sys, a
// dangling symlink, a glob, an exclusion, ignore directives) whose outputs
// exercise most optional parts of the check and effective JSON.
const webRoot = "../../testdata/roots/web"

func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "docs", "schema", name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := jsonschema.NewCompiler().Compile(p)
	if err != nil {
		t.Fatalf("compiling %s: %v", name, err)
	}
	return s
}

// validateAgainst is validate with the schema's name in the message.
func validateAgainst(t *testing.T, s *jsonschema.Schema, name, doc string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("output does not match docs/schema/%s: %v\n%s", name, err, doc)
	}
}

// TestCheckJSONSchema validates real `check --format json` outputs: PATH
// mode with and without a kernel, stdin, a missing file (exit 2, errors
// filled), and system mode over a fake root with live values.
func TestCheckJSONSchema(t *testing.T) {
	s := compileSchema(t, "check.schema.json")
	conf := filepath.Join(webRoot, "etc", "sysctl.d", "90-web.conf")
	runs := []struct {
		name string
		code int
		args []string
	}{
		{"path-no-kernel", exitFindings, []string{conf}},
		{"path-kernel-profile", exitFindings, []string{"--kernel", "4.9", "--profile", "web-server", conf}},
		{"path-live", exitFindings, []string{"--root", webRoot, "--live", "--loader", "procps", conf}},
		{"path-missing-file", exitFailed, []string{"--kernel", "5.15", conf, "testdata/does-not-exist.conf"}},
		{"system", exitFindings, []string{"--root", webRoot, "--profile", "http-client"}},
		{"system-clean", exitOK, []string{"--root", filepath.Join("..", "..", "rules", "testdata", "roots", "plain"), "--kernel", "6.8", "--fail-on", "error"}},
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			code, out, errOut := runCmd(append([]string{"check", "--format", "json", "--host", "fixture"}, r.args...)...)
			if code != r.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, r.code, errOut)
			}
			validateAgainst(t, s, "check.schema.json", out)
		})
	}
	if testing.Short() {
		return
	}
	t.Run("corpus", func(t *testing.T) {
		corpus := corpusDir(t)
		for _, f := range []string{"kicksecure-990-security-misc.conf", "hxhgts-tcpopt.conf", "tuned-raw-sysctl-syntax.conf", "fleshgrinder-local.conf", "systemd-50-coredump.conf"} {
			_, out, _ := runCmd("check", "--format", "json", "--kernel", "5.15", "--profile", "web-server", filepath.Join(corpus, f))
			validateAgainst(t, s, "check.schema.json", out)
		}
	})
}

// TestEffectiveJSONSchema validates `effective --format json` over the fake
// root (both loaders) and the corpus precedence trees.
func TestEffectiveJSONSchema(t *testing.T) {
	s := compileSchema(t, "effective.schema.json")
	roots := []string{webRoot}
	if corpus := corpusDirOrEmpty(t); corpus != "" {
		roots = append(roots, filepath.Join(corpus, "trees", "precedence"), filepath.Join(corpus, "trees", "realistic"))
	}
	for _, root := range roots {
		for _, loader := range []string{"systemd", "procps", "auto"} {
			t.Run(filepath.Base(root)+"/"+loader, func(t *testing.T) {
				code, out, errOut := runCmd("effective", "--format", "json", "--host", "fixture", "--root", root, "--loader", loader)
				if code != exitOK {
					t.Errorf("exit %d; stderr:\n%s", code, errOut)
				}
				validateAgainst(t, s, "effective.schema.json", out)
			})
		}
	}
}

// TestSchemasReject makes sure the schemas are closed where the contract is:
// an unknown field or a wrong enum fails.
func TestSchemasReject(t *testing.T) {
	check := compileSchema(t, "check.schema.json")
	bad := []string{
		`{"schema":2,"tool":{"name":"twadvise","version":"1"},"host":"h","mode":"path","kernel":{"source":"all","targets":[]},"loader":"systemd","profiles":["generic"],"config":null,"findings":[],"errors":[],"extra":1}`,
		`{"schema":2,"tool":{"name":"twadvise","version":"1"},"host":"h","mode":"live","kernel":{"source":"all","targets":[]},"loader":"systemd","profiles":["generic"],"config":null,"findings":[],"errors":[]}`,
		`{"schema":2,"tool":{"name":"twadvise","version":"1"},"host":"h","mode":"path","kernel":{"source":"all","targets":[]},"loader":"auto","profiles":["generic"],"config":null,"findings":[],"errors":[]}`,
		`{"schema":1,"tool":{"name":"twadvise","version":"1"},"host":"h","mode":"path","kernel":{"release":null,"source":"none"},"loader":"systemd","profile":"generic","findings":[],"skipped_rules":[],"errors":[]}`,
	}
	for _, doc := range bad {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if check.Validate(inst) == nil {
			t.Errorf("check schema accepts %s", doc)
		}
	}
}
