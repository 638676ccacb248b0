package rules

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed integer_keys.txt
var integerKeysTxt string

//go:embed string_keys.txt
var stringKeysTxt string

// integerLeaves are the last components of keys whose kernel handlers parse
// integers (integer_keys.txt, read from the 4.9 and 6.14 trees).
//
// TODO(issue 9): use the handler the kernel knowledge base (kernel/catalog,
// reached through Facts.Catalog) records per release instead.
var integerLeaves = sync.OnceValue(func() map[string]bool { return leafSet(integerKeysTxt) })

// stringLeaves are those whose handlers take the whole value as text
// (string_keys.txt, same trees).
var stringLeaves = sync.OnceValue(func() map[string]bool { return leafSet(stringKeysTxt) })

func leafSet(txt string) map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(txt, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}

// integerHandler reports whether the kernel parses key's value as integers,
// ignoring what follows the numbers it needs (so "60 # comment" sets 60).
func integerHandler(key string) bool { return integerLeaves()[leafOf(key)] }

// stringHandler reports whether the kernel takes key's whole value as text.
func stringHandler(key string) bool { return stringLeaves()[leafOf(key)] }

func leafOf(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}
