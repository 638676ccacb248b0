package advisor

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/twadvise/twadvise/rules"
)

// assertReviewClean checks the two promises of review mode: running it on
// its own output changes nothing, and check finds nothing at warning or
// above in it.
func assertReviewClean(t *testing.T, release, profile, path string, out []byte) {
	t.Helper()
	r := adviseFor(t, release, profile, path, out)
	if again := r.review(path, out); !bytes.Equal(again, out) {
		t.Errorf("%s/%s/%s: review is not idempotent:\n%s", path, profile, release, again)
	}
	for _, f := range r.res.Findings {
		if f.Severity >= rules.Warning {
			t.Errorf("%s/%s/%s: check of the reviewed file: %s:%d: %s [%s]", path, profile, release, f.File, f.Line, f.Message, f.RuleID)
		}
	}
}

// corpusDir is shared/corpus, read in place. Absent: skip, or fail under CI.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		skipOrFail(t, "shared corpus not found at %s: %v", dir, err)
	}
	return dir
}

// TestReviewCorpus reviews third-party files with hazards (tcp_tw_recycle,
// low tcp_max_tw_buckets, timestamps off, even port ranges, fs.file-max)
// for every profile on old and new kernels.
func TestReviewCorpus(t *testing.T) {
	dir := corpusDir(t)
	files := []string{
		"ansible-practise-sysctl-sh.conf", "antiflood-kernel-tweaks.conf", "easyengine2-etc-sysctl.conf",
		"isucon11-etc-sysctl.conf", "kjyw-centos7-init.conf", "9m2pju-linuxtweaks.conf", "hxhgts-tcpopt.conf",
	}
	for _, name := range files {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"4.9", "5.15", "6.8"} {
			for _, p := range builtinProfiles(t) {
				r := adviseFor(t, k, p, name, src)
				hazards := 0
				for _, f := range r.res.Findings {
					if f.Severity >= rules.Warning {
						hazards++
					}
				}
				out := r.review(name, src)
				if hazards > 0 && bytes.Equal(out, src) {
					t.Errorf("%s/%s/%s: %d hazards but the review changed nothing", name, p, k, hazards)
				}
				assertReviewClean(t, k, p, name, out)
			}
		}
	}
}
