package main

import (
	"bufio"
	"bytes"
	"path/filepath"
	"testing"

	"github.com/twadvise/twadvise/check"
	"github.com/twadvise/twadvise/kernel"
)

// The types below are the `effective` document as it was built before it
// was streamed: encoded with writeJSON (encoding/json), they are the
// reference the streamed output must equal byte for byte.
type refEffectiveReport struct {
	Schema      int                 `json:"schema"`
	Tool        toolInfo            `json:"tool"`
	Host        string              `json:"host"`
	Root        string              `json:"root"`
	Loader      kernel.Loader       `json:"loader"`
	Files       []string            `json:"files"`
	Settings    []refSetting        `json:"settings"`
	Excluded    []string            `json:"excluded"`
	Diagnostics []kernel.Diagnostic `json:"diagnostics"`
	Errors      []check.FileError   `json:"errors"`
}

type refSetting struct {
	Key        string            `json:"key"`
	Value      string            `json:"value"`
	File       string            `json:"file"`
	Line       int               `json:"line"`
	Optional   bool              `json:"optional"`
	Glob       bool              `json:"glob"`
	Matches    []string          `json:"matches"`
	Live       *string           `json:"live"`
	LiveStatus kernel.LiveStatus `json:"live_status"`
	Drift      bool              `json:"drift"`
	Shadowed   []refShadowed     `json:"shadowed"`
}

type refShadowed struct {
	Value string `json:"value"`
	File  string `json:"file"`
	Line  int    `json:"line"`
}

func refEffective(host string, fsys kernel.FS, eff *kernel.Effective) refEffectiveReport {
	r := refEffectiveReport{Schema: 1, Tool: currentTool(), Host: host, Root: fsys.Root(), Loader: eff.Loader,
		Files: nonNil(eff.Files), Settings: []refSetting{}, Excluded: nonNil(eff.Excluded),
		Diagnostics: eff.Diagnostics, Errors: []check.FileError{}}
	if r.Diagnostics == nil {
		r.Diagnostics = []kernel.Diagnostic{}
	}
	for _, d := range eff.Errors {
		r.Errors = append(r.Errors, check.FileError{File: d.File, Line: d.Line, Message: d.Message})
	}
	live := newLiveReader(fsys)
	for _, ent := range eff.Entries {
		lv := live.of(ent)
		s := refSetting{Key: ent.Key, Value: ent.Value, File: ent.File, Line: ent.Line, Optional: ent.Optional,
			Glob: ent.Glob, Matches: nonNil(ent.Matches), Live: lv.value, LiveStatus: lv.status, Drift: lv.drift,
			Shadowed: []refShadowed{}}
		for _, sh := range ent.Shadowed {
			s.Shadowed = append(s.Shadowed, refShadowed{Value: sh.Value, File: sh.File, Line: sh.Line})
		}
		r.Settings = append(r.Settings, s)
	}
	return r
}

// TestEffectiveJSONStreamMatchesEncoder: the streamed `effective` JSON is
// byte for byte what encoding/json writes for the same document, on trees
// with every part filled (globs with matches, live values and drift,
// shadowed and excluded keys, diagnostics with and without a key, read
// errors) and strings that need escaping.
func TestEffectiveJSONStreamMatchesEncoder(t *testing.T) {
	tricky := writeTree(t, map[string]string{
		"etc/sysctl.d/10-a.conf": "net.core.somaxconn = 1024\nnet.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.lo.rp_filter\n" +
			"kernel.x = \"quoted\" \\back\\slash\ttab <html> & \u2028\u2029 é \x01\x1f\x7f\n",
		"etc/sysctl.d/20-b.conf":                "net.core.somaxconn = 4096 # comment\nnet.ipv4.conf.eth0/100.forwarding = 1\nbad line\n",
		"etc/sysctl.d/30-bad.conf":              "kernel.y = \xff\xfe broken utf-8\n",
		"etc/sysctl.d/40-dangle.conf":           "->/nowhere",
		"etc/sysctl.d/notes":                    "net.core.rmem_max = 1\n",
		"usr/lib/sysctl.d/10-a.conf":            "net.core.somaxconn = 1\n",
		"etc/sysctl.conf":                       "vm.swappiness = 10\n",
		"proc/sys/net/core/somaxconn":           "4096\n",
		"proc/sys/net/ipv4/conf/lo/rp_filter":   "0\n",
		"proc/sys/net/ipv4/conf/eth0/rp_filter": "1\n",
		"proc/sys/kernel/x":                     "\"quoted\"\n",
	})
	roots := []string{tricky, webRoot}
	if corpus := corpusDirOrEmpty(t); corpus != "" {
		roots = append(roots, filepath.Join(corpus, "trees", "precedence"), filepath.Join(corpus, "trees", "realistic"))
	}
	g := &globalFlags{host: "h\"<&>"}
	for _, root := range roots {
		for _, l := range []kernel.Loader{kernel.LoaderSystemd, kernel.LoaderProcps} {
			fsys := kernel.Open(root)
			eff := kernel.LoadSystem(fsys, l)
			if root == tricky {
				eff.Diagnostics = append(eff.Diagnostics, kernel.Diagnostic{File: "f\n", Line: 3, Kind: "k", Message: "m\t", Key: "a.b"})
				eff.Errors = append(eff.Errors, kernel.Diagnostic{File: "/etc/sysctl.d/x.conf", Message: "cannot read: é\x00"})
				if len(eff.Entries) < 4 || len(eff.Excluded) == 0 {
					t.Fatalf("%s: the tricky tree lost its parts: %d entries, excluded %v", l, len(eff.Entries), eff.Excluded)
				}
			}
			var want bytes.Buffer
			if err := writeJSON(&want, refEffective(g.hostName(), fsys, eff)); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			bw := bufio.NewWriter(&got)
			writeEffectiveJSON(bw, g, fsys, eff)
			if err := bw.Flush(); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s (%s): streamed JSON differs from encoding/json\n got: %s\nwant: %s", root, l, got.String(), want.String())
			}
		}
	}
}
