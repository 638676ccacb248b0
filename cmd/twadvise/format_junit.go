package main

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/twadvise/twadvise/rules"
)

// JUnit XML for CI test dashboards (GitLab "junit" reports, Jenkins). One
// testsuite per file, one testcase per finding. A finding at or above
// --fail-on is a <failure>; one below it is a passing testcase whose text
// is in <system-out>, so the dashboard agrees with the exit code without
// the formatter choosing it. Run errors are <error> testcases in a suite
// named "twadvise".

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func writeCheckJUnit(o *checkOutput) error {
	failOn, err := rules.ParseSeverity(o.g.failOn, true)
	if err != nil {
		return err
	}
	doc := junitSuites{Name: "twadvise"}
	byName := map[string]int{}
	suite := func(name string) *junitSuite {
		i, ok := byName[name]
		if !ok {
			i = len(doc.Suites)
			byName[name] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: name})
		}
		return &doc.Suites[i]
	}
	for _, f := range o.run.Findings {
		s := suite(f.File)
		c := junitCase{Name: junitCaseName(f), Classname: f.RuleID + " " + f.RuleName, File: f.File, Line: f.Line}
		text := junitDetail(f)
		if failOn != rules.SeverityNone && f.Severity >= failOn {
			c.Failure = &junitProblem{Message: f.Message, Type: f.Severity.String(), Text: text}
			s.Failures++
		} else {
			c.SystemOut = f.Severity.String() + ": " + text
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	for _, e := range o.run.Errors {
		s := suite("twadvise")
		s.Tests++
		s.Errors++
		s.Cases = append(s.Cases, junitCase{
			Name: position(e.File, e.Line), Classname: "twadvise", File: e.File, Line: e.Line,
			Error: &junitProblem{Message: e.Message, Type: "error", Text: e.Message},
		})
	}
	if len(doc.Suites) == 0 {
		// An empty report still has a suite, so dashboards show a clean run
		// rather than a missing report.
		doc.Suites = []junitSuite{{Name: "twadvise"}}
	}
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
	}
	return writeXML(o.out, doc)
}

// junitCaseName names a testcase by position and key, so two findings of
// one rule in one file stay distinct.
func junitCaseName(f rules.Finding) string {
	name := position(f.File, f.Line)
	if f.Key != "" {
		name += " " + f.Key
	}
	return name
}

func junitDetail(f rules.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s [%s %s]", position(f.File, f.Line), f.Message, f.RuleID, f.RuleName)
	if f.Remediation != "" {
		b.WriteString("\n" + f.Remediation)
	}
	return b.String()
}
