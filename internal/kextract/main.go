// Command kextract reads one Linux kernel source tree (a directory, or a
// commit of a bare git directory read without a checkout) and writes its
// sysctl table in the format of kernel/catalog/tables/*.tsv.
//
//	go run ./internal/kextract -git /work/.mirror/lxuxx+linux-4.9/repo -commit 0bdf813a \
//	    -source github.com/lxuxx/linux-4.9 -o kernel/catalog/tables/4.9.0.tsv -report /tmp/4.9.report
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/twadvise/twadvise/internal/kextract/extract"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "kextract:", err)
		os.Exit(1)
	}
}

func run() error {
	dir := flag.String("dir", "", "kernel tree checked out in this directory")
	gitDir := flag.String("git", "", "bare git directory holding the tree")
	commit := flag.String("commit", "HEAD", "commit to read with -git")
	sub := flag.String("sub", "", "subfolder of the commit holding the tree root")
	source := flag.String("source", "", "public name of the repository for the header, e.g. github.com/lxuxx/linux-4.9")
	release := flag.String("release", "", "release name (default: from the tree's Makefile, e.g. 4.9.0)")
	out := flag.String("o", "", "write the table here (default stdout)")
	report := flag.String("report", "", "write the coverage report here (default stderr)")
	names := flag.String("names", "", "instead of a tree, a list of key names (sysctl -aN with IFACE for interface names): write a names-only table")
	flag.Parse()

	if *names != "" {
		return namesOnly(*names, *release, *source, *out)
	}

	var tree extract.Tree
	tree, label, err := openTree(*dir, *gitDir, *commit, *sub, *source)
	if err != nil {
		return err
	}
	rel := *release
	if rel == "" {
		var mk []byte
		if err := tree.Read([]string{"Makefile"}, func(_ string, d []byte) error { mk = d; return nil }); err != nil {
			return err
		}
		rel, _ = extract.Version(mk)
		if rel == "" {
			return fmt.Errorf("no version in the tree's Makefile; pass -release")
		}
	}
	res, err := extract.Extract(tree)
	if err != nil {
		return err
	}
	h := extract.Header{Release: rel, Tree: label}
	var tb bytes.Buffer
	if err := res.WriteTable(&tb, h); err != nil {
		return err
	}
	if *out == "" {
		os.Stdout.Write(tb.Bytes())
	} else if err := os.WriteFile(*out, tb.Bytes(), 0o644); err != nil {
		return err
	}
	var rb bytes.Buffer
	if err := res.WriteReport(&rb, h); err != nil {
		return err
	}
	if *report == "" {
		os.Stderr.Write(rb.Bytes())
		return nil
	}
	return os.WriteFile(*report, rb.Bytes(), 0o644)
}

// namesOnly writes a table from a measured list of key names: every column
// but the key is "-". Interface names (IFACE) become <iface>, and the
// numbered nf_log entries, named at run time, become nf_log.<name>, as the
// extractor writes them.
func namesOnly(list, release, source, out string) error {
	if release == "" || source == "" {
		return fmt.Errorf("-names needs -release and -source")
	}
	data, err := os.ReadFile(list)
	if err != nil {
		return err
	}
	res := extract.NamesOnly(strings.Split(string(data), "\n"))
	var tb bytes.Buffer
	if err := res.WriteTable(&tb, extract.Header{Release: release, Tree: source}); err != nil {
		return err
	}
	if out == "" {
		_, err = os.Stdout.Write(tb.Bytes())
		return err
	}
	return os.WriteFile(out, tb.Bytes(), 0o644)
}

func openTree(dir, gitDir, commit, sub, source string) (extract.Tree, string, error) {
	switch {
	case dir != "" && gitDir != "":
		return nil, "", fmt.Errorf("use -dir or -git, not both")
	case dir != "":
		label := source
		if label == "" {
			label = filepath.Base(dir)
		}
		return extract.DirTree{Root: dir}, label, nil
	case gitDir != "":
		g := &extract.GitTree{GitDir: gitDir, Commit: commit, Sub: sub}
		full, err := g.ResolveCommit()
		if err != nil {
			return nil, "", err
		}
		g.Commit = full
		if source == "" {
			source = guessSource(gitDir)
		}
		label := source + "@" + full
		if s := strings.Trim(sub, "/"); s != "" {
			label += " (" + s + "/)"
		}
		return g, label, nil
	}
	return nil, "", fmt.Errorf("give -dir DIR or -git GITDIR -commit C")
}

// guessSource turns /work/.mirror/owner+name/repo into github.com/owner/name.
func guessSource(gitDir string) string {
	for d := filepath.Clean(gitDir); d != "/" && d != "."; d = filepath.Dir(d) {
		if b := filepath.Base(d); strings.Contains(b, "+") {
			return "github.com/" + strings.Replace(b, "+", "/", 1)
		}
	}
	return gitDir
}
