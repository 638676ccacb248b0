package catalog

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/twadvise/twadvise/kernel"
)

// IfacePlaceholder stands for any interface name in per-interface keys
// (net.ipv4.conf.<iface>.rp_filter matches eth0, all, default, eth0/100...).
const IfacePlaceholder = "<iface>"

// namePlaceholder stands for a run-time name in keys registered under a
// fixed path other than the four interface trees (one component).
const namePlaceholder = "<name>"

// ifacePrefixes are the trees whose fourth component is an interface name.
var ifacePrefixes = []string{"net.ipv4.conf.", "net.ipv6.conf.", "net.ipv4.neigh.", "net.ipv6.neigh."}

// A Release is one kernel tree the knowledge base was read from.
type Release struct {
	Name    string // as the table names it: "4.9.0", "6.18"
	Version kernel.Version
	Tree    string // repository@commit (subfolder), or how the list was made
	// NamesOnly marks a list of key names without details (the 6.18 test
	// machine's): its keys take the previous release's details, as assumed.
	NamesOnly bool
}

// run is a stretch of consecutive releases (indices first..last) over
// which a key's table row does not change.
type run struct {
	first, last int
	row         Row
}

// Key is everything the knowledge base holds about one key.
type Key struct {
	Name    string // canonical, with <iface> or <name> for run-time components
	Summary string // one line for people; "" when not curated
	Values  string // accepted values and their meaning
	Module  string // module that registers the key; "" for built-in keys
	Sources []string

	kb      *KB
	raw     string // the key's block of the generated file, until parsed
	runs    []run
	curated []CuratedEvent

	once    sync.Once
	rows    []*Row // per release index; nil where the key is absent
	assumed []bool // per release index: row carried over to a names-only list
	events  []Event
}

// KB is the kernel knowledge base: per-release key tables merged with
// curated facts. It is a value: rules get it through their facts, and tests
// build their own from small tables.
type KB struct {
	releases []Release
	relIndex map[string]int  // release name -> index, for decoding
	names    []string        // sorted
	keys     []*Key          // keys[i] is the key names[i]; nil until KB.key makes it
	raws     []string        // raws[i] is names[i]'s block of the generated file (Decode)
	keysMu   sync.Mutex      // guards making keys from raws
	building map[string]*Key // during Build only
	patterns []*Key          // keys with a <name> component

	childOnce sync.Once
	children  map[string][]string // parent -> leaves, for suggestions
}

// Releases lists the releases read, oldest first.
func (kb *KB) Releases() []Release { return slices.Clone(kb.releases) }

// Newest is the newest release read; the zero Release when there is none.
func (kb *KB) Newest() Release {
	if len(kb.releases) == 0 {
		return Release{}
	}
	return kb.releases[len(kb.releases)-1]
}

// Keys lists every key, sorted, in catalogue spelling (per-interface keys
// with <iface>). It includes keys removed from mainline.
func (kb *KB) Keys() []string { return slices.Clone(kb.names) }

// Key finds a key written in either spelling (dotted or /proc/sys path).
// Per-interface keys match whatever the interface is called ("all",
// "default", "eth0/100"); a glob returns the first key it matches.
func (kb *KB) Key(key string) (*Key, bool) {
	if kb == nil {
		return nil, false
	}
	k, ok := kb.lookup(kernel.CanonicalKey(strings.TrimSpace(key)))
	if ok {
		k.derive()
	}
	return k, ok
}

func (kb *KB) lookup(canon string) (*Key, bool) {
	general, _ := generalise(canon)
	if k := kb.find(general); k != nil {
		return k, true
	}
	for _, k := range kb.patterns {
		if componentMatch(k.Name, general) {
			return k, true
		}
	}
	if !kernel.IsGlob(canon) {
		return nil, false
	}
	// Match in path form, as the loaders do: "*" never crosses a "/" there,
	// i.e. a "." of the canonical form.
	for i, name := range kb.names {
		p := kernel.KeyPath(name)
		if ok, err := path.Match(kernel.KeyPath(general), p); err == nil && ok {
			return kb.key(i), true
		}
		if ok, err := path.Match(kernel.KeyPath(canon), p); err == nil && ok {
			return kb.key(i), true
		}
	}
	return nil, false
}

// find returns the key spelled exactly name, or nil.
func (kb *KB) find(name string) *Key {
	if i, ok := slices.BinarySearch(kb.names, name); ok {
		return kb.key(i)
	}
	return nil
}

// key returns the Key names[i], making it from its block of the generated
// file on first use.
func (kb *KB) key(i int) *Key {
	kb.keysMu.Lock()
	defer kb.keysMu.Unlock()
	if kb.keys[i] == nil {
		kb.keys[i] = &Key{Name: kb.names[i], kb: kb, raw: kb.raws[i]}
	}
	return kb.keys[i]
}

// componentMatch matches a key against a pattern whose <name> components
// stand for any one component.
func componentMatch(pattern, key string) bool {
	pp, kp := strings.Split(pattern, "."), strings.Split(key, ".")
	if len(pp) != len(kp) {
		return false
	}
	for i := range pp {
		if pp[i] != kp[i] && pp[i] != namePlaceholder {
			return false
		}
	}
	return true
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

// splitLeaf splits a canonical key into its parent and last component.
func splitLeaf(key string) (parent, leaf string) {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i], key[i+1:]
	}
	return "", key
}

// Build merges per-release tables and curated facts into a knowledge base.
// It fails on data that contradicts itself: two tables of one release, or
// a curated event the tables refute.
func Build(tables []*Table, cur *Curated) (*KB, error) {
	tables = slices.Clone(tables)
	slices.SortFunc(tables, func(a, b *Table) int { return a.Version.Compare(b.Version) })
	kb := &KB{building: map[string]*Key{}}
	for i, t := range tables {
		if i > 0 && tables[i-1].Version == t.Version {
			return nil, fmt.Errorf("two tables for release %s", t.Version)
		}
		kb.releases = append(kb.releases, Release{Name: t.Release, Version: t.Version, Tree: t.Tree, NamesOnly: t.NamesOnly()})
		for name, row := range t.Rows {
			k := kb.ensure(name)
			if n := len(k.runs); n > 0 && k.runs[n-1].last == i-1 && k.runs[n-1].row == row {
				k.runs[n-1].last = i
			} else {
				k.runs = append(k.runs, run{i, i, row})
			}
		}
	}
	if cur != nil {
		for _, c := range cur.Keys {
			k := kb.ensure(c.Key)
			k.Summary, k.Values, k.Sources = c.Summary, c.Values, c.Sources
			if c.Module != "" {
				k.Module = c.Module
			}
		}
		for _, e := range cur.Events {
			k := kb.ensure(e.Key)
			k.curated = append(k.curated, e)
		}
	}
	kb.finish()
	for _, k := range kb.keys {
		if _, err := k.deriveChecked(); err != nil {
			return nil, err
		}
	}
	return kb, nil
}

func (kb *KB) ensure(name string) *Key {
	k := kb.building[name]
	if k == nil {
		k = &Key{Name: name, kb: kb, Module: keyModule(name)}
		kb.building[name] = k
	}
	return k
}

// finish builds the indexes once all keys are in.
func (kb *KB) finish() {
	for name := range kb.building {
		kb.names = append(kb.names, name)
	}
	slices.Sort(kb.names)
	for _, name := range kb.names {
		k := kb.building[name]
		kb.keys = append(kb.keys, k)
		if strings.Contains(name, namePlaceholder) {
			kb.patterns = append(kb.patterns, k)
		}
	}
	kb.building = nil
}

func (kb *KB) childMap() map[string][]string {
	kb.childOnce.Do(func() {
		kb.children = map[string][]string{}
		for _, name := range kb.names {
			parent, leaf := splitLeaf(name)
			kb.children[parent] = append(kb.children[parent], leaf)
		}
	})
	return kb.children
}
