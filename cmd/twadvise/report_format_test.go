package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"text/tabwriter"
)

// TestAlignedRowsLikeTabwriter: the row-by-row table writer of the text
// report aligns exactly as text/tabwriter did (cells of any width, empty,
// non-ASCII, with colour escapes; the rest of the line unpadded).
func TestAlignedRowsLikeTabwriter(t *testing.T) {
	words := []string{"", "a", "web-01", "5.15.0-91-generic", "unknown kernel", "é中🚀", "\x1b[31merror\x1b[0m", "TW101 tcp-tw-recycle-removed", `"evil\x1b[2Jhost"`}
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n, cols := r.IntN(6), 1+r.IntN(3)
		rows := make([][]string, n)
		rests := make([]string, n)
		var want strings.Builder
		tw := tabwriter.NewWriter(&want, 0, 4, 2, ' ', 0)
		for i := range rows {
			for range cols {
				rows[i] = append(rows[i], words[r.IntN(len(words))])
			}
			rests[i] = words[r.IntN(len(words))] + ": " + words[r.IntN(len(words))]
			fmt.Fprintf(tw, "  %s\t%s\n", strings.Join(rows[i], "\t"), rests[i])
		}
		tw.Flush()
		var got strings.Builder
		alignedRows(&got, n, func(i int, cells []string) []string { return append(cells, rows[i]...) },
			func(i int) { got.WriteString(rests[i]) })
		if got.String() != want.String() {
			t.Fatalf("trial %d: got\n%q\nwant (tabwriter)\n%q", trial, got.String(), want.String())
		}
	}
}

// TestReportHostileProfileAndName: a profile or rule name from another
// machine's report never reaches the terminal raw either.
func TestReportHostileProfileAndName(t *testing.T) {
	dir := t.TempDir()
	p := writeCheckJSON(t, dir, "web1.json", "--host", "web1", "--root", webRoot)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Replace(string(data), `"profiles": [`, `"profiles": ["evil\u001b[2J\tprofile",`, 1)
	doc = strings.Replace(doc, `"name": "tcp-tw-recycle-removed"`, `"name": "tw\u001b]0;pwned\u0007\nname"`, 1)
	if doc == string(data) {
		t.Fatal("the fixture has no profiles to replace")
	}
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, errOut := runCmd("report", dir)
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("raw escape in the text output:\n%q", out)
	}
	if !strings.Contains(out, `"evil\x1b[2J\tprofile`) || !strings.Contains(out, `"tw\x1b]0;pwned\a\nname"`) {
		t.Errorf("profile or rule name not quoted:\n%s\nstderr:\n%s", out, errOut)
	}
}
