package main

import (
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"
)

// The XML formats are read back with encoding/xml into the shapes their
// consumers expect (the JUnit and Checkstyle element and attribute names),
// not into our own writer types, so a renamed field would fail here.

type junitIn struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
			} `xml:"failure"`
			Error     *struct{} `xml:"error"`
			SystemOut string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestCheckJUnit(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.conf": "net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = 30\n",
		"b.conf": "net.ipv4.tcp_tw_recycle = 1\n",
	})
	a, b := filepath.Join(dir, "a.conf"), filepath.Join(dir, "b.conf")
	code, out, _ := runIn(t, "", "check", "--format", "junit", "--kernel", "5.15", a, b)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1", code)
	}
	var doc junitIn
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if len(doc.Suites) != 2 || doc.Suites[0].Name != a || doc.Suites[1].Name != b {
		t.Fatalf("want one suite per file (%s, %s):\n%s", a, b, out)
	}
	sum := 0
	for _, s := range doc.Suites {
		sum += s.Tests
		if s.Tests != len(s.Cases) {
			t.Errorf("suite %s: tests=%d but %d cases", s.Name, s.Tests, len(s.Cases))
		}
	}
	if doc.Tests != sum {
		t.Errorf("testsuites tests=%d, suites sum to %d", doc.Tests, sum)
	}
	var failed, passed int
	for _, c := range doc.Suites[0].Cases {
		switch {
		case c.Failure != nil && c.Failure.Type == "error" && strings.HasPrefix(c.Classname, "TW101 "):
			failed++
		case c.Failure == nil && strings.HasPrefix(c.SystemOut, "info: "):
			passed++
		}
	}
	if failed != 1 || passed != 1 {
		t.Errorf("a.conf: want the error as a failure and the info finding passing (below --fail-on):\n%s", out)
	}

	doc = junitIn{}
	code, out, _ = runIn(t, "", "check", "--format", "junit", "--kernel", "5.15", a, filepath.Join(dir, "missing.conf"))
	if code != exitFailed {
		t.Errorf("missing file: exit %d, want 2", code)
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil || doc.Errors != 1 {
		t.Errorf("missing file: want one <error> testcase (err %v):\n%s", err, out)
	}

	doc = junitIn{}
	code, out, _ = runIn(t, "net.core.somaxconn = 8192\n", "check", "--format", "junit", "--kernel", "6.8", "-")
	if err := xml.Unmarshal([]byte(out), &doc); err != nil || code != exitOK || len(doc.Suites) != 1 || doc.Tests != 0 {
		t.Errorf("clean run: want exit 0 and one empty suite (exit %d, err %v):\n%s", code, err, out)
	}
}

type checkstyleIn struct {
	XMLName xml.Name `xml:"checkstyle"`
	Version string   `xml:"version,attr"`
	Files   []struct {
		Name   string `xml:"name,attr"`
		Errors []struct {
			Line     int    `xml:"line,attr"`
			Severity string `xml:"severity,attr"`
			Message  string `xml:"message,attr"`
			Source   string `xml:"source,attr"`
		} `xml:"error"`
	} `xml:"file"`
}

func TestCheckCheckstyle(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.conf": "net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = \"30\" <&>\n"})
	a := filepath.Join(dir, "a.conf")
	code, out, _ := runIn(t, "", "check", "--format", "checkstyle", "--kernel", "5.15", a)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.HasPrefix(out, "<?xml") {
		t.Errorf("no XML declaration:\n%s", out)
	}
	var doc checkstyleIn
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if doc.Version != "4.3" || len(doc.Files) != 1 || doc.Files[0].Name != a {
		t.Fatalf("want checkstyle 4.3 with one <file name=%q>:\n%s", a, out)
	}
	sev := map[string]bool{"error": true, "warning": true, "info": true}
	found := false
	for _, e := range doc.Files[0].Errors {
		if !sev[e.Severity] || !strings.HasPrefix(e.Source, "twadvise.TW") || e.Message == "" {
			t.Errorf("bad <error>: %+v", e)
		}
		if e.Source == "twadvise.TW101" && e.Line == 1 && e.Severity == "error" {
			found = true
		}
	}
	if !found {
		t.Errorf("no TW101 error on line 1:\n%s", out)
	}
}
