package main

import (
	"path/filepath"
	"testing"

	"github.com/twadvise/twadvise/internal/loaderoracle"
)

// TestParityCorpusTrees runs both loaders on the shared trees (read in place
// from ../shared/corpus/trees, copied to a temp dir with the flattened
// symlinks restored, see loaderoracle.CopyTree). twadvise must match the
// live loader, and the loader must still match trees/expected/*.json, which
// checks the oracle itself.
func TestParityCorpusTrees(t *testing.T) {
	corpus := loaderoracle.CorpusDir(t)
	for _, tree := range []string{"precedence", "realistic"} {
		for _, loader := range loaders {
			t.Run(tree+"/"+loader, func(t *testing.T) {
				root := filepath.Join(t.TempDir(), tree)
				if err := loaderoracle.CopyTree(filepath.Join(corpus, "trees", tree), root); err != nil {
					t.Fatal(err)
				}
				checkParity(t, root, loader, nil)

				expected := filepath.Join(corpus, "trees", "expected", tree+"."+string(oracleMode(loader))+".json")
				want := loaderoracle.ReadExpected(t, expected)
				doc := effectiveFor(t, root, loader)
				got, _ := winners(doc)
				if loader == "systemd" {
					for k, v := range got {
						if v == "" {
							delete(got, k)
						}
					}
				}
				if d := loaderoracle.DiffMaps(want, got); d != "" {
					t.Errorf("twadvise differs from %s (-expected +twadvise):\n%s", expected, d)
				}
			})
		}
	}
}
