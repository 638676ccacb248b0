package kernel

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
)

// The known-keys catalogue: every key of a current mainline kernel, so that
// offline checks can tell a typo or a removed key from a key that merely is
// absent on the machine running the check. See docs/catalogue.md for where
// the data comes from and how to regenerate it.
//
//go:embed catalog/keys-6.18.txt catalog/keys-docs.txt catalog/facts.json
var catalogFS embed.FS

// IfacePlaceholder stands for any interface name in per-interface keys
// (net.ipv4.conf.<iface>.rp_filter matches eth0, all, default, eth0/100...).
const IfacePlaceholder = "<iface>"

// ifacePrefixes are the trees whose fourth component is an interface name.
var ifacePrefixes = []string{"net.ipv4.conf.", "net.ipv6.conf.", "net.ipv4.neigh.", "net.ipv6.neigh."}

type catalogue struct {
	keys     map[string]KeyInfo  // catalogue spelling -> info
	children map[string][]string // parent ("net.ipv4") -> leaves, for suggestions
	sorted   []string
	err      error // why the embedded data could not be loaded, if it could not
}

var (
	catOnce sync.Once
	cat     *catalogue
)

// loadedCatalogue returns the catalogue, parsing the embedded data once. A
// broken embedded file leaves an empty catalogue with err set (tests check
// it) rather than a panic: every key then reads as unknown-history.
func loadedCatalogue() *catalogue {
	catOnce.Do(func() { cat = buildCatalogue(catalogFS) })
	return cat
}

func buildCatalogue(fsys embed.FS) *catalogue {
	c := &catalogue{keys: map[string]KeyInfo{}, children: map[string][]string{}}
	for _, name := range []string{"catalog/keys-6.18.txt", "catalog/keys-docs.txt"} {
		data, err := fsys.ReadFile(name)
		if err != nil {
			c.err = fmt.Errorf("reading %s: %w", name, err)
			return c
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			c.add(KeyInfo{Key: line, Scope: ScopeUnknown})
		}
	}
	data, err := fsys.ReadFile("catalog/facts.json")
	if err == nil {
		var facts []KeyInfo
		facts, err = parseFacts(data)
		for _, f := range facts {
			c.add(f) // facts replace the bare entry; removed keys enter here
		}
	}
	if err != nil {
		c.err = err
	}
	for k := range c.keys {
		c.sorted = append(c.sorted, k)
	}
	slices.Sort(c.sorted)
	return c
}

func (c *catalogue) add(info KeyInfo) {
	if info.Module == "" {
		info.Module = keyModule(info.Key)
	}
	if _, dup := c.keys[info.Key]; !dup {
		parent, leaf := splitLeaf(info.Key)
		c.children[parent] = append(c.children[parent], leaf)
	}
	c.keys[info.Key] = info
}

// splitLeaf splits a canonical key into its parent and last component.
func splitLeaf(key string) (parent, leaf string) {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i], key[i+1:]
	}
	return "", key
}

// generalise replaces the interface component of a per-interface key with
// IfacePlaceholder and returns the interface it replaced ("" if none).
func generalise(key string) (general, iface string) {
	for _, p := range ifacePrefixes {
		if rest, ok := strings.CutPrefix(key, p); ok {
			if i := strings.IndexByte(rest, '.'); i > 0 {
				return p + IfacePlaceholder + rest[i:], rest[:i]
			}
		}
	}
	return key, ""
}

// specialise puts iface back in place of IfacePlaceholder.
func specialise(key, iface string) string {
	if iface == "" {
		return key
	}
	return strings.Replace(key, IfacePlaceholder, iface, 1)
}

// lookup finds the catalogue entry for a canonical key, generalising the
// interface component. Glob keys match if any catalogue key matches them.
func (c *catalogue) lookup(canon string) (KeyInfo, bool) {
	general, _ := generalise(canon)
	if info, ok := c.keys[general]; ok {
		return info, true
	}
	if !IsGlob(canon) {
		return KeyInfo{}, false
	}
	// Match in path form, as the loaders do: "*" never crosses a "/" there,
	// i.e. a "." of the canonical form.
	for _, k := range c.sorted {
		p := swapSeparators(k)
		if ok, err := path.Match(swapSeparators(general), p); err == nil && ok {
			return c.keys[k], true
		}
		if ok, err := path.Match(swapSeparators(canon), p); err == nil && ok {
			return c.keys[k], true
		}
	}
	return KeyInfo{}, false
}

// LookupKey returns what the catalogue knows about key, written in either
// spelling (dotted or /proc/sys path). Per-interface keys match whatever the
// interface is called ("all", "default", "eth0/100"); the returned Key is
// the catalogue spelling with IfacePlaceholder. A glob key returns the
// first catalogue key it matches. Removed keys are found too: use KeyState
// to reason about a target kernel.
func LookupKey(key string) (KeyInfo, bool) {
	return loadedCatalogue().lookup(CanonicalKey(strings.TrimSpace(key)))
}

// Catalogue lists every key in the catalogue, sorted, in catalogue
// spelling (per-interface keys with IfacePlaceholder). It includes keys
// removed from mainline, such as net.ipv4.tcp_tw_recycle.
func Catalogue() []string {
	return slices.Clone(loadedCatalogue().sorted)
}
