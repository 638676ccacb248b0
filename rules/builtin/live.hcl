# Live state (TW6xx): system mode compares the configuration with /proc/sys.

rule "TW601" {
  name        = "config-not-live"
  title       = "A configured value is not the running value"
  description = "Compares each configured value with the running value on a live system. A difference means the file was never applied, or something changed the value at run time; either way the configuration does not describe the host."
  key         = "*"
  mode        = "system"
  severity    = "warning"
  when        = !glob && live.status == "ok" && !same_value(value, live.value)
  message     = "configured ${key} = ${value}, but the running value is ${live.value}: the file was not applied yet, or the value was changed at run time"
  remediation = "Apply the configuration (systemd-sysctl, or sysctl --system) and find what else changes the value at run time."
  references  = ["sysctl.d(5)", "systemd-sysctl.service(8)"]
}

rule "TW602" {
  name        = "key-absent-live"
  title       = "The running kernel has no such key"
  description = "Reports configured keys that the running kernel does not have. The loaders fail on them (systemd-sysctl logs \"Couldn't write\", procps `sysctl -p` fails with \"cannot stat\") unless the key has the \"-\" prefix."
  key         = "*"
  mode        = "system"
  fix_kind    = "remove"
  severity    = optional ? "info" : "warning"
  when        = !glob && live.status == "absent"
  message     = optional ? "${key} does not exist on this kernel; the \"-\" prefix makes systemd-sysctl skip it quietly" : "${key} does not exist on this kernel: systemd-sysctl logs \"Couldn't write\", procps `sysctl -p` fails with \"cannot stat\""
  remediation = "Check the spelling with `twadvise explain KEY`; if the key needs a module, load it first (modules-load.d); if it was removed, delete the line."
  references  = ["sysctl.d(5)", "procps-ng src/sysctl.c WriteSetting(): \"cannot stat\" for a key /proc/sys lacks"]
}
