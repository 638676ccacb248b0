package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/twadvise/twadvise/internal/jsonw"
)

type listDoc struct {
	Schema int            `json:"schema"`
	Items  []listItem     `json:"items"`
	After  map[string]any `json:"after"`
}

type listItem struct {
	Name  string   `json:"name"`
	Notes []string `json:"notes"`
}

// writeJSONList must write exactly what writeJSON writes for the whole
// document: scripts and golden files see no difference.
func TestWriteJSONListSameAsWriteJSON(t *testing.T) {
	items := []listItem{{"a <b> & \"c\"", []string{"x"}}, {"é", nil}, {"", []string{}}}
	for n := 0; n <= len(items); n++ {
		doc := listDoc{Schema: 2, Items: items[:n], After: map[string]any{"k": []int{1}}}
		var want, got bytes.Buffer
		if err := writeJSON(&want, doc); err != nil {
			t.Fatal(err)
		}
		head := doc
		head.Items = []listItem{}
		if err := writeJSONList(&got, head, "items", n, func(j *jsonw.Writer, i int) {
			j.Open('{')
			j.Key("name")
			j.String(items[i].Name)
			j.Key("notes")
			if items[i].Notes == nil {
				j.Null()
			} else {
				j.Strings(items[i].Notes)
			}
			j.Close('}')
		}); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d items:\n got %s\nwant %s", n, got.String(), want.String())
		}
	}
}

func TestWriteJSONListNeedsTheField(t *testing.T) {
	var out bytes.Buffer
	err := writeJSONList(&out, listDoc{Items: []listItem{{Name: "x"}}}, "items", 1, func(*jsonw.Writer, int) {})
	if err == nil || !strings.Contains(err.Error(), `"items"`) {
		t.Errorf("err = %v, want one naming the field", err)
	}
}
