# Live state of the socket table (TW61x), from the census `twadvise sockets`
# takes: system mode only. Facts: shared/reference/kernel-facts.md 1.6, 1.9,
# 1.22 and shared/reference/sockets.md.

rule "TW611" {
  name        = "time-wait-near-bucket-limit"
  title       = "TIME_WAIT sockets are close to tcp_max_tw_buckets"
  subject     = "census"
  key         = "net.ipv4.tcp_max_tw_buckets"
  severity    = "warning"
  when        = census.tw_buckets != null && census.tw_headroom != null && census.tw_buckets > 0 && census.tw_headroom < census.tw_buckets * 0.2
  message     = "${census.time_wait.total} sockets in TIME_WAIT; only ${census.tw_headroom} of ${census.tw_buckets} TIME_WAIT buckets are left: past the limit, closing connections skip TIME_WAIT"
  remediation = "Find who opens and closes so many connections (`twadvise sockets`): reuse connections, let clients close first; raise tcp_max_tw_buckets only if memory allows, never lower it."
  references  = ["Documentation/networking/ip-sysctl.rst: tcp_max_tw_buckets", "net/ipv4/tcp_minisocks.c tcp_time_wait()"]
}

rule "TW612" {
  name        = "time-wait-overflow"
  title       = "Connections have skipped TIME_WAIT since boot"
  subject     = "census"
  key         = "net.ipv4.tcp_max_tw_buckets"
  severity    = "warning"
  when        = census.overflow > 0
  message     = "TcpExtTCPTimeWaitOverflow is ${census.overflow}: that many closing connections skipped TIME_WAIT because tcp_max_tw_buckets (${coalesce(live.value, "unknown")}) was full"
  remediation = "Remove any lowered tcp_max_tw_buckets setting, and reduce connection churn (keep-alive, pooling)."
  references  = ["net/ipv4/tcp_minisocks.c tcp_time_wait(): __NET_INC_STATS(net, LINUX_MIB_TCPTIMEWAITOVERFLOW)", "Documentation/networking/ip-sysctl.rst: tcp_max_tw_buckets"]
}

rule "TW613" {
  name        = "destination-port-exhaustion"
  title       = "Outbound TIME_WAIT to one destination uses most of the port range"
  subject     = "census"
  key         = "net.ipv4.ip_local_port_range"
  severity    = census.busiest_destination != null && census.busiest_destination.share >= 0.9 ? "error" : "warning"
  when        = census.busiest_destination != null && census.busiest_destination.share >= 0.5
  message     = "${census.busiest_destination.outbound} outbound sockets to ${census.busiest_destination.address}:${census.busiest_destination.port} are in TIME_WAIT: ${floor(census.busiest_destination.share * 100 + 0.5)}% of ip_local_port_range (${replace(coalesce(live.value, "unknown"), "\t", " ")})${census.busiest_destination.seconds_to_exhaustion != null ? ", full in about ${census.busiest_destination.seconds_to_exhaustion} s at the current rate" : ""}; connect() then fails with EADDRNOTAVAIL"
  remediation = "Reuse connections to that destination (keep-alive, pooling), enable net.ipv4.tcp_tw_reuse = 1 with timestamps on, widen ip_local_port_range, or spread load over more destination addresses or ports."
  references  = ["Documentation/networking/ip-sysctl.rst: ip_local_port_range, tcp_tw_reuse", "include/net/tcp.h: TCP_TIMEWAIT_LEN (60*HZ)"]
}

rule "TW614" {
  name        = "close-wait-pileup"
  title       = "Sockets pile up in CLOSE_WAIT"
  subject     = "census"
  severity    = "warning"
  when        = census.close_wait.total >= 64
  message     = "${census.close_wait.total} sockets in CLOSE_WAIT${length(census.close_wait.by_process) > 0 ? ", most held by ${census.close_wait.by_process[0].command} (pid ${census.close_wait.by_process[0].pid}, ${census.close_wait.by_process[0].count})" : ""}: the peers closed these connections and the application never called close(); no sysctl fixes that"
  remediation = "Fix the application: close sockets when read() returns 0, or put timeouts on idle connections; restarting the process frees them."
  references  = ["RFC 9293 section 3.3.2 (CLOSE-WAIT: waiting for a connection termination request from the local user)", "shared/reference/sockets.md"]
}

rule "TW615" {
  name        = "file-handles-near-limit"
  title       = "Open file handles are close to fs.file-max"
  subject     = "census"
  key         = "fs.file-max"
  severity    = "warning"
  when        = census.file_nr != null && census.file_max != null && census.file_max > 0 && census.file_nr >= census.file_max * 0.9
  message     = "${census.file_nr} file handles are allocated of fs.file-max ${census.file_max}: past it, open() and socket() fail with ENFILE"
  remediation = "Find the process leaking descriptors (ls /proc/*/fd | wc -l per process); raise fs.file-max only once the leak is ruled out."
  references  = ["proc(5): /proc/sys/fs/file-nr, /proc/sys/fs/file-max"]
}

rule "TW306" {
  name        = "listener-in-ephemeral-range"
  title       = "A listening port lies inside the ephemeral range"
  key         = "net.ipv4.ip_local_port_range"
  mode        = "system"
  severity    = "warning"
  when        = census.available && length(nums) >= 2 && length([for p in census.listening_ports : p if p >= nums[0] && p <= nums[1] && !port_listed(p, setting("net.ipv4.ip_local_reserved_ports"))]) > 0
  message     = "ip_local_port_range = ${value} contains port(s) ${join(", ", [for p in census.listening_ports : tostring(p) if p >= nums[0] && p <= nums[1] && !port_listed(p, setting("net.ipv4.ip_local_reserved_ports"))])} that something listens on now: after a restart, an outgoing connection can take the port first"
  remediation = "List those ports in net.ipv4.ip_local_reserved_ports, or move the range away from them."
  references  = ["Documentation/networking/ip-sysctl.rst: ip_local_port_range, ip_local_reserved_ports"]
}
