package fleet

import (
	"encoding/binary"
	"sync"

	"github.com/twadvise/twadvise/rules"
)

// table stores once what a fleet's hosts repeat: rule IDs, keys, values,
// messages, kernels, and whole findings (a fleet of alike hosts has the same
// few findings everywhere). Hosts refer to them by number, so the memory of
// a report grows with the distinct findings, not with hosts times findings.
// Workers add to it through a cache of their own (tableCache), which takes
// the lock only for what the table has not seen yet.
type table struct {
	mu    sync.Mutex
	ids   map[string]uint32
	strs  []string
	lids  map[string]uint32
	lists [][]string
	fids  map[tableFinding]uint32
	finds []tableFinding
}

// tableFinding is one finding of one host, its strings as table numbers. Two
// hosts with the same finding (same rule, key, value, file, line, message,
// kernels and fingerprint) share one.
type tableFinding struct {
	rule, name, key, value, file, message, remediation uint32
	kernels                                            uint32 // a list: "4.12+", "3.10-4.11"
	severity                                           rules.Severity
	line                                               int
	fingerprint                                        uint64
}

// newTable is an empty table but for "", number 0: what a field that a
// document leaves out reads as.
func newTable() *table {
	return &table{ids: map[string]uint32{"": 0}, strs: []string{""}, lids: map[string]uint32{}, fids: map[tableFinding]uint32{}}
}

func (t *table) str(s string) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return intern(t.ids, &t.strs, s, s)
}

func (t *table) list(enc string, l []string) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return intern(t.lids, &t.lists, enc, l)
}

func (t *table) finding(f tableFinding) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return intern(t.fids, &t.finds, f, f)
}

// intern is the number of k in ids, appending v to vals under a new number
// when k is new.
func intern[K comparable, V any](ids map[K]uint32, vals *[]V, k K, v V) uint32 {
	id, ok := ids[k]
	if !ok {
		id = uint32(len(*vals))
		ids[k] = id
		*vals = append(*vals, v)
	}
	return id
}

// tableCache is one worker's view of the table: lookups of what it has
// seen cost no lock and no allocation.
type tableCache struct {
	t      *table
	setups map[[4]int64]*Setup
	ids    map[string]cached
	lids   map[string]uint32
	fids   map[tableFinding]uint32
	enc    []byte // scratch for list keys
}

func (t *table) cache() *tableCache {
	return &tableCache{t: t, setups: map[[4]int64]*Setup{}, ids: map[string]cached{}, lids: map[string]uint32{}, fids: map[tableFinding]uint32{}}
}

// cached is a string of the table and its number.
type cached struct {
	s  string
	id uint32
}

// lookup is the string b of the table (copied there when new).
func (c *tableCache) lookup(b []byte) cached {
	if e, ok := c.ids[string(b)]; ok {
		return e
	}
	s := string(b)
	e := cached{s, c.t.str(s)}
	c.ids[s] = e
	return e
}

// str is the number of the string b.
func (c *tableCache) str(b []byte) uint32 { return c.lookup(b).id }

// strString is str for a string.
func (c *tableCache) strString(s string) uint32 {
	if e, ok := c.ids[s]; ok {
		return e.id
	}
	e := cached{s, c.t.str(s)}
	c.ids[s] = e
	return e.id
}

// startList begins a list of strings, added to by addToList and numbered
// by endList.
func (c *tableCache) startList() { c.enc = c.enc[:0] }

func (c *tableCache) addToList(parts ...[]byte) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	// Each item is its length then its bytes, so no item can fake a
	// boundary between two others.
	c.enc = binary.AppendUvarint(c.enc, uint64(n))
	for _, p := range parts {
		c.enc = append(c.enc, p...)
	}
}

func (c *tableCache) endList() uint32 {
	if id, ok := c.lids[string(c.enc)]; ok {
		return id
	}
	enc := string(c.enc)
	var l []string
	for rest := enc; len(rest) > 0; {
		n, w := binary.Uvarint([]byte(rest[:min(len(rest), binary.MaxVarintLen64)]))
		l = append(l, rest[w:w+int(n)])
		rest = rest[w+int(n):]
	}
	if l == nil {
		l = []string{}
	}
	id := c.t.list(enc, l)
	c.lids[enc] = id
	return id
}

// setup is the Setup of a host checked against the release of table
// number kernel (-1 for none) with mode, loader and profile. Hosts of one
// worker checked alike share it.
func (c *tableCache) setup(kernel int64, mode, loader, profile cached) *Setup {
	key := [4]int64{kernel, int64(mode.id), int64(loader.id), int64(profile.id)}
	if s, ok := c.setups[key]; ok {
		return s
	}
	s := &Setup{Mode: mode.s, Loader: loader.s, Profile: profile.s, kernel: kernel}
	if kernel >= 0 {
		c.t.mu.Lock()
		rel := c.t.strs[kernel]
		c.t.mu.Unlock()
		s.Kernel = &rel
	}
	c.setups[key] = s
	return s
}

// emptyList is the number of the empty list.
func (c *tableCache) emptyList() uint32 {
	c.startList()
	return c.endList()
}

func (c *tableCache) finding(f tableFinding) uint32 {
	if id, ok := c.fids[f]; ok {
		return id
	}
	id := c.t.finding(f)
	c.fids[f] = id
	return id
}
