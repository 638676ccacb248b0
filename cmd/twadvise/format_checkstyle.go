package main

import (
	"encoding/xml"
	"io"

	"github.com/twadvise/twadvise/rules"
)

// Checkstyle XML, the format many CI dashboards (Jenkins warnings-ng,
// reviewdog, SonarQube) import. The source is "twadvise.TW101", the
// shellcheck/hadolint convention, so tools can group by rule.

type checkstyleXML struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func writeCheckCheckstyle(o *checkOutput) error {
	doc := checkstyleXML{Version: "4.3"}
	byFile := map[string]int{}
	add := func(file string, e checkstyleError) {
		i, ok := byFile[file]
		if !ok {
			i = len(doc.Files)
			byFile[file] = i
			doc.Files = append(doc.Files, checkstyleFile{Name: file})
		}
		doc.Files[i].Errors = append(doc.Files[i].Errors, e)
	}
	for _, f := range o.run.Findings {
		msg := f.Message
		if f.File == rules.LiveFile && f.Key != "" {
			msg = f.Key + ": " + msg
		}
		add(f.File, checkstyleError{Line: f.Line, Severity: f.Severity.String(), Message: msg, Source: "twadvise." + f.RuleID})
	}
	for _, e := range o.run.Errors {
		file := e.File
		if file == "" {
			file = "twadvise"
		}
		add(file, checkstyleError{Line: e.Line, Severity: "error", Message: e.Message, Source: "twadvise"})
	}
	return writeXML(o.out, doc)
}

// writeXML writes the XML header and v indented, with a final newline.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
