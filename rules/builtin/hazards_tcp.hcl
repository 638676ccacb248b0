# TCP footguns (TW418-TW429): settings copied from tuning guides that switch
# off loss recovery, give up on connections too early, or cap buffers.
# Defaults and thresholds: Documentation/networking/ip-sysctl.rst and the
# kernel source of the releases named. docs/rules.md, "Hazard classes".

rule "TW418" {
  name        = "tcp-sack-off"
  title       = "Selective acknowledgements are disabled"
  key         = "net.ipv4.tcp_sack"
  severity    = "warning"
  when        = num == 0
  suggest     = "1"
  message     = "tcp_sack = 0: every lost segment in a window costs a retransmission timeout or a go-back-N resend, so throughput collapses on any lossy path; SACK also carries RACK loss detection and tail-loss probes"
  remediation = "Set net.ipv4.tcp_sack = 1 (the default). If it was turned off against CVE-2019-11477 (SACK Panic), update the kernel instead: the fix is in 4.4.182, 4.9.182, 4.14.127, 4.19.52, 5.1.11 and later."
  description = "tcp_sack turns off RFC 2018 selective acknowledgements for every connection. Without SACK the sender learns only the first hole in a window, so multiple losses in a window fall back to retransmission timeouts. It was a published mitigation for the 2019 SACK Panic bugs, which kernel updates fixed; leaving it off afterwards only costs throughput."
  references  = ["RFC 2018 (TCP Selective Acknowledgment Options)", "Documentation/networking/ip-sysctl.rst: tcp_sack", "https://access.redhat.com/security/vulnerabilities/tcpsack (CVE-2019-11477 mitigations and fixed releases)"]
}

rule "TW419" {
  name        = "tcp-dsack-off"
  title       = "Duplicate SACKs are disabled"
  key         = "net.ipv4.tcp_dsack"
  severity    = "info"
  when        = num == 0
  suggest     = "1"
  message     = "tcp_dsack = 0: peers can no longer tell spurious retransmissions from real loss (RFC 2883), so reordering is treated as congestion and windows shrink needlessly"
  remediation = "Set net.ipv4.tcp_dsack = 1 (the default) unless a broken middlebox was proven to need it off."
  description = "D-SACK (RFC 2883) reports segments received twice. Senders use it to undo congestion-window reductions after spurious retransmissions and to adapt to reordering (RFC 3708). Turning it off saves nothing."
  references  = ["RFC 2883 (An Extension to the SACK Option for TCP)", "RFC 3708", "Documentation/networking/ip-sysctl.rst: tcp_dsack"]
}

rule "TW421" {
  name        = "tcp-syn-retries-low"
  title       = "SYN or SYN-ACK retransmissions are (almost) off"
  key         = "net.ipv4.tcp_syn*_retries"
  severity    = "warning"
  when        = num != null && num <= 1
  suggest     = key == "net.ipv4.tcp_syn_retries" ? "6" : "5"
  message     = key == "net.ipv4.tcp_syn_retries" ? "tcp_syn_retries = ${value}: connect() gives up after ${num == 0 ? "1" : "3"} s when ${num == 0 ? "the first SYN" : "two SYNs in a row"} are lost (the default 6 waits about 127 s), so a single lost packet fails a connection" : "tcp_synack_retries = ${value}: the server drops a half-open connection after ${num == 0 ? "1" : "3"} s when ${num == 0 ? "its SYN-ACK" : "two SYN-ACKs"} are lost (the default 5 waits about 63 s), so clients on lossy or slow paths fail to connect"
  remediation = "Use the default (tcp_syn_retries 6, tcp_synack_retries 5) or at least 2-3; to survive SYN floods use tcp_syncookies = 1, not fewer retries."
  description = "Each retry doubles the wait from a 1 s initial RTO. With 0 or 1 retries a single lost SYN or SYN-ACK, common on mobile and congested paths, makes the connection fail. Anti-DDoS guides lower these to free the SYN queue sooner; SYN cookies do that without failing real clients."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_syn_retries, tcp_synack_retries", "RFC 6298 section 2 (initial RTO of 1 s)"]
}

rule "TW422" {
  name        = "tcp-retries2-low"
  title       = "Established connections time out far sooner than RFC 1122 allows"
  key         = "net.ipv4.tcp_retries2"
  severity    = "warning"
  when        = num != null && num >= 0 && num < 8
  suggest     = "15"
  message     = "tcp_retries2 = ${value}: an established connection is aborted after about ${[0.2, 0.6, 1.4, 3, 6.2, 12.6, 25.4, 51][num]} s without an acknowledgement, below RFC 1122's 100 s (a value of 8); a short outage or route change resets connections"
  remediation = "Use the default 15 (about 924 s) or at least 8; an application that must notice dead peers sooner should use TCP_USER_TIMEOUT or keepalives on its own sockets."
  description = "tcp_retries2 bounds how long TCP keeps retransmitting on an established connection before aborting it. The timeout is computed from a 200 ms minimum RTO doubling per retry. Below 8 it is under the 100 s RFC 1122 asks for, so connections die during brief network failures. Elasticsearch recommends 5 for faster failover inside a cluster; a profile for it may relax this rule."
  references  = ["RFC 1122 section 4.2.3.5 (R2 at least 100 seconds)", "Documentation/networking/ip-sysctl.rst: tcp_retries2 (\"RFC 1122 recommends at least 100 seconds for the timeout, which corresponds to a value of at least 8\")", "tcp(7): TCP_USER_TIMEOUT"]
}

rule "TW423" {
  name        = "tcp-keepalive-aggressive"
  title       = "TCP keepalive probes very often"
  key         = "net.ipv4.tcp_keepalive_[it]*"
  severity    = "warning"
  when        = num != null && ((key == "net.ipv4.tcp_keepalive_time" && num < 60) || (key == "net.ipv4.tcp_keepalive_intvl" && num < 5))
  suggest     = key == "net.ipv4.tcp_keepalive_time" ? "600" : "15"
  message     = key == "net.ipv4.tcp_keepalive_time" ? "tcp_keepalive_time = ${value}: every idle keepalive connection sends a probe after ${value} s (the default is 7200 s); thousands of idle connections turn into constant probe traffic and wake-ups" : "tcp_keepalive_intvl = ${value}: unanswered keepalive probes are repeated every ${value} s, so a peer that misses a few seconds of traffic is declared dead"
  remediation = "Use tcp_keepalive_time of 60 s or more (300-600 s is common) and tcp_keepalive_intvl of 5 s or more; an application that needs faster detection sets TCP_KEEPIDLE/TCP_KEEPINTVL on its own sockets."
  description = "The keepalive sysctls are defaults for every socket with SO_KEEPALIVE. Below a minute of idle time, or a few seconds between probes, they cost traffic and CPU on every idle connection and kill connections over short hiccups, while per-socket options give an application the same detection without affecting the rest."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_keepalive_time, tcp_keepalive_intvl", "tcp(7): TCP_KEEPIDLE, TCP_KEEPINTVL", "RFC 1122 section 4.2.3.6 (keep-alive interval no less than two hours by default)"]
}

rule "TW424" {
  name        = "netdev-max-backlog-low"
  title       = "The per-CPU input queue is below the default"
  key         = "net.core.netdev_max_backlog"
  severity    = "warning"
  when        = num != null && num < 1000
  suggest     = "1000"
  message     = "netdev_max_backlog = ${value} is below the default 1000: packets arriving faster than the CPU processes them are dropped sooner (the softnet_stat drop counter grows)"
  remediation = "Remove the line (default 1000) or raise it; lower values only add drops."
  description = "netdev_max_backlog is the length of each CPU's input queue for packets handed up from drivers without NAPI or by RPS. Lowering it below the default drops packets under bursts."
  references  = ["Documentation/admin-guide/sysctl/net.rst: netdev_max_backlog", "net/core/dev.c: netdev_max_backlog = 1000"]
}

rule "TW425" {
  name        = "tcp-buffer-max-low"
  title       = "tcp_rmem / tcp_wmem cap autotuning below 1 MiB"
  key         = "net.ipv4.tcp_[rw]mem"
  severity    = "warning"
  when        = length(nums) >= 3 && nums[2] < 1048576
  suggest     = "${nums[0]} ${nums[1]} ${key == "net.ipv4.tcp_rmem" ? 6291456 : 4194304}"
  message     = "${key} = ${value}: the maximum ${nums[2]} bytes caps TCP ${key == "net.ipv4.tcp_rmem" ? "receive" : "send"} autotuning (the default maximum is ${key == "net.ipv4.tcp_rmem" ? "6 MiB" : "4 MiB"}); one connection then moves at most ${floor(nums[2] * 8 / 1000000 * 10) / 10} Mbit per 10 ms of round-trip time (${floor(nums[2] * 8 / 100000) / 10} Mbit/s at 100 ms)"
  remediation = "Keep the kernel's maximum (remove the line) or raise it; to save memory, lower net.ipv4.tcp_mem instead of capping each connection."
  description = "The third value of tcp_rmem/tcp_wmem is the most a connection's buffer grows to by autotuning, and the window is bounded by it: throughput per connection is at most buffer / RTT. Copied values like 204800 from old guides cap every connection to a few Mbit/s on long paths."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_rmem, tcp_wmem", "net/ipv4/tcp.c tcp_init(): default maxima 6 MiB (rmem) and 4 MiB (wmem)", "RFC 7323 section 1 (window and bandwidth-delay product)"]
}

rule "TW426" {
  name        = "tcp-buffer-default-low"
  title       = "tcp_rmem / tcp_wmem lower the initial buffer below every kernel's default"
  key         = "net.ipv4.tcp_[rw]mem"
  severity    = "warning"
  when        = length(nums) >= 2 && nums[1] < (key == "net.ipv4.tcp_rmem" ? 87380 : 16384)
  suggest     = "${nums[0]} ${key == "net.ipv4.tcp_rmem" ? 131072 : 16384}${length(nums) >= 3 ? " ${nums[2]}" : ""}"
  message     = "${key} = ${value}: the initial buffer ${nums[1]} is below ${key == "net.ipv4.tcp_rmem" ? "87380, the smallest default any release had (131072 since 4.20)" : "16384, the kernel's default"}; new connections start with a smaller window, and short transfers never leave slow start fast"
  remediation = "Keep the kernel's default middle value (remove the line) or raise it."
  description = "The middle value of tcp_rmem/tcp_wmem is a new connection's initial buffer, which also sets the initial receive window. Values below the kernel's defaults (tcp_rmem 87380 up to 4.19, 131072 from 4.20; tcp_wmem 16384) slow every new connection. `4096 87380 16777216` is not flagged."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_rmem, tcp_wmem", "kernel commit a337531b942b (tcp: up initial rmem to 128KB and SYN rwin to around 64KB, v4.20)"]
}

rule "TW427" {
  name        = "tcp-udp-mem-inconsistent"
  title       = "tcp_mem / udp_mem thresholds are out of order or exceed the host's memory"
  key         = "net.ipv4.[tu][cd]p_mem"
  severity    = "warning"
  when        = length(nums) >= 3 && (nums[0] > nums[1] || nums[1] > nums[2] || (host.mem_bytes != null && nums[2] * 4096 > host.mem_bytes) || (contains([16384, 65536, 87380, 131072], nums[1]) && nums[2] >= 4194304) || (configured("net.ipv4.tcp_rmem") != null && same_value(value, coalesce(configured("net.ipv4.tcp_rmem"), ""))) || (configured("net.ipv4.tcp_wmem") != null && same_value(value, coalesce(configured("net.ipv4.tcp_wmem"), ""))))
  message     = "${key} = ${value}: ${nums[0] > nums[1] || nums[1] > nums[2] ? "the three thresholds (low, pressure, high) must grow" : host.mem_bytes != null && nums[2] * 4096 > host.mem_bytes ? "the high threshold is counted in 4 KiB pages: ${nums[2]} pages is ${floor(nums[2] * 4096 / 1073741824)} GiB, more than the host's ${floor(host.mem_bytes / 1073741824)} GiB of RAM, so socket buffers can push the host into OOM before TCP feels pressure" : "it looks like tcp_rmem/tcp_wmem's byte values, but this key counts 4 KiB pages for all sockets together (${nums[2]} pages is ${floor(nums[2] * 4096 / 1073741824)} GiB), so TCP memory pressure never starts where intended"}"
  remediation = "Remove the line: the kernel sizes tcp_mem and udp_mem from the host's memory at boot (about 4.7%, 6.25% and 9.4% of RAM). If you set it, write pages, in increasing order."
  description = "tcp_mem and udp_mem are system-wide limits in pages (low, pressure, high), not per-socket byte sizes. Values copied from tcp_rmem, thresholds out of order, or a high mark above the host's RAM mean memory pressure is never signalled before the host runs out of memory."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_mem, udp_mem (\"in pages\")", "net/ipv4/tcp.c tcp_init_mem(): limits from nr_free_buffer_pages()"]
}

rule "TW428" {
  name        = "somaxconn-lowered"
  title       = "net.core.somaxconn lowers the release's default listen backlog cap"
  key         = "net.core.somaxconn"
  severity    = "warning"
  when        = num != null && num < (kernel_at_least("5.4") ? 4096 : 128)
  suggest     = kernel_at_least("5.4") ? "4096" : "128"
  message     = "net.core.somaxconn = ${value} is below this release's default (${kernel_at_least("5.4") ? "4096 since Linux 5.4" : "128"}): every listen() backlog above it is silently truncated, and bursts of connections overflow the accept queue"
  remediation = "Remove the line or raise it together with the application's listen() backlog; on 5.4 and later the default is already 4096."
  description = "somaxconn caps the backlog argument of listen(). Old guides raise it from 128 to 1024 or 2048; on 5.4 and later, where the default is 4096, the same line lowers it. Accept-queue overflows show as TcpExtListenOverflows."
  references  = ["listen(2): somaxconn default 4096 since Linux 5.4 (128 before)", "Documentation/networking/ip-sysctl.rst: somaxconn", "kernel commit 19f92a030ca6 (net: increase SOMAXCONN to 4096, v5.4)"]
}

rule "TW429" {
  name        = "core-buffer-default-high"
  title       = "rmem_default / wmem_default are huge or above their maximum"
  key         = "net.core.[rw]mem_default"
  severity    = "warning"
  when        = num != null && (num > 8388608 || (configured(replace(key, "_default", "_max")) != null && num > coalesce(int(configured(replace(key, "_default", "_max"))), num)))
  message     = num > 8388608 ? "${key} = ${value}: every socket that does not set its own buffer (UDP, netlink, unix datagram) may queue ${floor(num / 1048576)} MiB, so a few thousand sockets can pin gigabytes; TCP ignores this key (tcp_rmem/tcp_wmem)" : "${key} = ${value} is above ${replace(key, "_default", "_max")} (${configured(replace(key, "_default", "_max"))}): sockets start with a larger buffer than any application may set with SO_${key == "net.core.rmem_default" ? "RCVBUF" : "SNDBUF"}"
  remediation = "Keep the default (212992 bytes) or a few hundred KiB; raise buffers per application (SO_RCVBUF/SO_SNDBUF up to rmem_max/wmem_max) or for TCP through tcp_rmem/tcp_wmem."
  description = "rmem_default and wmem_default are the initial buffer sizes of every non-TCP socket. Tens of MiB, as performance guides copy, multiply by every UDP, netlink and unix datagram socket on the host. A default above the matching _max is also a sign of a mix-up."
  references  = ["Documentation/admin-guide/sysctl/net.rst: rmem_default, wmem_default, rmem_max, wmem_max", "socket(7): SO_RCVBUF, SO_SNDBUF", "net/core/sock.c sock_init_data()"]
}
