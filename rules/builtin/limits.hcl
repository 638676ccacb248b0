# File handle limits (TW4xx). Facts and sources: docs/catalogue.md.

rule "TW401" {
  name        = "fs-file-max-below-live"
  title       = "fs.file-max lowers the running limit"
  description = "Checks that fs.file-max is not set below the running value. Applying the file would lower the system-wide open-file limit that something (usually systemd) already raised."
  key         = "fs.file-max"
  severity    = "warning"
  when        = num != null && live.status == "ok" && int(live.value) != null && num < int(live.value)
  suggest     = live.value
  message     = "fs.file-max = ${value} is below the running value ${live.value}: applying this file lowers the system-wide open-file limit"
  remediation = "Remove the line (systemd already raised the limit), or set it no lower than the running value."
  references  = ["proc(5): /proc/sys/fs/file-max", "systemd src/core/main.c bump_file_max_and_nr_open()"]
}

rule "TW402" {
  name        = "fs-file-max-below-systemd"
  title       = "fs.file-max lowers what systemd set at boot"
  description = "systemd 240 and later (built with bump-proc-sys-fs-file-max, the default) write LONG_MAX to fs.file-max at boot; a sysctl.d file applied afterwards lowers it again. The rule uses the systemd version of the target's distribution: silent for RHEL/CentOS 7 (219), Debian 8 (215) and Ubuntu 14.04 (upstart), information when the distribution is unknown. TW405 reports a value below the kernel's own RAM-scaled default whatever the init."
  key         = "fs.file-max"
  severity    = distro.known && distro.systemd >= 240 ? "warning" : "info"
  when        = num != null && loader == "systemd" && live.status != "ok" && num < 9223372036854775807 && (!distro.known || distro.systemd >= 240)
  message     = !distro.known ? "fs.file-max = ${value}: if the target runs systemd 240 or later, which raises fs.file-max to the maximum at boot (when built with its bump-proc-sys-fs-file-max option), systemd-sysctl applies this file afterwards and LOWERS the limit; name the distribution (--kernel debian-12, rhel9) to know" : (kernel.known ? kernel_at_least("5.2") : false) ? "fs.file-max = ${value}: systemd ${distro.systemd} (${distro.name}) raises fs.file-max to the maximum at boot, and systemd-sysctl applies this file afterwards, so it LOWERS the limit" : "fs.file-max = ${value}: systemd ${distro.systemd} (${distro.name}) tries to raise fs.file-max to LONG_MAX at boot, which kernels before 5.2 may refuse, by systemd's own comment in main.c (it then logs \"Failed to bump fs.file-max, ignoring\"); where the bump succeeds, this file LOWERS the limit"
  remediation = "Remove the line unless a lower system-wide limit is really wanted."
  references  = ["systemd src/core/main.c bump_file_max_and_nr_open() (PR #10244)", "https://github.com/systemd/systemd/blob/v240/NEWS", "proc(5): /proc/sys/fs/file-max"]
}

rule "TW403" {
  name        = "fs-nr-open-below-systemd-hard-limit"
  title       = "fs.nr_open is below systemd's default hard RLIMIT_NOFILE"
  description = "Checks that fs.nr_open is at least 524288, the hard RLIMIT_NOFILE systemd gives services. Below it, raising a soft limit to the hard one fails with EPERM."
  key         = "fs.nr_open"
  severity    = "warning"
  when        = num != null && num < 524288
  suggest     = "1048576"
  message     = "fs.nr_open = ${value} is below 524288, the hard open-files limit systemd gives every service: raising a soft limit to the hard one fails with EPERM"
  remediation = "Remove the line (the kernel default is 1048576 and systemd raises it further) or set at least 524288."
  references  = ["proc(5): /proc/sys/fs/nr_open", "systemd: HIGH_RLIMIT_NOFILE 524288 (issue #25478)", "systemd src/core/main.c bump_file_max_and_nr_open()"]
}

rule "TW404" {
  name        = "fs-nr-open-below-live"
  title       = "fs.nr_open lowers the running limit"
  description = "Checks that fs.nr_open is not set below the running value. Applying the file lowers the per-process open-file ceiling that is already in effect."
  key         = "fs.nr_open"
  severity    = "warning"
  when        = num != null && num >= 524288 && live.status == "ok" && int(live.value) != null && num < int(live.value)
  suggest     = live.value
  message     = "fs.nr_open = ${value} is below the running value ${live.value}: applying this file lowers the per-process open-file ceiling"
  remediation = "Remove the line or set it no lower than the running value."
  references  = ["proc(5): /proc/sys/fs/nr_open", "systemd src/core/main.c bump_file_max_and_nr_open()"]
}
