# Key existence by kernel version (TW1xx), from the known-keys catalogue
# (kernel/catalog, docs/catalogue.md). Offline only: on a live host
# /proc/sys is the truth (TW602).

rule "TW102" {
  name        = "unknown-key"
  title       = "No kernel has this key"
  description = "Reports keys the knowledge base does not know on any release, with \"did you mean\" when a known key is close."
  key         = "*"
  fix_kind    = "remove"
  severity    = length(key_state(key).suggestions) > 0 ? "warning" : "info"
  when        = !glob && live.status == "not-read" && key_state(key).status == "unknown"
  suggest     = length(key_state(key).suggestions) > 0 ? key_state(key).suggestions[0] : null
  message     = length(key_state(key).suggestions) > 0 ? "${key} is not a known sysctl key; did you mean ${join(" or ", key_state(key).suggestions)}?" : "${key} is not in twadvise's catalogue of mainline keys (it may come from an out-of-tree module or a vendor kernel)"
  remediation = "Check the key with `sysctl -a` on the target host or `twadvise explain KEY`; a key the kernel lacks makes procps `sysctl -p` fail."
  references  = ["docs/catalogue.md (keys of Linux 6.18 merged with Documentation/admin-guide/sysctl and Documentation/networking/ip-sysctl.rst)", "sysctl.d(5)"]
}

rule "TW103" {
  name        = "key-removed"
  title       = "The key was removed before the target kernel"
  description = "Reports keys that were removed before the target kernel."
  key         = "*"
  fix_kind    = "remove"
  severity    = key_state(key).unverified ? "info" : "warning"
  when        = !glob && live.status == "not-read" && key_state(key).status == "removed"
  message     = "${key} no longer exists on ${kernel.release}: it was removed in ${key_state(key).version}${key_state(key).unverified ? " (release not verified)" : ""} (${key_state(key).source})${key_state(key).note != "" ? "; ${key_state(key).note}" : ""}"
  remediation = "Delete the line; procps `sysctl -p` fails on keys the kernel lacks."
  references  = ["docs/catalogue.md"]
}

rule "TW104" {
  name        = "key-not-yet-added"
  title       = "The key does not exist yet on the target kernel"
  description = "Reports keys that do not exist yet on the target kernel."
  key         = "*"
  fix_kind    = "remove"
  severity    = key_state(key).unverified ? "info" : "warning"
  when        = !glob && live.status == "not-read" && key_state(key).status == "not-yet-added"
  message     = "${key} does not exist on ${kernel.release}: it was added in ${key_state(key).version}${key_state(key).unverified ? " (release not verified)" : ""} (${key_state(key).source})${key_state(key).note != "" ? "; ${key_state(key).note}" : ""}"
  remediation = "Drop the line for this kernel, or prefix the key with \"-\" so systemd-sysctl skips it quietly where it is missing."
  references  = ["docs/catalogue.md"]
}

rule "TW105" {
  name        = "key-needs-module"
  title       = "The key exists only once a module is loaded"
  description = "Reports keys that exist only once a kernel module is loaded."
  key         = "*"
  severity    = "info"
  when        = !glob && live.status == "not-read" && key_state(key).status == "module"
  message     = "${key} exists only once the ${key_state(key).module} module is loaded; if systemd-sysctl runs before the module loads, the setting is lost"
  remediation = "Load the module at boot (modules-load.d) or apply the setting from a udev rule when it loads, as sysctl.d(5) describes."
  references  = ["sysctl.d(5): settings for modules loaded later", "docs/catalogue.md"]
}
