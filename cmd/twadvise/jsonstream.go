package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// writeJSONList writes the same bytes as writeJSON for a document whose
// top-level array field holds n items, without building the document in
// memory: head is the document with that field empty (it must encode as
// "field": []), and item(i) gives the i-th element, encoded one at a time.
// A check that repeats one finding on 200,000 lines otherwise held its
// 200 MB of JSON two or three times over.
func writeJSONList(w io.Writer, head any, field string, n int, item func(i int) any) error {
	var hb bytes.Buffer
	if err := writeJSON(&hb, head); err != nil {
		return err
	}
	marker := []byte("\n  " + mustQuote(field) + ": []")
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
	var ib bytes.Buffer
	enc := json.NewEncoder(&ib)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	for i := 0; i < n; i++ {
		ib.Reset()
		if i > 0 {
			ib.WriteByte(',')
		}
		ib.WriteString("\n    ")
		if err := enc.Encode(item(i)); err != nil {
			return err
		}
		ib.Truncate(ib.Len() - 1) // Encode's newline
		if _, err := w.Write(ib.Bytes()); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, "\n  "); err != nil {
		return err
	}
	_, err := w.Write(hb.Bytes()[open:])
	return err
}

func mustQuote(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err) // a string always encodes
	}
	return string(b)
}
