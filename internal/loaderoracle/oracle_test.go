package loaderoracle

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOracleMatchesExpected reruns the shared trees and compares with the
// outputs sysctl_oracle.py recorded (trees/expected/<tree>.<mode>.json): a
// regression check of this port, independent of twadvise.
func TestOracleMatchesExpected(t *testing.T) {
	corpus := CorpusDir(t)
	for _, tree := range []string{"precedence", "realistic"} {
		for _, mode := range []Mode{SystemdTree, ProcpsSystem} {
			t.Run(tree+"/"+string(mode), func(t *testing.T) {
				root := filepath.Join(t.TempDir(), tree)
				if err := CopyTree(filepath.Join(corpus, "trees", tree), root); err != nil {
					t.Fatal(err)
				}
				res := Check(t, Request{Mode: mode, Root: root})
				want := ReadExpected(t, filepath.Join(corpus, "trees", "expected", tree+"."+string(mode)+".json"))
				if d := DiffMaps(want, res.Effective); d != "" {
					t.Errorf("effective differs from %s.%s.json (-expected +oracle):\n%s", tree, mode, d)
				}
			})
		}
	}
}

// TestOracleFiles checks the explicit-file modes: order given, last wins.
func TestOracleFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.conf"), filepath.Join(dir, "b.conf")
	os.WriteFile(a, []byte("net.core.somaxconn = 1\nnet.ipv4.tcp_fin_timeout = 7\n"), 0o644)
	os.WriteFile(b, []byte("net.core.somaxconn = 2\n"), 0o644)
	want := map[string]string{"net.core.somaxconn": "2", "net.ipv4.tcp_fin_timeout": "7"}
	for _, mode := range []Mode{SystemdFiles, ProcpsFiles} {
		res := Check(t, Request{Mode: mode, Files: []string{a, b}})
		if d := DiffMaps(want, res.Effective); d != "" {
			t.Errorf("%s (-want +got):\n%s", mode, d)
		}
	}
}

// TestScriptChecksTmpfsFirst pins the order inside oracle.sh: the tmpfs check
// comes before the first write to /proc/sys and before the loader. (The
// refusal itself cannot be provoked without breaking the namespace on purpose.)
func TestScriptChecksTmpfsFirst(t *testing.T) {
	check := strings.Index(script, "stat -f -c %T /proc/sys")
	firstWrite := strings.Index(script, "cp -a \"$work/procsys/.\" /proc/sys/")
	loader := strings.Index(script, "\"$@\"")
	if check < 0 || firstWrite < check || loader < check {
		t.Fatal("oracle.sh must check that /proc/sys is a tmpfs before writing to it or running the loader")
	}
}
