package main

import (
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/kernel/catalog"
	"github.com/twadvise/twadvise/rules"
)

// Shell completion: cobra's `completion` command writes the scripts (bash
// needs the bash-completion package); the functions here give them the
// values of flags and arguments instead of file names.

type completeFunc = func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

// flagCompletions completes flag values by flag name, wherever the flag is
// defined (globally or by one command).
var flagCompletions = map[string]completeFunc{
	"format": func(c *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return fixed(toComplete, formatsOf(c)...)
	},
	"loader":  values("systemd", "procps", "auto"),
	"fail-on": values("error", "warning", "info", "none"),
	"color":   values("auto", "always", "never"),
	"profile": completeProfile,
	"kernel":  completeKernel,
	"disable": completeRules,
	"root":    dirsOnly,
	"rules":   dirsOnly,
	"config":  hclFiles,
}

// registerCompletions attaches the completions to every command of the tree.
func registerCompletions(root *cobra.Command) {
	register := func(c *cobra.Command, fs *pflag.FlagSet) {
		fs.VisitAll(func(f *pflag.Flag) {
			if fn, ok := flagCompletions[f.Name]; ok {
				_ = c.RegisterFlagCompletionFunc(f.Name, fn) // only fails when registered twice
			}
		})
	}
	register(root, root.PersistentFlags())
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		register(c, c.LocalNonPersistentFlags())
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, c := range root.Commands() {
		switch c.Name() {
		case "explain":
			c.ValidArgsFunction = completeExplain
		case "report", "man":
			c.ValidArgsFunction = dirsOnly
		}
	}
}

// values completes to a fixed list.
func values(vs ...string) completeFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return fixed(toComplete, vs...)
	}
}

// fixed offers the words that start with toComplete (the shell scripts
// show what they are given), never file names. A word may carry a
// tab-separated description.
func fixed(toComplete string, words ...string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, w := range words {
		if strings.HasPrefix(strings.ToLower(w), strings.ToLower(toComplete)) {
			out = append(out, w)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func dirsOnly(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

func hclFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"hcl"}, cobra.ShellCompDirectiveFilterFileExt
}

// builtinSet is the built-in rules and profiles, or nil when they do not
// load (completion then offers nothing rather than failing).
func builtinSet() *rules.Set {
	set, diags := rules.Load(nil, nil)
	if diags.HasErrors() {
		return nil
	}
	return set
}

// completeProfile offers the built-in profiles, or *.hcl files once the
// word looks like a path.
func completeProfile(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if strings.ContainsAny(toComplete, "/.") {
		return hclFiles(nil, nil, toComplete)
	}
	set := builtinSet()
	if set == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, n := range set.ProfileNames() {
		out = append(out, n+"\t"+set.Profiles[n].Description)
	}
	return fixed(toComplete, out...)
}

// completeKernel offers the distro names --kernel accepts (a release is
// typed by hand).
func completeKernel(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, d := range kernel.Distros() {
		out = append(out, d.Name+"\t"+d.Title)
	}
	return fixed(toComplete, out...)
}

// completeRules offers rule IDs and names, after the last comma of a list.
func completeRules(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	prefix := ""
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		prefix = toComplete[:i+1]
	}
	return fixed(toComplete, ruleWords(prefix)...)
}

// ruleWords is every rule's ID and name, each after prefix, described.
func ruleWords(prefix string) []string {
	set := builtinSet()
	if set == nil {
		return nil
	}
	var out []string
	for _, r := range set.Rules {
		out = append(out, prefix+r.ID+"\t"+r.Name, prefix+r.Name+"\t"+r.ID)
	}
	return out
}

// maxKeyCompletions is how many keys are offered at once; past it the
// candidates are cut at their next component ("net.ipv4."), so a shell
// shows a short list and the user narrows it.
const maxKeyCompletions = 60

// completeExplain offers rules (by ID and name) and known keys by prefix.
func completeExplain(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	if !strings.Contains(toComplete, ".") {
		out, _ = fixed(toComplete, ruleWords("")...)
	}
	keys, more := keysWithPrefix(toComplete)
	out = append(out, keys...)
	if more {
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// keysWithPrefix lists the catalogue keys starting with prefix; when there
// are too many it returns their distinct next components instead, and
// more is true.
func keysWithPrefix(prefix string) (keys []string, more bool) {
	var all []string
	for _, k := range catalogueKeys() {
		if strings.HasPrefix(k, prefix) {
			all = append(all, k)
		}
	}
	if len(all) <= maxKeyCompletions {
		return all, false
	}
	seen := map[string]bool{}
	for _, k := range all {
		rest := k[len(prefix):]
		if i := strings.IndexByte(rest, '.'); i >= 0 {
			rest = rest[:i+1]
		}
		seen[prefix+rest] = true
	}
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, true
}

// catalogueKeys is the known keys as a user types them: per-interface keys
// under "all" and "default" instead of the catalogue's placeholder.
func catalogueKeys() []string {
	var out []string
	for _, k := range catalog.Builtin().Keys() {
		if strings.Contains(k, catalog.IfacePlaceholder) {
			out = append(out, strings.Replace(k, catalog.IfacePlaceholder, "all", 1),
				strings.Replace(k, catalog.IfacePlaceholder, "default", 1))
			continue
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
