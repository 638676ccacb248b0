package extract

import (
	"path"
	"regexp"
	"strings"
)

// kbuild holds what the Makefiles say about building each object: the
// config options a .c file is compiled under (obj-$(CONFIG_IPV6) += ipv6.o,
// ipv6-$(CONFIG_SYSCTL) += sysctl_net_ipv6.o, obj-$(CONFIG_NET) += ipv4/).
// A table's keys exist only when its file is built, so these options are part
// of the keys' guard even though no #ifdef shows them.
type kbuild struct {
	// rules[dir] lists "target-$(CONFIG) += objects" lines of dir's Makefile.
	rules map[string][]kbRule
}

type kbRule struct {
	target  string // "obj" or a composite object name ("ipv6")
	config  string // "" for -y / -objs
	objects []string
}

var kbLine = regexp.MustCompile(`^([A-Za-z0-9_.-]+)-(\$\([^)]*\)|\$\(subst [^)]*\)\)|y|objs|m)\s*(\+=|:=|=)\s*(.*)$`)
var kbConfig = regexp.MustCompile(`CONFIG_[A-Za-z0-9_]+`)

func newKbuild() *kbuild { return &kbuild{rules: map[string][]kbRule{}} }

// add reads one Makefile or Kbuild file of dir.
func (k *kbuild) add(dir string, data []byte) {
	text := strings.ReplaceAll(string(data), "\\\n", " ")
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		m := kbLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		r := kbRule{target: m[1]}
		if strings.HasPrefix(m[2], "$(") {
			r.config = kbConfig.FindString(m[2])
		}
		r.objects = strings.Fields(m[4])
		k.rules[dir] = append(k.rules[dir], r)
	}
}

// guard returns the config options the file p (a .c path) is built under.
func (k *kbuild) guard(p string) string {
	dir := path.Dir(p)
	obj := strings.TrimSuffix(path.Base(p), ".c") + ".o"
	var parts []string
	parts = append(parts, k.objGuard(dir, obj, 0)...)
	// Then the directories above: obj-$(CONFIG_X) += dir/
	for d := dir; d != "." && d != "/" && d != ""; d = path.Dir(d) {
		parent := path.Dir(d)
		if parent == d {
			break
		}
		parts = append(parts, k.objGuard(parent, path.Base(d)+"/", 0)...)
	}
	// Outermost first.
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	var keep []string
	seen := map[string]bool{}
	for _, c := range parts {
		if c != "" && !ignoredGuards[c] && !seen[c] {
			seen[c] = true
			keep = append(keep, c)
		}
	}
	return strings.Join(keep, "&&")
}

// objGuard finds the rule that builds obj in dir and the options on the way
// (a composite object's own rule included), innermost first.
func (k *kbuild) objGuard(dir, obj string, depth int) []string {
	if depth > 4 {
		return nil
	}
	for _, r := range k.rules[dir] {
		if !containsStr(r.objects, obj) || r.target+".o" == obj {
			continue
		}
		out := []string{r.config}
		if r.target != "obj" && r.target != "lib" && r.target != "core" {
			out = append(out, k.objGuard(dir, r.target+".o", depth+1)...)
		}
		return out
	}
	return nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
