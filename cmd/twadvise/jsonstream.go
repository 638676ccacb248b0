package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/twadvise/twadvise/internal/jsonw"
)

// writeJSONList writes the same bytes as writeJSON for a document whose
// top-level array field holds n items, without building the document in
// memory: head is the document with that field empty (it must encode as
// "field": []), and item(j, i) writes the i-th element into j, one at a
// time. A check that repeats one finding on 200,000 lines otherwise held
// its 200 MB of JSON two or three times over.
func writeJSONList(w io.Writer, head any, field string, n int, item func(j *jsonw.Writer, i int)) error {
	var hb bytes.Buffer
	if err := writeJSON(&hb, head); err != nil {
		return err
	}
	marker := []byte("\n  " + string(jsonw.AppendString(nil, field)) + ": []")
	at := bytes.Index(hb.Bytes(), marker)
	if at < 0 {
		return fmt.Errorf("json: %q is not an empty top-level array in the document", field)
	}
	if n == 0 {
		_, err := w.Write(hb.Bytes())
		return err
	}
	open := at + len(marker) - 1 // just after "["
	if _, err := w.Write(hb.Bytes()[:open]); err != nil {
		return err
	}
	j := jsonw.InArray(w, 2)
	for i := 0; i < n; i++ {
		j.Next()
		item(j, i)
	}
	j.Close(']')
	if err := j.Flush(); err != nil {
		return err
	}
	_, err := w.Write(hb.Bytes()[open+1:]) // after the "]" Close wrote
	return err
}
