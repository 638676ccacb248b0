# Values outside what the kernel accepts (TW11x) and the rest of the
# catalogue: SYN handling, backlogs, orphans, conntrack, buffers (TW41x).
# Facts come from the kernel knowledge base (docs/catalogue.md): bounds,
# handlers and defaults of the target release.

rule "TW111" {
  name        = "value-out-of-range"
  title       = "A value is outside the range the target kernel accepts"
  description = "Reports values outside the bounds the kernel enforces for a key."
  key         = "*"
  severity    = !value_bounds(key, value).outside ? "info" : value_bounds(key, value).rejects ? "error" : "warning"
  when        = !glob && !contains(["net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_tw_reuse_delay", "net.ipv4.ip_local_port_range"], key) && (value_bounds(key, value).outside || value_bounds(key, value).gap_outside)
  message     = value_bounds(key, value).outside ? "${key} = ${value} is outside ${value_bounds(key, value).bounds} on ${coalesce(kernel.release, "the newest kernel read")}${key_info(key).type == "u8" ? " (a one-byte value)" : ""}: ${value_bounds(key, value).rejects ? "the kernel rejects it with \"Invalid argument\"" : value_bounds(key, value).ignores ? "the write reports success but the kernel keeps the old value" : "what the kernel does with it depends on the subsystem's own handler"}${value_bounds(key, value).handler != "" ? " (${value_bounds(key, value).handler}, as read in the ${value_bounds(key, value).facts_from} tree)" : ""}" : "${key} = ${value} is outside ${value_bounds(key, value).gap_bounds}, the bounds enforced from ${value_bounds(key, value).gap_span} on: whether ${kernel.release} enforces them is not known (no tree inside that range was read); older kernels accept the value"
  remediation = "Use a value inside the range; `twadvise explain KEY` lists what each value means and how the bounds changed between releases."
  references  = ["kernel/sysctl.c: proc_dointvec_minmax, proc_douintvec_minmax and proc_dou8vec_minmax return -EINVAL outside extra1..extra2", "net/ipv4/sysctl_net_ipv4.c@5.12 (proc_dointvec) and @5.14 (proc_dou8vec_minmax): one-byte TCP keys reject values above 255 from 5.13", "kernel commit e260ad01f0aa (sysctl: return -EINVAL if val violates minmax, 5.2)", "docs/catalogue.md"]
}

rule "TW411" {
  name        = "tcp-syncookies-off"
  title       = "SYN cookies are disabled"
  description = "Checks for tcp_syncookies = 0. Without SYN cookies a SYN flood fills the listen queues and legitimate connections are refused; cookies cost nothing until a queue overflows. Wrong to ignore on any host that accepts connections from untrusted networks."
  key         = "net.ipv4.tcp_syncookies"
  severity    = "warning"
  when        = num == 0
  suggest     = "1"
  message     = "tcp_syncookies = 0: a SYN flood fills the listen queues and legitimate connections are refused"
  remediation = "Set net.ipv4.tcp_syncookies = 1 (the default): cookies are only sent when a SYN queue overflows."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_syncookies", "tcp(7)"]
}

rule "TW412" {
  name        = "tcp-syncookies-always"
  title       = "SYN cookies are sent unconditionally"
  description = "Checks for tcp_syncookies = 2, which sends cookies for every connection, not only under a flood. Connections then lose TCP options unless timestamps carry them; the kernel documents the value for testing."
  key         = "net.ipv4.tcp_syncookies"
  severity    = "warning"
  when        = num == 2
  suggest     = "1"
  message     = "tcp_syncookies = 2 sends cookies for every connection, even without a flood: connections lose TCP options unless timestamps carry them; the kernel documents it for testing"
  remediation = "Set net.ipv4.tcp_syncookies = 1."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_syncookies (\"2 - unconditionally generate syncookies\")", "kernel commit 5ad37d5deee1 (v3.12)"]
}

rule "TW413" {
  name        = "somaxconn-not-raised"
  title       = "net.core.somaxconn at the default changes nothing"
  description = "Checks, from Linux 5.4, for net.core.somaxconn = 4096, the default: the line changes nothing. A lower value is TW428 (a warning)."
  key         = "net.core.somaxconn"
  kernel      = ">= 5.4"
  severity    = "info"
  when        = num != null && num == 4096
  message     = "net.core.somaxconn = 4096 is the default since Linux 5.4: the line changes nothing"
  remediation = "Delete the line, or raise it above 4096 together with the application's listen() backlog."
  references  = ["listen(2): somaxconn default 4096 since Linux 5.4", "Documentation/networking/ip-sysctl.rst: somaxconn"]
}

rule "TW414" {
  name        = "tcp-max-orphans-lowered"
  title       = "tcp_max_orphans is lowered"
  description = "Checks that tcp_max_orphans is not lowered below the running value or the kernel default. Beyond the limit, orphaned connections are reset immediately; the kernel documentation says not to lower it artificially."
  key         = "net.ipv4.tcp_max_orphans"
  severity    = "warning"
  when        = num != null && (live.status == "ok" ? num < coalesce(int(live.value), 0) : num < coalesce(host.tw_buckets_default, 16384))
  message     = live.status == "ok" ? "tcp_max_orphans = ${value} is below the running value ${live.value}: beyond it orphaned connections are reset" : host.tw_buckets_default != null ? "tcp_max_orphans = ${value} is below this host's kernel default of ${host.tw_buckets_default} (half the TCP established hash, which scales with memory): beyond it orphaned connections are reset" : "tcp_max_orphans = ${value} is below 16384, the kernel default of a host with about 4 GiB of memory (half the TCP established hash, which scales with memory: below 16384 on hosts under about 2-4 GiB): beyond it orphaned connections are reset"
  remediation = "Remove the line: the kernel documentation says not to lower it artificially; raise it only if \"too many orphaned sockets\" appears."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_max_orphans", "net/ipv4/tcp.c tcp_init(): max_orphans = ehash entries / 2, one entry per 128 KiB of memory"]
}

rule "TW415" {
  name        = "nf-conntrack-max-zero"
  title       = "nf_conntrack_max = 0 means no limit"
  description = "Checks for net.netfilter.nf_conntrack_max = 0, which does not disable connection tracking but removes the limit, so the table can grow until memory runs out."
  key         = "net.netfilter.nf_conntrack_max"
  severity    = "warning"
  when        = num == 0
  message     = "nf_conntrack_max = 0 does not disable connection tracking: it removes the limit, so the table grows until memory runs out"
  remediation = "Set a limit (the default scales with memory: 262144 on 64-bit hosts with more than 4 GiB)."
  references  = ["net/netfilter/nf_conntrack_core.c: if (nf_conntrack_max && ct_count > nf_conntrack_max)"]
}

rule "TW416" {
  name        = "nf-conntrack-max-legacy-zero"
  title       = "net.nf_conntrack_max = 0 means no limit"
  description = "Checks for the older net.nf_conntrack_max = 0, which removes the connection tracking limit rather than disabling tracking."
  key         = "net.nf_conntrack_max"
  severity    = "warning"
  when        = num == 0
  message     = "net.nf_conntrack_max = 0 does not disable connection tracking: it removes the limit, so the table grows until memory runs out"
  remediation = "Set a limit (the default scales with memory: 262144 on 64-bit hosts with more than 4 GiB)."
  references  = ["net/netfilter/nf_conntrack_core.c: if (nf_conntrack_max && ct_count > nf_conntrack_max)"]
}

rule "TW417" {
  name        = "rmem-max-without-tcp-rmem"
  title       = "rmem_max / wmem_max do not raise TCP autotuning"
  description = "Checks for net.core.rmem_max or wmem_max raised without the matching tcp_rmem or tcp_wmem. The core limits only cap what applications request with SO_RCVBUF/SO_SNDBUF; TCP autotuning stops at tcp_rmem[2]/tcp_wmem[2]. Informational: the line may not do what it was meant to."
  key         = "net.core.[rw]mem_max"
  severity    = "info"
  when        = num != null && num > coalesce(int(key_info(key).default), 212992) && configured(key == "net.core.rmem_max" ? "net.ipv4.tcp_rmem" : "net.ipv4.tcp_wmem") == null
  message     = "${key} = ${value} only caps what applications ask for with SO_${key == "net.core.rmem_max" ? "RCVBUF" : "SNDBUF"}; TCP autotuning stops at ${key == "net.core.rmem_max" ? "tcp_rmem" : "tcp_wmem"}[2], which this configuration leaves unchanged"
  remediation = "To let TCP buffers grow, raise the third value of net.ipv4.tcp_rmem (receive) or net.ipv4.tcp_wmem (send) too."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_rmem, tcp_wmem (\"does not override net.core.rmem_max\")", "tcp(7): setting SO_RCVBUF disables autotuning", "kernel commit a6d4f25888b8 (net: set net.core.rmem_max and net.core.wmem_max to 4 MiB, 6.18; 212992 before)"]
}
