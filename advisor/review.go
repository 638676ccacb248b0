package advisor

import (
	"fmt"
	"sort"
	"strings"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

// ReviewMarker opens the block of recommendations Review adds at the end.
const ReviewMarker = "# --- twadvise: missing recommendations ---"

// ReviewInput is the user's file and what twadvise learnt about it.
type ReviewInput struct {
	Path      string // the file's name as findings and the effective config spell it
	Src       []byte
	Effective *kernel.Effective
	Findings  []rules.Finding
	Recs      []Recommendation
	Header    Header
}

// lineEdit is what happens to one line of the user's file.
type lineEdit struct {
	before  []string // comment lines inserted above (above its ignore directive, if any)
	at      int      // line the notes go above
	replace *string  // new content of the line; nil keeps it
}

// Review returns the user's file with its lines, comments (including
// "# twadvise:ignore") and order kept: hazardous lines are commented out
// with the reason and rule ID, wrong values corrected in place (the old line
// kept as a comment), and missing recommendations added in one marked block
// at the end. Running it on its own output changes nothing.
func Review(in ReviewInput) []byte {
	lines := strings.SplitAfter(string(in.Src), "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	edits := planEdits(in)
	var b strings.Builder
	for i, l := range lines {
		no := i + 1
		for _, e := range edits {
			if e.at == no {
				for _, c := range e.before {
					b.WriteString(c + "\n")
				}
			}
		}
		if e, ok := edits[no]; ok && e.replace != nil {
			b.WriteString(*e.replace + "\n")
			continue
		}
		b.WriteString(l)
	}
	out := b.String()
	if add := missing(in); len(add) > 0 {
		if out != "" && !strings.HasSuffix(out, "\n") {
			out += "\n"
		}
		var a strings.Builder
		fmt.Fprintf(&a, "\n%s\n# Added by twadvise %s for profile %s, kernel %s.\n", ReviewMarker, in.Header.Version, in.Header.Profile, in.Header.KernelText())
		for _, r := range add {
			fmt.Fprintf(&a, "# %s [%s]\n%s = %s\n", r.Reason, rulesText(r.Rules), r.Key, r.Value)
		}
		out += a.String()
	}
	return []byte(out)
}

// planEdits decides, per line number, whether a setting line is commented
// out or corrected.
func planEdits(in ReviewInput) map[int]*lineEdit {
	byLine := map[int][]rules.Finding{}
	for _, f := range in.Findings {
		if f.File == in.Path && f.Line > 0 && (f.Severity >= rules.Warning || noopRules[f.RuleID]) {
			byLine[f.Line] = append(byLine[f.Line], f)
		}
	}
	recs := map[string]Recommendation{}
	for _, r := range in.Recs {
		recs[r.Key] = r
	}
	edits := map[int]*lineEdit{}
	if in.Effective == nil {
		return edits
	}
	for _, s := range in.Effective.Assignments {
		if s.File != in.Path {
			continue
		}
		fs := byLine[s.Line]
		r, hasRec := recs[s.Key]
		profileFix := hasRec && r.fromProfile && r.Action == ActionSet && r.File == s.File && r.Line == s.Line
		if len(fs) == 0 && !profileFix {
			continue
		}
		e := &lineEdit{at: s.Line}
		if s.Ignore != nil && s.Ignore.Line < s.Line {
			e.at = s.Ignore.Line
		}
		orig := "# " + strings.TrimRight(lineText(in.Src, s.Line), "\r\n")
		if profileFix || (hasRec && r.Action == ActionSet && fixable(fs)) {
			e.before = append(notes(fs, r.Reason, r.Rules, "corrected; was:"), orig)
			nl := s.Key + " = " + r.Value
			e.replace = &nl
		} else if v, ok := suggestion(fs); ok {
			e.before = append(notes(fs, "", nil, "corrected; was:"), orig)
			nl := s.Key + " = " + v
			e.replace = &nl
		} else {
			e.before = notes(fs, "", nil, "commented out:")
			e.replace = &orig
		}
		edits[s.Line] = e
	}
	// remove edits for lines that are not assignments (diagnostics) are
	// handled by findings without an assignment:
	for line, fs := range byLine {
		if _, done := edits[line]; done || !isSetting(in.Src, line) {
			continue
		}
		orig := "# " + strings.TrimRight(lineText(in.Src, line), "\r\n")
		edits[line] = &lineEdit{at: line, before: notes(fs, "", nil, "commented out:"), replace: &orig}
	}
	return edits
}

// noopRules report a line that changes nothing, or only lowers the
// release default (TW413: somaxconn at or below 4096 on 5.4 and later):
// review takes such a line out even though the finding is info, so the
// reviewed file checks clean.
var noopRules = map[string]bool{"TW413": true}

// fixable reports whether every finding on the line carries a suggestion.
func fixable(fs []rules.Finding) bool {
	for _, f := range fs {
		if f.Suggestion == nil || f.FixKind == rules.FixRemove {
			return false
		}
	}
	return true
}

func suggestion(fs []rules.Finding) (string, bool) {
	if len(fs) == 0 || !fixable(fs) {
		return "", false
	}
	return *fs[0].Suggestion, true
}

// notes are the comment lines explaining an edit.
func notes(fs []rules.Finding, reason string, ids []string, what string) []string {
	var out []string
	for _, f := range fs {
		if oneLine(f.Message) == reason {
			reason = ""
		}
	}
	if reason != "" {
		out = append(out, fmt.Sprintf("# twadvise: %s [%s]", reason, rulesText(ids)))
	}
	sorted := append([]rules.Finding(nil), fs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].RuleID < sorted[j].RuleID })
	for _, f := range sorted {
		out = append(out, fmt.Sprintf("# twadvise: %s %s: %s", f.RuleID, f.RuleName, oneLine(f.Message)))
	}
	return append(out, "# twadvise: "+what)
}

// missing are the recommendations the file does not configure at all.
func missing(in ReviewInput) []Recommendation {
	var out []Recommendation
	for _, r := range in.Recs {
		if r.Action == ActionSet && r.File == "" {
			out = append(out, r)
		}
	}
	return out
}

func rulesText(ids []string) string {
	if len(ids) == 0 {
		return "profile"
	}
	return strings.Join(ids, ", ")
}

// lineText is line no (1-based) of src, "" when out of range.
func lineText(src []byte, no int) string {
	lines := strings.Split(string(src), "\n")
	if no < 1 || no > len(lines) {
		return ""
	}
	return lines[no-1]
}

// isSetting reports whether a line is neither blank nor a comment, so
// commenting it out changes what the loaders see.
func isSetting(src []byte, no int) bool {
	t := strings.TrimSpace(strings.TrimPrefix(lineText(src, no), "\ufeff"))
	return t != "" && t[0] != '#' && t[0] != ';'
}
