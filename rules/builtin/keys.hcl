# Key existence by kernel release (TW1xx), from the kernel knowledge base
# (kernel/catalog, docs/catalogue.md): the tables read from each kernel
# tree, and curated facts with their sources. Offline only: on a live host
# /proc/sys is the truth (TW602).

rule "TW102" {
  name        = "unknown-key"
  title       = "No kernel has this key"
  description = "Reports keys the knowledge base does not know on any release, with \"did you mean\" when a known key is close."
  key         = "*"
  fix_kind    = "remove"
  severity    = key_state(key).needs_module || key_state(key).vendor_kernel ? "info" : "warning"
  when        = !glob && live.status == "not-read" && key_state(key).status == "unknown"
  suggest     = length(key_state(key).suggestions) > 0 ? key_state(key).suggestions[0] : null
  message     = "${key} is not a key of any kernel twadvise has read (Linux ${key_state(key).releases})${key_state(key).needs_module ? "; its prefix belongs to the ${key_state(key).module} module, which may register it in a release not read" : key_state(key).vendor_kernel ? "; ${kernel.release} is a vendor kernel (${key_state(key).vendor}), which may add keys of its own: check /proc/sys on the host" : ": procps `sysctl -p` exits 1 on it and systemd-sysctl logs an error"}${length(key_state(key).suggestions) > 0 ? "; did you mean ${join(" or ", key_state(key).suggestions)}?" : ""}"
  remediation = "Check the spelling with `twadvise explain KEY` or `sysctl -a` on the target host; delete the line, or prefix the key with \"-\" so systemd-sysctl skips it quietly where it is missing."
  references  = ["docs/catalogue.md (the kernel trees read and the keys of each)", "sysctl.d(5): \"-\" prefix", "sysctl(8): -p exits non-zero when a key cannot be written"]
}

rule "TW103" {
  name        = "key-removed"
  title       = "The key was removed before the target kernel"
  description = "Reports keys that were removed before the target kernel."
  key         = "*"
  fix_kind    = "remove"
  severity    = key_state(key).in_gap ? "info" : "warning"
  when        = !glob && live.status == "not-read" && key != "net.ipv4.tcp_tw_recycle" && key_state(key).status == "removed"
  message     = key_state(key).in_gap ? "${key} ${key_state(key).moved ? "left sysctl" : "was removed"} in ${key_state(key).version}, a range of releases no tree was read from: ${kernel.release} may or may not still have it (${key_state(key).source})" : "${key} no longer exists on ${kernel.release}: ${key_state(key).moved ? "it left sysctl in ${key_state(key).version}: ${key_state(key).moved_to}" : "it was removed in ${key_state(key).version}"} (${key_state(key).source}); procps `sysctl -p` exits 1 on it${key_state(key).outside != "" ? "; ${key_state(key).outside}" : ""}"
  remediation = "Delete the line for this kernel, or prefix the key with \"-\" so systemd-sysctl skips it quietly; a tunable moved to debugfs is set there, not in sysctl.d."
  references  = ["docs/catalogue.md (events derived from the kernel trees, and curated moves)", "sysctl(8): -p exits non-zero when a key cannot be written"]
}

rule "TW104" {
  name        = "key-not-yet-added"
  title       = "The key does not exist yet on the target kernel"
  description = "Reports keys that do not exist yet on the target kernel."
  key         = "*"
  fix_kind    = "remove"
  severity    = key_state(key).in_gap || key_state(key).vendor_kernel ? "info" : "warning"
  when        = !glob && live.status == "not-read" && key_state(key).status == "not-yet-added"
  message     = key_state(key).in_gap ? "${key} was added in ${key_state(key).version}, a range of releases no tree was read from: ${kernel.release} may or may not have it (${key_state(key).source})" : "${key} does not exist on ${kernel.release}: it was added in ${key_state(key).version} (${key_state(key).source})${key_state(key).vendor != "" ? "; ${kernel.release} is a vendor kernel (${key_state(key).vendor}), which may have backported it: check /proc/sys on the host" : ""}${key_state(key).outside != "" ? "; ${key_state(key).outside}" : ""}"
  remediation = "Drop the line for this kernel, or prefix the key with \"-\" so systemd-sysctl skips it quietly where it is missing."
  references  = ["docs/catalogue.md (events derived from the kernel trees)", "sysctl.d(5): \"-\" prefix"]
}

rule "TW106" {
  name        = "key-no-effect"
  title       = "The key exists but does nothing on the target kernel"
  description = "Reports keys the target kernel still accepts but no longer reads (tcp_low_latency since 4.14, tcp_fack since 4.15, tcp_adv_win_scale since 6.6, ...), with the release it stopped working and the source. Informational: the line breaks nothing, but whatever it was meant to tune is not tuned."
  key         = "*"
  severity    = "info"
  when        = !glob && key_state(key).noop != "" && (key_state(key).status == "known" || key_state(key).status == "module")
  message     = "${key} = ${value} has no effect on ${kernel.release}: it stopped working in ${key_state(key).noop_since}; ${key_state(key).noop}"
  remediation = "Delete the line: the kernel accepts the value and ignores it. `twadvise explain KEY` shows the key's history."
  references  = ["docs/catalogue.md (curated no-ops, each with its source)"]
}

rule "TW105" {
  name        = "key-needs-module"
  title       = "The key exists only once a module is loaded"
  description = "Reports keys that exist only once a kernel module is loaded."
  key         = "*"
  severity    = "info"
  when        = !glob && live.status == "not-read" && key_state(key).status == "module"
  once        = key_state(key).module
  message     = "${key} exists only once the ${key_state(key).module} module is loaded; if systemd-sysctl runs before the module loads, the setting is lost"
  remediation = "Load the module at boot (modules-load.d) or apply the setting from a udev rule when it loads, as sysctl.d(5) describes."
  references  = ["sysctl.d(5): settings for modules loaded later", "docs/catalogue.md"]
}
