# Kernel version (TW1xx) and TIME_WAIT / NAT / timestamps (TW2xx) rules.
# Facts and sources: the kernel knowledge base (docs/catalogue.md) and the
# references of each rule.

rule "TW101" {
  name        = "tcp-tw-recycle-removed"
  title       = "net.ipv4.tcp_tw_recycle does not exist on this kernel"
  description = "Reports net.ipv4.tcp_tw_recycle on kernels from 4.12, where the key was removed (kernel commit 4396e46187ca)."
  key         = "net.ipv4.tcp_tw_recycle"
  kernel      = ">= 4.12"
  scope       = "every"
  fix_kind    = "remove"
  supersedes  = ["TW103", "TW602"]
  severity    = "error"
  message     = "net.ipv4.tcp_tw_recycle was removed in Linux 4.12: procps `sysctl -p` fails on this line (\"cannot stat\"), systemd-sysctl logs it and sets nothing"
  remediation = "Delete the line. To let outgoing connections reuse TIME_WAIT ports, use net.ipv4.tcp_tw_reuse with tcp_timestamps on."
  references  = ["kernel commit 4396e46187ca5070219b81773c4e65088dac50cc (tcp: remove tcp_tw_recycle, v4.12)", "tcp(7): tcp_tw_recycle (Linux 2.4 to 4.11)"]
}

rule "TW201" {
  name        = "tcp-tw-recycle-nat"
  title       = "tcp_tw_recycle drops connections from clients behind NAT"
  description = "Checks tcp_tw_recycle on kernels before 4.12 when the profile says clients may be behind NAT. Recycling relies on per-host timestamps being monotonic; clients sharing a NAT address are not, so their SYNs are dropped silently. Never safe for Internet-facing servers."
  key         = "net.ipv4.tcp_tw_recycle"
  kernel      = "< 4.12"
  severity    = "error"
  when        = num != null && num != 0 && profile.clients_behind_nat
  suggest     = "0"
  message     = "tcp_tw_recycle = ${value} silently drops SYNs from clients that share a NAT address (their timestamps are not monotonic), and profile ${profile.name} has clients behind NAT"
  remediation = "Set net.ipv4.tcp_tw_recycle = 0 (it was removed in 4.12). Use net.ipv4.tcp_tw_reuse on hosts that open outgoing connections."
  references  = ["tcp(7): tcp_tw_recycle \"can cause problems when dealing with NAT\"", "kernel commit 4396e46187ca5070219b81773c4e65088dac50cc", "https://vincent.bernat.ch/en/blog/2014-tcp-time-wait-state-linux"]
}

rule "TW202" {
  name        = "tcp-tw-recycle-random-offsets"
  title       = "tcp_tw_recycle drops SYNs from peers whose timestamps are not monotonic per host"
  description = "Checks tcp_tw_recycle on 4.10 and 4.11, where recycling drops SYNs from peers whose timestamps are not monotonic per host (peers behind NAT, or peers that randomize timestamp offsets per connection)."
  key         = "net.ipv4.tcp_tw_recycle"
  kernel      = "< 4.12"
  severity    = "warning"
  when        = num != null && num != 0 && !profile.clients_behind_nat
  suggest     = "0"
  message     = "tcp_tw_recycle = ${value} on ${kernel.release} drops SYNs from any peer whose TCP timestamps do not grow monotonically per host: clients behind NAT, and peers that offset timestamps per connection (Linux 4.10, and kernels with commit 165573e41f2f: 7.0 and patched stable releases); the peers' kernels decide this, not this host's release"
  remediation = "Set net.ipv4.tcp_tw_recycle = 0 (the key was removed in 4.12). Use net.ipv4.tcp_tw_reuse on hosts that open outgoing connections."
  references  = ["net/ipv4/tcp_input.c@4.11 tcp_conn_request(): tcp_peer_is_proven() checks the peer's timestamps", "net/core/secure_seq.c@4.10 (timestamp offset per 4-tuple) and @4.11 (per address pair: kernel commit 28ee1b746f49 \"secure_seq: downgrade to per-host timestamp offsets\")", "kernel commit 165573e41f2f (tcp: secure_seq: add back ports to TS offset)", "kernel commit 4396e46187ca5070219b81773c4e65088dac50cc (tcp: remove tcp_tw_recycle)"]
}

rule "TW211" {
  name        = "tcp-timestamps-off"
  title       = "TCP timestamps are disabled"
  description = "Checks for tcp_timestamps = 0. Timestamps carry PAWS protection (RFC 7323), are required for tcp_tw_reuse to reuse a TIME_WAIT port, and let SYN cookies keep window scaling and SACK. Turning them off to hide uptime trades those away; wrong to ignore on hosts that open many outgoing connections."
  key         = "net.ipv4.tcp_timestamps"
  severity    = "warning"
  when        = num == 0
  suggest     = "1"
  message     = "tcp_timestamps = 0 disables PAWS, makes tcp_tw_reuse a no-op (reuse needs the peer's timestamps), and SYN cookies can no longer carry window scaling and SACK"
  remediation = "Set net.ipv4.tcp_timestamps = 1 (the default: on, with a random offset per source/destination address pair; per connection on 4.10 and with kernel commit 165573e41f2f)."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_timestamps", "RFC 7323 section 5 (PAWS)", "net/ipv4/tcp_ipv4.c tcp_twsk_unique(): reuse requires tw_ts_recent_stamp", "net/ipv4/syncookies.c cookie_timestamp_decode()"]
}

rule "TW212" {
  name        = "tcp-timestamps-unknown-value"
  title       = "tcp_timestamps has an undocumented value"
  description = "Checks for tcp_timestamps values other than 0, 1 and 2 that the target kernel accepts (up to 5.12 any integer, from 5.13 up to 255; above that TW111 reports the rejected write). The kernel documents only 0, 1 and 2; others act as \"on\" without random offsets, which is rarely what was meant."
  key         = "net.ipv4.tcp_timestamps"
  severity    = "warning"
  when        = num != null && num > 2 && !(value_bounds(key, value).outside && value_bounds(key, value).rejects)
  suggest     = "1"
  message     = "tcp_timestamps = ${value} is not a documented value (0 off, 1 on with random offsets, 2 on without): the kernel accepts it, and any value other than 1 disables random offsets"
  remediation = "Set net.ipv4.tcp_timestamps = 1."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_timestamps", "net/core/secure_seq.c secure_tcp_ts_off(): offsets only when tcp_timestamps == 1"]
}

rule "TW213" {
  name        = "tcp-timestamps-2-before-4-10"
  title       = "tcp_timestamps = 2 means nothing special before 4.10"
  description = "Checks for tcp_timestamps = 2 on kernels before 4.10, where 2 has no special meaning and simply turns timestamps on. Informational: the line does not do what its value suggests."
  key         = "net.ipv4.tcp_timestamps"
  kernel      = "< 4.10"
  severity    = "info"
  when        = num == 2
  suggest     = "1"
  message     = "tcp_timestamps = 2 (on, without random offsets) exists since 4.10; on ${kernel.release} it is just \"on\""
  remediation = "Set net.ipv4.tcp_timestamps = 1 to say what this kernel does."
  references  = ["kernel commit 25429d7b7dca01dc4f17205de023a30ca09390d0 (tcp: allow to turn tcp timestamp randomization off, v4.10)"]
}

rule "TW221" {
  name        = "tcp-tw-reuse-invalid"
  title       = "tcp_tw_reuse has a value the target kernel rejects or reads as \"all connections\""
  description = "Checks tcp_tw_reuse against the values the kernel accepts."
  supersedes  = ["TW111"]
  key         = "net.ipv4.tcp_tw_reuse"
  severity    = num == null || value_bounds(key, value).outside ? "error" : value_bounds(key, value).gap_outside ? "info" : "warning"
  when        = num == null || value_bounds(key, value).outside || value_bounds(key, value).gap_outside || (key_info(key).max == null && num != 0 && num != 1)
  suggest     = num == null || value_bounds(key, value).outside ? "2" : null
  message     = num == null || value_bounds(key, value).outside ? "tcp_tw_reuse = ${value} is not 0, 1 or 2: ${coalesce(kernel.release, "the kernel")} rejects it with \"Invalid argument\"" : value_bounds(key, value).gap_outside ? "tcp_tw_reuse = ${value} is rejected from ${value_bounds(key, value).gap_span} on (only 0, 1 and 2 are accepted) and means \"on for ALL outgoing connections\" before: which holds on ${kernel.release} is not known" : num == 2 ? "tcp_tw_reuse = 2 on ${kernel.release} enables reuse for ALL outgoing connections: 2 means loopback only from 4.18; before, any non-zero value turns reuse on everywhere" : "tcp_tw_reuse = ${value} on ${kernel.release} enables reuse for ALL outgoing connections (any non-zero value does before 4.18); from 4.18 only 0, 1 and 2 are accepted"
  remediation = "From 4.18: 0 never, 1 for all outgoing connections, 2 (the default) for loopback only. Before 4.18 the key is on or off: write 1 if reuse for all outgoing connections is meant, else 0."
  references  = ["kernel commit 79e9fed46038 (net-tcp: extend tcp_tw_reuse sysctl to enable loopback only optimization, 4.18)", "net/ipv4/sysctl_net_ipv4.c@4.17 (proc_dointvec) and @4.18 (proc_dointvec_minmax, extra1 = &zero, extra2 = &two)", "net/ipv4/tcp_ipv4.c@4.17 tcp_twsk_unique(): any non-zero sysctl_tcp_tw_reuse", "Documentation/networking/ip-sysctl.rst: tcp_tw_reuse"]
}

rule "TW222" {
  name        = "tcp-tw-reuse-server-only"
  title       = "tcp_tw_reuse does nothing for connections a server accepts"
  description = "Checks for tcp_tw_reuse = 1 on a profile that only accepts connections. Reuse applies only to new outgoing connect() calls, so it changes nothing for a server; TIME_WAIT on the server side costs a small minisocket, not a port. Harmless, but the line does not do what it is usually meant to."
  key         = "net.ipv4.tcp_tw_reuse"
  severity    = "info"
  when        = num == 1 && profile.closes == "server" && profile.outbound_rate == 0
  message     = "tcp_tw_reuse = 1 only lets new outgoing connect() calls take over TIME_WAIT ports; profile ${profile.name} only accepts connections, so it changes nothing here"
  remediation = "Leave tcp_tw_reuse at its default; server-side TIME_WAIT is harmless (it costs a small minisocket, not a port) and is bounded by tcp_max_tw_buckets."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_tw_reuse (\"for new outgoing connections\")", "net/ipv4/tcp_ipv4.c tcp_twsk_unique()"]
}

rule "TW223" {
  name        = "tcp-tw-reuse-without-timestamps"
  title       = "tcp_tw_reuse is a no-op without TCP timestamps"
  description = "Checks for tcp_tw_reuse enabled while tcp_timestamps is 0. A TIME_WAIT port is reused only when the peer sent timestamps, so reuse never happens; the configuration contradicts itself."
  key         = "net.ipv4.tcp_tw_reuse"
  severity    = "warning"
  when        = num != null && num >= 1 && int(setting("net.ipv4.tcp_timestamps")) == 0
  message     = "tcp_tw_reuse = ${value} has no effect: tcp_timestamps is 0, and a TIME_WAIT port is only reused when the peer sent timestamps"
  remediation = "Turn timestamps back on (net.ipv4.tcp_timestamps = 1) or drop the tcp_tw_reuse line."
  references  = ["net/ipv4/tcp_ipv4.c tcp_twsk_unique(): reuse requires tw_ts_recent_stamp", "Documentation/networking/ip-sysctl.rst: tcp_tw_reuse"]
}

rule "TW224" {
  name        = "tcp-tw-reuse-delay-out-of-range"
  title       = "tcp_tw_reuse_delay is outside 1..60000 ms"
  description = "Checks tcp_tw_reuse_delay (added in Linux 6.14) against its bounds, 1 to 60000 ms. Out-of-range writes are rejected with \"Invalid argument\", so the setting is not applied."
  key         = "net.ipv4.tcp_tw_reuse_delay"
  supersedes  = ["TW111"]
  severity    = "error"
  when        = num == null || num < 1 || num > 60000
  suggest     = "1000"
  message     = "tcp_tw_reuse_delay = ${value} is outside 1..60000 (milliseconds): the kernel rejects it with \"Invalid argument\""
  remediation = "Use a value from 1 to 60000 ms; the default is 1000."
  references  = ["net/ipv4/sysctl_net_ipv4.c: tcp_tw_reuse_delay, proc_douintvec_minmax, max TCP_PAWS_MSL * MSEC_PER_SEC", "netdev patch \"tcp: Add sysctl to configure TIME-WAIT reuse delay\" (Jakub Sitnicki, 2024-12-04)"]
}

rule "TW225" {
  name        = "tcp-tw-reuse-delay-low"
  title       = "tcp_tw_reuse_delay below one second weakens PAWS"
  description = "Checks for tcp_tw_reuse_delay below 1000 ms. Reuse is safe only once the peer's timestamp clock has ticked, and RFC 7323 allows ticks as slow as one per second; a shorter delay can accept old duplicate segments. Ignore only if every peer is known to tick faster."
  key         = "net.ipv4.tcp_tw_reuse_delay"
  severity    = "warning"
  when        = num != null && num >= 1 && num < 1000 && key_state(key).status == "known"
  suggest     = "1000"
  message     = "tcp_tw_reuse_delay = ${value} ms: reuse is only safe once the peer's timestamp clock has ticked, and RFC 7323 allows ticks of up to 1 s"
  remediation = "Keep the default 1000 ms unless every peer is known to tick faster."
  references  = ["RFC 7323 section 5.4", "netdev patch \"tcp: Add sysctl to configure TIME-WAIT reuse delay\" (Jakub Sitnicki, 2024-12-04)"]
}

rule "TW231" {
  name        = "tcp-fin-timeout-not-time-wait"
  title       = "tcp_fin_timeout does not shorten TIME_WAIT"
  description = "Checks for tcp_fin_timeout lowered in the belief that it shortens TIME_WAIT. It limits FIN_WAIT_2 for orphaned connections; TIME_WAIT is fixed at 60 s (TCP_TIMEWAIT_LEN). Informational: the line is harmless but does not solve the TIME_WAIT problem it is usually meant for."
  key         = "net.ipv4.tcp_fin_timeout"
  severity    = "info"
  when        = num != null && num >= 10 && num < 60
  once        = "fin-timeout"
  message     = "tcp_fin_timeout = ${value} only limits how long an orphaned connection waits in FIN_WAIT_2 for the peer's FIN; TIME_WAIT stays 60 s (TCP_TIMEWAIT_LEN, not tunable)"
  remediation = "If the goal is fewer TIME_WAIT sockets: reuse connections (keep-alive, pooling), let the client close first, or enable net.ipv4.tcp_tw_reuse on the side that connects."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_fin_timeout", "include/net/tcp.h: TCP_TIMEWAIT_LEN (60*HZ)", "net/ipv4/tcp_minisocks.c tcp_time_wait()"]
}

rule "TW232" {
  name        = "tcp-fin-timeout-very-low"
  title       = "tcp_fin_timeout is very low"
  description = "Checks for tcp_fin_timeout below 10 s. Orphaned connections are dropped before slow peers finish closing, and TIME_WAIT is not shortened at all. Wrong to ignore on hosts with slow or distant clients."
  key         = "net.ipv4.tcp_fin_timeout"
  severity    = "warning"
  when        = num != null && num < 10
  suggest     = "30"
  message     = "tcp_fin_timeout = ${value} drops orphaned FIN_WAIT_2 connections before slow peers finish closing (and it never shortens TIME_WAIT, which stays 60 s)"
  remediation = "Use 30 s or more; the kernel default is 60 s. To get fewer TIME_WAIT sockets, reuse connections or enable net.ipv4.tcp_tw_reuse on the connecting side."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_fin_timeout", "include/net/tcp.h: TCP_TIMEWAIT_LEN, tcp_fin_time()"]
}

rule "TW241" {
  name        = "tcp-max-tw-buckets-very-low"
  title       = "tcp_max_tw_buckets is so low that TIME_WAIT is skipped"
  description = "Checks for tcp_max_tw_buckets below 10000. Past the limit, closing connections skip TIME_WAIT silently (only TcpExtTCPTimeWaitOverflow counts them), so delayed segments of an old connection can corrupt a new one. The kernel documentation says never to lower it artificially."
  key         = "net.ipv4.tcp_max_tw_buckets"
  severity    = "error"
  when        = num != null && num < 10000
  suggest     = host.tw_buckets_default != null ? tostring(host.tw_buckets_default) : "262144"
  message     = "tcp_max_tw_buckets = ${value}: once that many sockets are in TIME_WAIT, further closing connections skip TIME_WAIT silently (only TcpExtTCPTimeWaitOverflow counts them), so delayed segments can corrupt new connections"
  remediation = "Remove the line to keep the kernel default (half the TCP hash size, up to 262144), or raise it. TIME_WAIT costs a small minisocket, not a port on the server side."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_max_tw_buckets (\"you _must_ not lower the limit artificially\")", "net/ipv4/tcp_minisocks.c tcp_time_wait(): LINUX_MIB_TCPTIMEWAITOVERFLOW", "RFC 793 / RFC 9293 section 3.4.2 (TIME-WAIT)"]
}

rule "TW242" {
  name        = "tcp-max-tw-buckets-below-default"
  title       = "tcp_max_tw_buckets is below the kernel default"
  description = "Checks for tcp_max_tw_buckets below the kernel default for the host's memory (half the TCP established hash). Lowering it reduces TIME_WAIT counts only by skipping TIME_WAIT, which is what the state protects against."
  key         = "net.ipv4.tcp_max_tw_buckets"
  severity    = "warning"
  when        = num != null && num >= 10000 && num < coalesce(host.tw_buckets_default, 16384)
  suggest     = tostring(coalesce(host.tw_buckets_default, 16384))
  message     = host.tw_buckets_default != null ? "tcp_max_tw_buckets = ${value} is below this host's kernel default of ${host.tw_buckets_default}: TIME_WAIT is skipped once the limit is reached" : "tcp_max_tw_buckets = ${value} is below the kernel default of any host with 4 GiB of memory or more (16384): TIME_WAIT is skipped once the limit is reached"
  remediation = "Remove the line to keep the kernel default, which scales with memory; never lower it to reduce TIME_WAIT counts."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_max_tw_buckets", "net/ipv4/tcp_ipv4.c tcp_set_hashinfo(): max_tw_buckets = ehash_entries / 2", "net/ipv4/tcp.c tcp_init(): one ehash slot per 128 KiB"]
}
