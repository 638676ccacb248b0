package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const socketsFixture = "../../testdata/sockets/basic"

func socketsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	p, err := filepath.Abs("../../docs/schema/sockets.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := jsonschema.NewCompiler().Compile(p)
	if err != nil {
		t.Fatalf("compiling the schema: %v", err)
	}
	return s
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e)
	return code, o.String(), e.String()
}

func validate(t *testing.T, s *jsonschema.Schema, doc string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("output does not match docs/schema/sockets.schema.json: %v\n%s", err, doc)
	}
}

// TestSocketsJSONSchema validates the JSON of a fixture root, of the live
// system (netlink, read-only) and of a failed run against the schema.
func TestSocketsJSONSchema(t *testing.T) {
	s := socketsSchema(t)
	code, out, errOut := runCmd("sockets", "--root", socketsFixture, "--format", "json", "--host", "fixture")
	if code != exitFindings { // TW612: the fixture's TcpExtTCPTimeWaitOverflow is 12
		t.Fatalf("exit %d: %s", code, errOut)
	}
	validate(t, s, out)
	var doc struct {
		Host     string
		Source   string
		TimeWait struct{ Total int } `json:"time_wait"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Host != "fixture" || doc.Source != "proc" || doc.TimeWait.Total != 7 {
		t.Errorf("unexpected document %+v (%v)", doc, err)
	}

	code, out, errOut = runCmd("sockets", "--format", "json", "--top", "0", "--interval", "100ms", "--fail-on", "none")
	if code != exitOK {
		t.Fatalf("live: exit %d: %s", code, errOut)
	}
	validate(t, s, out)

	code, out, _ = runCmd("sockets", "--root", t.TempDir(), "--format", "json")
	if code != exitFailed {
		t.Errorf("empty root: exit %d, want %d", code, exitFailed)
	}
	validate(t, s, out)
	if !strings.Contains(out, `"errors": [`) || strings.Contains(out, `"errors": []`) {
		t.Errorf("failed run without errors in JSON:\n%s", out)
	}
}

// TestSocketsSchemaRejects makes sure the validation can fail at all.
func TestSocketsSchemaRejects(t *testing.T) {
	s := socketsSchema(t)
	_, out, _ := runCmd("sockets", "--root", socketsFixture, "--format", "json")
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "source")
	b, _ := json.Marshal(m)
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if s.Validate(inst) == nil {
		t.Error("schema accepted a document without source")
	}
}

func TestSocketsText(t *testing.T) {
	code, out, errOut := runCmd("sockets", "--root", socketsFixture, "--fail-on", "error")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"TCP sockets (source: proc, network namespace: child)",
		"10.0.0.9:443", "[::1]:8080",
		"pid 4242     leaky-app        2",
		"1 not attributed to a process",
		"no sysctl fixes it",
		"headroom 3 (net.ipv4.tcp_max_tw_buckets)",
		"skipped 2 malformed lines",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "█") {
		t.Error("bars drawn on a non-terminal")
	}
	_, out, _ = runCmd("sockets", "--root", socketsFixture, "--top", "1")
	if !strings.Contains(out, "... and 3 more destinations") {
		t.Errorf("--top 1 did not truncate:\n%s", out)
	}
}

func TestSocketsWatch(t *testing.T) {
	code, out, errOut := runCmd("sockets", "--root", socketsFixture, "--watch", "1", "--samples", "2", "--fail-on", "none")
	if code != exitOK || strings.Count(out, "TCP sockets (") != 2 || !strings.Contains(out, "Since the previous sample") {
		t.Errorf("exit %d, stderr %s, output:\n%s", code, errOut, out)
	}
}

func TestSocketsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"sockets", "--format", "yaml"},
		{"sockets", "--top", "-1"},
		{"sockets", "--source", "magic"},
		{"sockets", "extra"},
		{"sockets", "--fail-on", "loud"},
		{"sockets", "--interval", "soon"},
		{"sockets", "--format", "openmetrics", "--watch", "1"},
	} {
		if code, _, _ := runCmd(args...); code != exitFailed {
			t.Errorf("%v: exit %d, want %d", args, code, exitFailed)
		}
	}
}
