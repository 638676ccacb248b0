package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkEffectiveTree runs `effective` over the tree bench/effective-tree.sh
// builds (10,000 files, each setting the same two keys), so a profile of the
// command is one `go test -bench EffectiveTree -cpuprofile` away.
func BenchmarkEffectiveTree(b *testing.B) {
	root := effectiveBenchTree(b, 10000)
	for _, format := range []string{"json", "text"} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if code := run([]string{"effective", "--root", root, "--format", format}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

// effectiveBenchTree writes n files like bench/effective-tree.sh's under
// <root>/etc/sysctl.d, and live values for their keys under <root>/proc/sys.
func effectiveBenchTree(b *testing.B, n int) string {
	root := b.TempDir()
	dir := filepath.Join(root, "etc", "sysctl.d")
	for _, d := range []string{dir, filepath.Join(root, "proc/sys/net/core"), filepath.Join(root, "proc/sys/net/ipv4")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
	}
	for i := 1; i <= n; i++ {
		body := fmt.Sprintf("# tuning %d\nnet.core.somaxconn = %d\nnet.ipv4.tcp_fin_timeout = 30\n", i, 4096+i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d-tune.conf", i)), []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for p, v := range map[string]string{"proc/sys/net/core/somaxconn": "4096\n", "proc/sys/net/ipv4/tcp_fin_timeout": "60\n"} {
		if err := os.WriteFile(filepath.Join(root, p), []byte(v), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return root
}
