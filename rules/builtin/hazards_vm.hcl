# Memory, writeback and kernel-wide footguns (TW405, TW431-TW438). Sources:
# Documentation/admin-guide/sysctl/vm.rst and kernel.rst, proc(5), the kernel
# source of the releases named, and systemd's sysctl.d. docs/rules.md,
# "Hazard classes".

rule "TW405" {
  name        = "fs-file-max-below-kernel-default"
  title       = "fs.file-max lowers the kernel's own default"
  key         = "fs.file-max"
  severity    = "warning"
  when        = num != null && live.status != "ok" && num < (host.mem_bytes != null ? max(8192, floor(host.mem_bytes * 0.8 / 10240)) : 65536)
  message     = host.mem_bytes != null ? "fs.file-max = ${value} is below the kernel's own default for this host (about one file per 10 KiB of RAM: roughly ${floor(host.mem_bytes * 0.9 / 10240)} here), so it LOWERS the system-wide open-file limit" : "fs.file-max = ${value} LOWERS the system-wide open-file limit: the kernel's own default is about one file per 10 KiB of RAM, some 90000 already on a 1 GiB host"
  remediation = "Remove the line: the kernel scales the default with memory (and systemd 240+ may raise it further); per-process limits are RLIMIT_NOFILE (LimitNOFILE=, limits.conf) and fs.nr_open."
  description = "The kernel sets fs.file-max at boot to about 10% of RAM counted in KiB (files_maxfiles_init(), at least 8192). Values such as 65535 or 51200 from old guides are below that on any host with 1 GiB or more, so the line lowers the limit it was meant to raise. Without the host's memory, only values below 65536 are reported."
  references  = ["fs/file_table.c files_maxfiles_init() @6.14.0: n = (free pages * (PAGE_SIZE / 1024)) / 10, at least NR_FILE", "proc(5): /proc/sys/fs/file-max", "Documentation/admin-guide/sysctl/fs.rst: file-max"]
}

rule "TW431" {
  name        = "vm-swappiness-zero"
  title       = "vm.swappiness = 0 invites the OOM killer instead of swapping"
  key         = "vm.swappiness"
  kernel      = ">= 3.5"
  severity    = "warning"
  when        = num == 0
  suggest     = "1"
  message     = "vm.swappiness = 0 on Linux ${kernel.version}: since 3.5 the kernel then does not swap anonymous memory until file pages are nearly gone, so under memory pressure processes are OOM-killed while swap stays free"
  remediation = "Use vm.swappiness = 1 for \"swap only to avoid OOM\" (the common database advice), or remove swap if it must never be used."
  description = "Commit fe35004fbf9e (\"mm: avoid swapping out with swappiness==0\", Linux 3.5) changed 0 from \"swap reluctantly\" to \"never swap anonymous pages while file pages can be reclaimed\". Database guides written before it still recommend 0; on 3.5 and later it makes OOM kills likely with swap still free. Percona and others now recommend 1."
  references  = ["kernel commit fe35004fbf9eaf67482b074a2e032abb9c89b1dd (mm: avoid swapping out with swappiness==0, v3.5)", "Documentation/admin-guide/sysctl/vm.rst: swappiness", "https://www.percona.com/blog/impact-of-swappiness-on-mysql-performance/"]
}

rule "TW432" {
  name        = "overcommit-never-default-ratio"
  title       = "Strict overcommit with the default ratio leaves half the RAM unusable"
  key         = "vm.overcommit_memory"
  severity    = "warning"
  when        = num == 2 && coalesce(int(setting("vm.overcommit_kbytes")), 0) == 0 && coalesce(int(setting("vm.overcommit_ratio")), 50) == 50
  message     = "vm.overcommit_memory = 2 with the default vm.overcommit_ratio (50): the commit limit is swap + 50% of RAM, so allocations fail (ENOMEM, fork failures) while half the memory is free"
  remediation = "Set vm.overcommit_ratio (e.g. 80-95, leaving room for the kernel) or vm.overcommit_kbytes together with overcommit_memory = 2, or keep the heuristic default 0."
  description = "In mode 2 the kernel refuses allocations beyond CommitLimit = swap + overcommit_ratio% of RAM (or overcommit_kbytes). The ratio defaults to 50, so on hosts with little swap half the memory can never be committed. PostgreSQL's documentation recommends mode 2 together with an adjusted ratio."
  references  = ["Documentation/mm/overcommit-accounting.rst", "proc(5): /proc/sys/vm/overcommit_memory, overcommit_ratio", "mm/util.c: sysctl_overcommit_ratio = 50", "https://www.postgresql.org/docs/current/kernel-resources.html#LINUX-MEMORY-OVERCOMMIT"]
}

rule "TW433" {
  name        = "dirty-ratio-high"
  title       = "vm.dirty_ratio lets most of memory fill with dirty pages"
  key         = "vm.dirty_ratio"
  severity    = "warning"
  when        = num != null && num > 50
  suggest     = "20"
  message     = "vm.dirty_ratio = ${value}: writers are only throttled once ${value}% of memory is dirty (default 20%); on a host with much RAM that is tens of GiB to flush, so fsync() and writers stall for minutes and a crash loses more"
  remediation = "Keep vm.dirty_ratio at the default 20 (tuned's throughput profile uses 40), or size it in bytes with vm.dirty_bytes."
  description = "dirty_ratio is the share of reclaimable memory that may be dirty before a writing process must write back itself. Above half of memory, the backlog to flush exceeds what disks write in a reasonable time, producing long stalls (\"task blocked for more than 120 seconds\")."
  references  = ["Documentation/admin-guide/sysctl/vm.rst: dirty_ratio, dirty_bytes", "mm/page-writeback.c: vm_dirty_ratio = 20"]
}

rule "TW434" {
  name        = "dirty-background-not-below-dirty"
  title       = "vm.dirty_background_ratio is not below vm.dirty_ratio"
  key         = "vm.dirty_background_ratio"
  severity    = "warning"
  when        = num != null && coalesce(int(setting("vm.dirty_bytes")), 0) == 0 && coalesce(int(setting("vm.dirty_background_bytes")), 0) == 0 && int(setting("vm.dirty_ratio")) != null && num >= coalesce(int(setting("vm.dirty_ratio")), 101)
  message     = "vm.dirty_background_ratio = ${value} is not below vm.dirty_ratio (${setting("vm.dirty_ratio")}): the kernel then ignores it and starts background writeback at half of dirty_ratio"
  remediation = "Keep dirty_background_ratio below dirty_ratio (defaults 10 and 20)."
  description = "Background writeback must start before writers are throttled. When the background threshold is not below the dirty threshold, domain_dirty_limits() replaces it with half the dirty threshold, so the configured value never applies."
  references  = ["mm/page-writeback.c domain_dirty_limits() @6.14.0: if (bg_thresh >= thresh) bg_thresh = thresh / 2", "Documentation/admin-guide/sysctl/vm.rst: dirty_background_ratio"]
}

rule "TW435" {
  name        = "modules-disabled-at-boot"
  title       = "kernel.modules_disabled = 1 in a boot-time file"
  key         = "kernel.modules_disabled"
  severity    = "warning"
  when        = num == 1
  message     = "kernel.modules_disabled = 1 is applied early at boot by systemd-sysctl, before most modules are loaded: afterwards nothing can load a module until reboot (br_netfilter and nf_conntrack for containers and firewalls, filesystems, USB storage), and it cannot be switched back"
  remediation = "Set it from a unit that runs after every needed module is loaded (After=multi-user.target, or after modules-load.d lists them), not from sysctl.d; or leave it out."
  description = "modules_disabled is one-way: once 1, module loading and unloading are refused until reboot. systemd-sysctl.service runs early in boot, so putting it in sysctl.d locks out modules that services, udev or the firewall load later."
  references  = ["Documentation/admin-guide/sysctl/kernel.rst: modules_disabled (\"Once true, modules_disabled cannot be set back to false\")", "systemd-sysctl.service(8)"]
}

rule "TW436" {
  name        = "inotify-limit-near-int-max"
  title       = "An inotify limit is set near INT_MAX"
  key         = "fs.inotify.max_*"
  severity    = "warning"
  when        = num != null && num >= 1073741824
  suggest     = key == "fs.inotify.max_user_watches" ? "1048576" : key == "fs.inotify.max_user_instances" ? "8192" : "65536"
  message     = "${key} = ${value} removes the limit: each watch or queued event costs kernel memory that is not swappable, so one user's runaway watcher can exhaust the host's memory"
  remediation = "Use a generous but finite value (max_user_watches 524288-1048576, about 1 KiB each; max_user_instances 8192; max_queued_events 65536)."
  description = "The inotify limits exist to bound kernel memory per user. Values near 2^31 from copied snippets make them meaningless: watches use about 1 KiB of unswappable memory each on 64-bit."
  references  = ["Documentation/admin-guide/sysctl/fs.rst: inotify", "inotify(7): /proc/sys/fs/inotify/max_user_watches, max_user_instances, max_queued_events", "fs/notify/inotify/inotify_user.c: watch cost"]
}

rule "TW437" {
  name        = "pid-max-low"
  title       = "kernel.pid_max lowers the process and thread limit"
  key         = "kernel.pid_max"
  severity    = num < 32768 || (distro.known && distro.systemd >= 243) ? "warning" : "info"
  when        = num != null && num > 0 && (num < 32768 || (num < 1048576 && (!distro.known || distro.systemd >= 243)))
  message     = num < 32768 ? "kernel.pid_max = ${value} is below the kernel's default 32768: the host cannot run more than ${value} processes and threads together, and fork()/pthread_create() fail with EAGAIN" : distro.known ? "kernel.pid_max = ${value}: systemd ${distro.systemd} (${distro.name}) ships 50-pid-max.conf, which raises it to 4194304 on 64-bit hosts; a file sorting after it LOWERS the process and thread limit to ${value}" : "kernel.pid_max = ${value}: if the target runs systemd 243 or later, its 50-pid-max.conf raises this to 4194304 on 64-bit hosts, and a file sorting after it LOWERS the process and thread limit to ${value}"
  remediation = "Remove the line (systemd 243+ sets 4194304 on 64-bit), or set at least the default."
  description = "pid_max bounds process and thread IDs together. The kernel default is 32768 (more on hosts with many CPUs); systemd 243 and later install sysctl.d/50-pid-max.conf with 4194304 on 64-bit builds, because thread-heavy services (JVMs, container hosts) exhaust 32768. Old guides set 65535 for \"more PIDs\", which now lowers the limit."
  references  = ["Documentation/admin-guide/sysctl/kernel.rst: pid_max", "include/linux/threads.h: PID_MAX_DEFAULT 0x8000, PID_MAX_LIMIT 4*1024*1024 on 64-bit", "https://github.com/systemd/systemd/blob/v243/NEWS (50-pid-max.conf)", "https://github.com/systemd/systemd/blob/v243/sysctl.d/50-pid-max.conf"]
}

rule "TW438" {
  name        = "lockup-watchdog-off"
  title       = "The soft/hard lockup watchdog is turned off"
  key         = "kernel.*watchdog"
  severity    = "info"
  when        = num == 0 && contains(["kernel.watchdog", "kernel.nmi_watchdog", "kernel.soft_watchdog"], key)
  message     = "${key} = 0: ${key == "kernel.nmi_watchdog" ? "hard lockups (a CPU stuck with interrupts off)" : key == "kernel.soft_watchdog" ? "soft lockups (a CPU stuck in the kernel)" : "soft and hard lockups"} are no longer detected or reported, so a hung CPU leaves no trace in the logs"
  remediation = "Keep the watchdogs on unless a measured latency or power need says otherwise (latency profiles turn the NMI watchdog off on purpose)."
  description = "The lockup detectors report CPUs stuck in the kernel and, with softlockup_panic/hardlockup_panic, turn hangs into crash dumps. Turning them off saves an NMI per CPU every few seconds; tuned's latency profiles do it deliberately, which is why this is information, not a warning."
  references  = ["Documentation/admin-guide/lockup-watchdogs.rst", "Documentation/admin-guide/sysctl/kernel.rst: watchdog, nmi_watchdog, soft_watchdog"]
}
