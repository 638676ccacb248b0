package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// The era fixtures of rules/testdata (counter lists of 3.10, 5.12 and 6.14).
const (
	eraPAWS      = "../../rules/testdata/roots/census-el7-paws"
	eraMemory    = "../../rules/testdata/roots/census-5x-memory"
	eraConntrack = "../../rules/testdata/roots/census-6x-conntrack"
)

// TestSocketsExitsLikeCheck: findings at or above --fail-on exit 1, and the
// text prints them after the census.
func TestSocketsExitsLikeCheck(t *testing.T) {
	for _, tc := range []struct {
		root   string
		failOn string
		code   int
		rule   string
	}{
		{eraConntrack, "", exitFindings, "[TW621 conntrack-table-full]"},   // error
		{eraConntrack, "none", exitOK, "[TW621 conntrack-table-full]"},     // still printed
		{eraMemory, "error", exitOK, "[TW620 tcp-memory-pressure]"},        // warnings only
		{eraMemory, "warning", exitFindings, "[TW619 orphans-near-limit]"}, // default
		{eraPAWS, "error", exitFindings, "[TW618 paws-rejects-tw-recycle]"},
		{"../../rules/testdata/roots/census-quiet", "info", exitOK, "Findings: none"},
	} {
		args := []string{"sockets", "--root", tc.root}
		if tc.failOn != "" {
			args = append(args, "--fail-on", tc.failOn)
		}
		code, out, errOut := runCmd(args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, tc.code, errOut)
		}
		i, j := strings.Index(out, "\nLimits"), strings.Index(out, tc.rule)
		if j < 0 || i < 0 || j < i {
			t.Errorf("%v: %q not printed after the census:\n%s", args, tc.rule, out)
		}
	}
}

// TestSocketsEraJSON validates schema 2 on every era fixture and checks the
// findings and counters each one must carry.
func TestSocketsEraJSON(t *testing.T) {
	s := socketsSchema(t)
	for root, want := range map[string][]string{
		eraPAWS:      {"TW618"},
		eraMemory:    {"TW619", "TW620"},
		eraConntrack: {"TW616", "TW617", "TW621"},
	} {
		_, out, _ := runCmd("sockets", "--root", root, "--format", "json", "--fail-on", "none")
		validate(t, s, out)
		var doc socketsJSON
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, f := range doc.Findings {
			got[f.Rule] = true
		}
		for _, r := range want {
			if !got[r] {
				t.Errorf("%s: no %s in %+v", root, r, doc.Findings)
			}
		}
		if doc.Schema != 2 || doc.IntervalS != nil || len(doc.Rates) != 0 {
			t.Errorf("%s: schema %d, interval %v, rates %v: want 2 and no sample without --interval", root, doc.Schema, doc.IntervalS, doc.Rates)
		}
	}
	_, out, _ := runCmd("sockets", "--root", eraPAWS, "--format", "json", "--fail-on", "none")
	if !strings.Contains(out, `"TcpExtPAWSPassive": 18433`) || strings.Contains(out, "PAWSOldAck") {
		t.Errorf("3.10 counters not read as that release names them:\n%s", out)
	}
	_, out, _ = runCmd("sockets", "--root", eraConntrack, "--format", "json", "--fail-on", "none")
	for _, w := range []string{`"port": 8080`, `"queue": 129`, `"command": "gunicorn"`, `"backlog": null`, `"drop": 819`} {
		if !strings.Contains(out, w) {
			t.Errorf("6.x JSON lacks %s:\n%s", w, out)
		}
	}
}

// TestSocketsIntervalRates samples the counters of a fixture twice; they do
// not move, so every rate is 0 and interval_s is set.
func TestSocketsIntervalRates(t *testing.T) {
	_, out, _ := runCmd("sockets", "--root", eraConntrack, "--format", "json", "--interval", "50ms", "--fail-on", "none")
	validate(t, socketsSchema(t), out)
	var doc socketsJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.IntervalS == nil || *doc.IntervalS < 0.05 || doc.Rates["TcpExtListenOverflows"] != 0 || len(doc.Rates) != len(doc.Counters) {
		t.Errorf("interval %v rates %v", doc.IntervalS, doc.Rates)
	}
	// Not rising: the since-boot overflow is info, not a warning.
	for _, f := range doc.Findings {
		if f.Rule == "TW616" && (f.Severity != "info" || !strings.Contains(f.Message, "/s over the last")) {
			t.Errorf("TW616 with a flat counter: %+v", f)
		}
	}
}

// openMetricsParse runs the Prometheus client's OpenMetrics parser (the
// python3-prometheus-client package) over text and returns its samples as
// "name{label=value,...} value" lines, sorted by the parser's own order.
func openMetricsParse(t *testing.T, text string) []string {
	t.Helper()
	const prog = `import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse
for fam in parse(sys.stdin.read()):
    for s in fam.samples:
        labels = ",".join("%s=%s" % kv for kv in sorted(s.labels.items()))
        print("%s|%s{%s} %r" % (fam.type, s.name, labels, s.value))
`
	py := pythonWithPrometheus()
	if py == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: python3-prometheus-client missing (scripts/test-deps.sh)")
		}
		t.Skip("python3-prometheus-client not installed (scripts/test-deps.sh installs it)")
	}
	cmd := exec.Command(py, "-c", prog)
	cmd.Stdin = strings.NewReader(text)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		t.Fatalf("the OpenMetrics parser rejects the output: %v\n%s\n%s", err, e.String(), text)
	}
	return strings.Split(strings.TrimSpace(o.String()), "\n")
}

func TestSocketsOpenMetricsParses(t *testing.T) {
	for _, root := range []string{socketsFixture, eraPAWS, eraMemory, eraConntrack} {
		code, out, errOut := runCmd("sockets", "--root", root, "--format", "openmetrics", "--fail-on", "none")
		if code != exitOK {
			t.Fatalf("%s: exit %d %s", root, code, errOut)
		}
		samples := strings.Join(openMetricsParse(t, out), "\n")
		want := map[string][]string{
			socketsFixture: {"gauge|twadvise_tcp_sockets{state=TIME_WAIT} 7", "gauge|twadvise_tcp_time_wait_headroom{} 3",
				"gauge|twadvise_tcp_time_wait_port_range_ratio{destination=10.0.0.9:443} 0.0008",
				"gauge|twadvise_tcp_close_wait_sockets{command=leaky-app} 2", "gauge|twadvise_tcp_close_wait_sockets{command=} 1",
				"counter|twadvise_tcp_kernel_events_total{counter=TcpExtTCPTimeWaitOverflow} 12",
				"gauge|twadvise_sockets_finding{name=time-wait-overflow,rule=TW612,severity=warning} 1",
				"gauge|twadvise_file_handles_headroom{}"},
			eraConntrack: {"counter|twadvise_tcp_kernel_events_total{counter=TcpExtListenOverflows} 5531",
				"gauge|twadvise_tcp_listen_queue{listener=0.0.0.0:8080} 129", "gauge|twadvise_nf_conntrack_entries{} 262101",
				"counter|twadvise_nf_conntrack_drops_total{kind=drop} 819"},
			eraPAWS: {"counter|twadvise_tcp_kernel_events_total{counter=TcpExtPAWSPassive} 18433"},
		}[root]
		for _, w := range want {
			if !strings.Contains(samples, w) {
				t.Errorf("%s: parsed samples lack %q:\n%s", root, w, samples)
			}
		}
	}
}

// TestSocketsOpenMetricsBounded: a census with many destinations, processes
// and listeners still gives at most maxSeries series of each, plus "other".
func TestSocketsOpenMetricsBounded(t *testing.T) {
	c := &kernel.Census{States: map[string]int{"TIME_WAIT": 500}}
	for i := range 50 {
		c.TimeWait.ByDestination = append(c.TimeWait.ByDestination, kernel.Destination{Address: fmt.Sprintf("10.0.%d.1", i), Port: 443, Count: 10, Outbound: 10, PortRangeShare: 0.001})
		c.CloseWait.ByProcess = append(c.CloseWait.ByProcess, kernel.ProcessCount{PID: 100 + i, Command: fmt.Sprintf("w\"k\\%d", i), Count: 1})
		c.Listeners = append(c.Listeners, kernel.Listener{Address: "::", Port: uint16(1000 + i)})
	}
	c.CloseWait.Total = 50
	var b bytes.Buffer
	if err := writeOpenMetrics(&b, 0, c, []rules.Finding{{RuleID: "TW613", RuleName: "destination-port-exhaustion", Severity: rules.Error}}); err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, s := range openMetricsParse(t, b.String()) {
		name := s[strings.Index(s, "|")+1 : strings.Index(s, "{")]
		n[name]++
	}
	for name, want := range map[string]int{
		"twadvise_tcp_time_wait_destination_sockets": maxSeries + 1, // + other
		"twadvise_tcp_close_wait_sockets":            maxSeries + 1,
		"twadvise_tcp_listen_queue":                  maxSeries,
		"twadvise_tcp_time_wait_port_range_ratio":    maxSeries,
	} {
		if n[name] != want {
			t.Errorf("%s: %d series, want %d", name, n[name], want)
		}
	}
}

// pythonWithPrometheus finds a python3 that imports prometheus_client: the
// first on PATH (which may be a pyenv shim), else Debian's, where apt puts it.
func pythonWithPrometheus() string {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import prometheus_client").Run() == nil {
			return py
		}
	}
	return ""
}
