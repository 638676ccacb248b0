package fleet

import (
	"io"
	"testing"

	"github.com/twadvise/twadvise/check"
)

// BenchmarkReport reads and summarises 1,000 synthetic check reports and
// writes the report JSON (the work of `twadvise report --format json`;
// bench/report.sh compares the command with a Python reader).
func BenchmarkReport(b *testing.B) {
	dir := b.TempDir()
	syntheticFleet(b, dir, 1000, 1)
	tool := check.Tool{Name: "twadvise", Version: "bench"}
	b.ReportAllocs()
	for b.Loop() {
		f, errs := LoadFleet([]string{dir})
		if len(f.Hosts) < 900 {
			b.Fatalf("%d hosts", len(f.Hosts))
		}
		if err := f.WriteJSON(io.Discard, tool, errs); err != nil {
			b.Fatal(err)
		}
	}
}
