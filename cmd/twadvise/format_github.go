package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/twadvise/twadvise/rules"
)

// GitHub Actions workflow commands: one "::error file=F,line=N,title=T::msg"
// line per finding, which the runner turns into an annotation on that line
// of the pull request. No upload step is needed.

// githubCommand maps severities to workflow commands; GitHub has no "info",
// its lowest level is "notice".
func githubCommand(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// githubData escapes a command's message as the runner expects
// (@actions/core escapeData): "%" first, then CR and LF, so a multi-line
// message stays one command.
func githubData(s string) string {
	s = strings.ReplaceAll(s, "%", "%25")
	s = strings.ReplaceAll(s, "\r", "%0D")
	return strings.ReplaceAll(s, "\n", "%0A")
}

// githubProperty escapes a property value (@actions/core escapeProperty):
// like data, plus ":" and "," which would end the value.
func githubProperty(s string) string {
	s = githubData(s)
	s = strings.ReplaceAll(s, ":", "%3A")
	return strings.ReplaceAll(s, ",", "%2C")
}

// githubLine formats one workflow command. file and line are omitted when
// unknown: the annotation then shows in the run summary only.
func githubLine(cmd, file string, line int, title, msg string) string {
	var props []string
	if file != "" && file != rules.LiveFile {
		props = append(props, "file="+githubProperty(file))
		if line > 0 {
			props = append(props, "line="+strconv.Itoa(line))
		}
	}
	if title != "" {
		props = append(props, "title="+githubProperty(title))
	}
	p := ""
	if len(props) > 0 {
		p = " " + strings.Join(props, ",")
	}
	return "::" + cmd + p + "::" + githubData(msg)
}

func writeCheckGitHub(o *checkOutput) error {
	for _, f := range o.run.Findings {
		msg := f.Message
		if f.File == rules.LiveFile && f.Key != "" {
			msg = "live " + f.Key + ": " + msg
		}
		if f.Remediation != "" {
			msg += "\n" + f.Remediation
		}
		title := f.RuleID + " " + f.RuleName
		if _, err := fmt.Fprintln(o.out, githubLine(githubCommand(f.Severity), f.File, f.Line, title, msg)); err != nil {
			return err
		}
	}
	for _, e := range o.run.Errors {
		if _, err := fmt.Fprintln(o.out, githubLine("error", e.File, e.Line, "twadvise", e.Message)); err != nil {
			return err
		}
	}
	return nil
}
