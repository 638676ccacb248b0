package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Seeded random trees: "trees nobody here has seen". The generator mixes the
// features of parityFeatures at random; the seed is fixed so a failure
// reproduces, and the failing tree is printed in full.
//
// Left out on purpose, because they are known disagreements with their own
// failing case in parityFeatures (re-add them here once kernel/ is fixed):
// hidden file names, keys with a leading "/", "- key" with a blank after
// the dash, and a "-key" exclusion of a key that is also assigned explicitly
// (exclusions here only name accept_redirects keys, which are only ever set
// through the glob).
const (
	randomTrees = 20
	randomSeed  = 0x7477616476 // "twadv"
)

// TestParityRandomTrees checks randomTrees trees from randomSeed.
// TWADVISE_PARITY_SEED=N and TWADVISE_PARITY_TREES=M explore other trees.
func TestParityRandomTrees(t *testing.T) {
	seed, n := uint64(randomSeed), randomTrees
	if s := os.Getenv("TWADVISE_PARITY_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 0, 64)
	}
	if s := os.Getenv("TWADVISE_PARITY_TREES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	r := rand.New(rand.NewPCG(seed, 1))
	trees := make([]fakeTree, n)
	for i := range trees {
		trees[i] = randomTree(r) // all generated first: -run filters do not shift the sequence
	}
	for i, ft := range trees {
		for _, loader := range loaders {
			t.Run(fmt.Sprintf("tree%02d/%s", i, loader), func(t *testing.T) {
				root := filepath.Join(t.TempDir(), "root")
				ft.write(t, root)
				checkParity(t, root, loader, ft)
			})
		}
	}
}

var (
	randomDirs  = []string{"etc/sysctl.d", "run/sysctl.d", "usr/local/lib/sysctl.d", "usr/lib/sysctl.d"}
	randomNames = []string{"10-base", "50-net", "50-Net", "60-tune", "99-zz", "99-Z", "100-late", "Alpha", "alpha", "k8s", "zeta", "_x"}
	randomExts  = []string{".conf", ".conf", ".conf", ".conf", ".conf", ".conf", ".CONF", ".conf.bak", ".conf~"}
	randomVals  = []string{"0", "1", "2", "4096", "1024 65535", "1024\t65535", "1024    65535", "8192 # inline", "x=y", "", "\"q\""}
	randomIfs   = []string{"all", "default", "lo", "eth0", "eth0.100"}
)

// randomTree builds one tree: a few files in random directories with random
// names, an optional /etc/sysctl.conf with or without the 99-sysctl.conf
// link, and sometimes a /dev/null mask or an absolute symlink.
func randomTree(r *rand.Rand) fakeTree {
	ft := fakeTree{}
	for range 1 + r.IntN(6) {
		p := pick(r, randomDirs) + "/" + pick(r, randomNames) + pick(r, randomExts)
		ft[p] = randomFile(r)
	}
	if r.IntN(2) == 0 {
		ft["etc/sysctl.conf"] = randomFile(r)
		if r.IntN(2) == 0 {
			ft["etc/sysctl.d/99-sysctl.conf"] = symlink("../sysctl.conf")
		}
	}
	if r.IntN(4) == 0 {
		name := pick(r, randomNames) + ".conf"
		ft["usr/lib/sysctl.d/"+name] = randomFile(r)
		ft["etc/sysctl.d/"+name] = symlink("/dev/null")
	}
	if r.IntN(5) == 0 {
		ft["usr/lib/sysctl.d/shared.txt"] = randomFile(r)
		ft["etc/sysctl.d/"+pick(r, randomNames)+".conf"] = symlink("/usr/lib/sysctl.d/shared.txt")
	}
	return ft
}

// randomFile is 1-8 lines, CRLF or LF, sometimes without a final newline.
func randomFile(r *rand.Rand) string {
	var lines []string
	for range 1 + r.IntN(8) {
		lines = append(lines, randomLine(r))
	}
	eol := "\n"
	if r.IntN(5) == 0 {
		eol = "\r\n"
	}
	s := strings.Join(lines, eol)
	if r.IntN(8) != 0 {
		s += eol
	}
	return s
}

func randomLine(r *rand.Rand) string {
	switch r.IntN(12) {
	case 0:
		return pick(r, []string{"# comment", "   # indented = 1", "; semicolon", "\t; tab", ""})
	case 1:
		return pick(r, []string{"no equals sign", "net.core.rmem_max"})
	case 2:
		return "-net.ipv4.conf." + strings.ReplaceAll(pick(r, randomIfs), ".", "/") + ".accept_redirects" // exclusion
	}
	key := randomKey(r)
	if r.IntN(6) == 0 {
		key = "-" + key
	}
	sep := pick(r, []string{" = ", "=", " =", "= ", "\t=\t"})
	indent := pick(r, []string{"", "", "", "  ", "\t"})
	trail := pick(r, []string{"", "", "", " ", "\t"})
	return indent + key + sep + pick(r, randomVals) + trail
}

// randomKey is a key from a small pool (so files collide), in dotted or
// slash spelling, sometimes a glob.
func randomKey(r *rand.Rand) string {
	var dotted string
	switch r.IntN(10) {
	case 0:
		dotted = "net.core.somaxconn"
	case 1:
		dotted = "net.ipv4.tcp_fin_timeout"
	case 2:
		dotted = "net.ipv4.ip_local_port_range"
	case 3:
		dotted = "vm.swappiness"
	case 4, 5:
		dotted = "net.ipv4.conf." + strings.ReplaceAll(pick(r, randomIfs), ".", "/") + ".rp_filter"
	case 6:
		dotted = "net.ipv6.conf." + pick(r, []string{"lo", "eth0"}) + ".disable_ipv6"
	case 7:
		dotted = "net.ipv4.conf.*.rp_filter"
	case 8:
		dotted = "net.ipv4.conf.*.accept_redirects"
	default:
		dotted = "net.ipv6.conf.*.disable_ipv6"
	}
	if r.IntN(3) == 0 {
		return slashForm(dotted)
	}
	return dotted
}

// slashForm writes a dotted key as a /proc/sys path ("eth0/100" → "eth0.100").
func slashForm(dotted string) string {
	return strings.Map(func(c rune) rune {
		switch c {
		case '.':
			return '/'
		case '/':
			return '.'
		}
		return c
	}, dotted)
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
