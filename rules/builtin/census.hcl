# Live state of the socket table (TW61x), from the census `twadvise sockets`
# takes: system mode only. Facts and sources: docs/catalogue.md and the
# references of each rule.

rule "TW611" {
  name        = "time-wait-near-bucket-limit"
  title       = "TIME_WAIT sockets are close to tcp_max_tw_buckets"
  description = "Checks, on a live system, how many TIME_WAIT sockets remain before tcp_max_tw_buckets. Past the limit, closing connections skip TIME_WAIT silently; the fix is less connection churn, not a lower limit."
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
  description = "Reports TcpExtTCPTimeWaitOverflow above zero: connections have already skipped TIME_WAIT because tcp_max_tw_buckets was full, exposing new connections to delayed segments of old ones."
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
  description = "Checks, on a live system, how much of the ephemeral port range outbound TIME_WAIT sockets to one destination use. Near the limit, connect() to that destination fails with EADDRNOTAVAIL."
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
  description = "Checks, on a live system, for many sockets in CLOSE_WAIT. The peer has closed and the application never called close(): an application bug that no sysctl fixes, and that eventually exhausts file descriptors."
  subject     = "census"
  severity    = "warning"
  when        = census.close_wait.total >= 64
  message     = "${census.close_wait.total} sockets in CLOSE_WAIT${length(census.close_wait.by_process) > 0 ? ", most held by ${census.close_wait.by_process[0].command} (pid ${census.close_wait.by_process[0].pid}, ${census.close_wait.by_process[0].count})" : ""}: the peers closed these connections and the application never called close(); no sysctl fixes that"
  remediation = "Fix the application: close sockets when read() returns 0, or put timeouts on idle connections; restarting the process frees them."
  references  = ["RFC 9293 section 3.3.2 (CLOSE-WAIT: waiting for a connection termination request from the local user)", "ss(8): state close-wait, -p shows the owning process"]
}

rule "TW615" {
  name        = "file-handles-near-limit"
  title       = "Open file handles are close to fs.file-max"
  description = "Checks, on a live system, that allocated file handles stay below 90% of fs.file-max. Past the limit, open() and socket() fail with ENFILE for every process."
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
  description = "Checks, on a live system, that ports something listens on are outside the ephemeral range or reserved. After a restart an outgoing connection can take the port before the listener binds it."
  key         = "net.ipv4.ip_local_port_range"
  mode        = "system"
  severity    = "warning"
  when        = census.available && length(nums) >= 2 && length([for p in census.listening_ports : p if p >= nums[0] && p <= nums[1] && !port_listed(p, setting("net.ipv4.ip_local_reserved_ports"))]) > 0
  message     = "ip_local_port_range = ${value} contains port(s) ${join(", ", [for p in census.listening_ports : tostring(p) if p >= nums[0] && p <= nums[1] && !port_listed(p, setting("net.ipv4.ip_local_reserved_ports"))])} that something listens on now: after a restart, an outgoing connection can take the port first"
  remediation = "List those ports in net.ipv4.ip_local_reserved_ports, or move the range away from them."
  references  = ["Documentation/networking/ip-sysctl.rst: ip_local_port_range, ip_local_reserved_ports"]
}

# --- TW616-TW621: which limit the kernel's own counters say is being hit ----
# Counters are per network namespace, since boot (or since the namespace was
# made): /proc/net/netstat (TcpExt) and /proc/net/snmp. With `sockets
# --interval` the census also has their rates; a counter that rose during the
# interval is a warning, one that only rose some time since boot is info.
# A counter the release lacks is null, and a rule that needs it stays quiet.

rule "TW616" {
  name        = "accept-queue-overflow"
  title       = "A listener's accept queue overflows (TcpExtListenOverflows)"
  description = "When the application does not accept() fast enough, the accept queue fills up to its backlog: the listen() argument, capped at net.core.somaxconn. Further handshakes are then dropped and TcpExtListenOverflows counts them; clients see timeouts and retransmitted SYNs."
  subject     = "census"
  key         = "net.core.somaxconn"
  severity    = (census.fullest_listener != null && census.fullest_listener.full) || coalesce(census.rate.TcpExtListenOverflows, 0) > 0 ? "warning" : "info"
  when        = (census.fullest_listener != null && census.fullest_listener.full) || coalesce(census.counter.TcpExtListenOverflows, 0) > 0
  message     = "%{if census.fullest_listener != null}%{if census.fullest_listener.full}the accept queue of ${census.fullest_listener.address}:${census.fullest_listener.port}%{if census.fullest_listener.pid != null} (${census.fullest_listener.command}, pid ${census.fullest_listener.pid})%{endif} is full: ${census.fullest_listener.queue} connections wait for accept() with a backlog of ${census.fullest_listener.backlog}, %{if census.fullest_listener.at_somaxconn}the cap net.core.somaxconn sets%{else}the application's own listen() backlog (net.core.somaxconn is ${coalesce(census.somaxconn, "unknown")})%{endif}; %{else}the longest accept queue is on ${census.fullest_listener.address}:${census.fullest_listener.port}%{if census.fullest_listener.pid != null} (${census.fullest_listener.command}, pid ${census.fullest_listener.pid})%{endif}, ${census.fullest_listener.queue} connections waiting%{if census.fullest_listener.backlog != null} of a backlog of ${census.fullest_listener.backlog}%{endif}; %{endif}%{endif}TcpExtListenOverflows is ${coalesce(census.counter.TcpExtListenOverflows, "unknown")}%{if census.sampled && census.rate.TcpExtListenOverflows != null}, ${format("%.1f", census.rate.TcpExtListenOverflows)}/s over the last ${format("%.1f", census.interval_s)} s%{else} since boot%{endif}: completed handshakes were dropped because an accept queue was full"
  fix         = census.fullest_listener == null || (census.fullest_listener != null ? census.fullest_listener.backlog == null : false) ? (census.somaxconn != null ? "Compare Recv-Q with Send-Q (the backlog) of the listeners in `ss -ltn`: where the backlog is net.core.somaxconn (now ${census.somaxconn}), raise somaxconn and the listen() backlog together; elsewhere raise the backlog the application passes to listen()." : "") : census.fullest_listener.at_somaxconn ? "Raise net.core.somaxconn (now ${census.somaxconn}) and the backlog the application passes to listen() together: the kernel caps the backlog at somaxconn." : "Raise the backlog ${census.fullest_listener.command != null ? census.fullest_listener.command : "the application"} passes to listen() (now ${census.fullest_listener.backlog}${census.somaxconn != null ? "; net.core.somaxconn allows up to ${census.somaxconn}" : ""}): raising somaxconn alone changes nothing."
  remediation = "Above all make the application accept() faster (more acceptor threads or processes, no blocking work in the accept loop): a longer queue only absorbs bursts."
  references  = ["net/ipv4/tcp_input.c tcp_conn_request(): LINUX_MIB_LISTENOVERFLOWS when sk_acceptq_is_full()", "net/socket.c __sys_listen(): the backlog is capped at net.core.somaxconn", "include/net/sock.h sk_acceptq_is_full()", "listen(2)", "Documentation/networking/ip-sysctl.rst: somaxconn"]
}

rule "TW617" {
  name        = "syn-queue-overflow"
  title       = "A listener's SYN queue overflows (TcpExtTCPReqQFullDrop, TCPReqQFullDoCookies)"
  description = "Half-open connections wait in the SYN queue. Since 4.x (include/net/inet_connection_sock.h at v4.9) it is bounded by the listener's backlog; on 3.x by the smaller of the backlog and tcp_max_syn_backlog. When it is full the kernel answers with a syncookie if tcp_syncookies allows (TCPReqQFullDoCookies) and drops the SYN otherwise (TCPReqQFullDrop). Without syncookies, the last quarter of tcp_max_syn_backlog is kept for peers already proven alive."
  subject     = "census"
  key         = "net.ipv4.tcp_max_syn_backlog"
  severity    = coalesce(census.rate.TcpExtTCPReqQFullDrop, 0) > 0 || coalesce(census.rate.TcpExtTCPReqQFullDoCookies, 0) > 0 ? "warning" : "info"
  when        = coalesce(census.counter.TcpExtTCPReqQFullDrop, 0) > 0 || coalesce(census.counter.TcpExtTCPReqQFullDoCookies, 0) > 0
  message     = "a SYN queue overflowed: TcpExtTCPReqQFullDrop ${coalesce(census.counter.TcpExtTCPReqQFullDrop, 0)} (SYNs dropped), TcpExtTCPReqQFullDoCookies ${coalesce(census.counter.TcpExtTCPReqQFullDoCookies, 0)} (answered with a syncookie)%{if census.sampled} with ${format("%.1f", coalesce(census.rate.TcpExtTCPReqQFullDrop, 0) + coalesce(census.rate.TcpExtTCPReqQFullDoCookies, 0))}/s over the last ${format("%.1f", census.interval_s)} s%{else} since boot%{endif}; net.ipv4.tcp_syncookies is ${coalesce(census.tcp_syncookies, "unknown")}, tcp_max_syn_backlog ${coalesce(census.tcp_max_syn_backlog, "unknown")}, somaxconn ${coalesce(census.somaxconn, "unknown")}"
  fix         = census.tcp_syncookies == 0 ? "Set net.ipv4.tcp_syncookies = 1 (now 0): a full SYN queue then answers with cookies instead of dropping the SYN." : coalesce(census.counter.TcpExtTCPReqQFullDoCookies, 0) > 0 ? "Syncookies are answering the overflow, so connections still succeed (without window scaling and SACK when timestamps are off)." : ""
  remediation = "For legitimate load raise the listener's listen() backlog and net.core.somaxconn, which bound the SYN queue; for a SYN flood keep net.ipv4.tcp_syncookies = 1 and filter upstream."
  references  = ["net/ipv4/tcp_input.c tcp_conn_request(), tcp_syn_flood_action(): LINUX_MIB_TCPREQQFULLDOCOOKIES, LINUX_MIB_TCPREQQFULLDROP", "include/net/inet_connection_sock.h inet_csk_reqsk_queue_is_full() (v4.9: sk_max_ack_backlog)", "net/core/request_sock.c reqsk_queue_alloc() (v3.10: min(backlog, sysctl_max_syn_backlog))", "Documentation/networking/ip-sysctl.rst: tcp_max_syn_backlog, tcp_syncookies"]
}

rule "TW618" {
  name        = "paws-rejects-tw-recycle"
  title       = "SYNs rejected by the per-host timestamp cache (TcpExtPAWSPassive, tcp_tw_recycle)"
  description = "With tcp_tw_recycle = 1 (removed in 4.12) the kernel remembers the last timestamp of every peer address and rejects a SYN whose timestamp is older. Clients behind one NAT address have unrelated clocks, so most of them cannot connect: TcpExtPAWSPassive counts those SYNs. The counter exists only on kernels that have tcp_tw_recycle."
  subject     = "census"
  key         = "net.ipv4.tcp_tw_recycle"
  severity    = census.tcp_tw_recycle == 1 ? "error" : "warning"
  when        = coalesce(census.counter.TcpExtPAWSPassive, 0) > 0
  message     = "TcpExtPAWSPassive is ${census.counter.TcpExtPAWSPassive}%{if census.sampled && census.rate.TcpExtPAWSPassive != null} (${format("%.1f", census.rate.TcpExtPAWSPassive)}/s now)%{endif}: SYNs were rejected because their timestamp was older than the one cached for the peer's address%{if census.tcp_tw_recycle == 1}, which net.ipv4.tcp_tw_recycle = 1 does: clients behind NAT fail to connect%{else}; tcp_tw_recycle is ${coalesce(census.tcp_tw_recycle, "unknown")} now, so it was on earlier since boot%{endif}"
  fix         = census.tcp_tw_recycle == 1 ? "Set net.ipv4.tcp_tw_recycle = 0 (now 1) and remove it from sysctl.d." : census.tcp_tw_recycle != null ? "Keep net.ipv4.tcp_tw_recycle = 0 and find what set it to 1." : ""
  remediation = "Do not turn tcp_timestamps off to work around it (that disables PAWS and makes tcp_tw_reuse ineffective); for outbound TIME_WAIT use net.ipv4.tcp_tw_reuse = 1."
  references  = ["net/ipv4/tcp_input.c@v4.11 tcp_conn_request(): LINUX_MIB_PAWSPASSIVEREJECTED only under sysctl_tw_recycle", "commit 4396e46187ca (\"tcp: remove tcp_tw_recycle\", 4.12)", "net/ipv4/proc.c: PAWSPassive (listed at v4.11, gone at v4.13.4)"]
}

rule "TW619" {
  name        = "orphans-near-limit"
  title       = "Orphaned sockets are close to tcp_max_orphans"
  description = "Orphans are sockets the application closed that the kernel still finishes (FIN_WAIT1, LAST_ACK, CLOSING). Over tcp_max_orphans the kernel resets them and logs \"too many orphaned sockets\"; a timer that finds a peer idle or erroring counts orphans two or four times, so resets start at a quarter of the limit."
  subject     = "census"
  key         = "net.ipv4.tcp_max_orphans"
  severity    = census.orphans != null && census.tcp_max_orphans != null && census.orphans > census.tcp_max_orphans ? "error" : "warning"
  when        = census.orphans != null && census.tcp_max_orphans != null && census.tcp_max_orphans > 0 && census.orphans * 4 > census.tcp_max_orphans
  message     = "${census.orphans} orphaned sockets against net.ipv4.tcp_max_orphans ${census.tcp_max_orphans}: the kernel already resets idle ones (\"too many orphaned sockets\"), TcpExtTCPAbortOnMemory ${coalesce(census.counter.TcpExtTCPAbortOnMemory, "unknown")}"
  fix         = "Raise net.ipv4.tcp_max_orphans (now ${census.tcp_max_orphans}) only if memory allows: each orphan can pin about 64 KB."
  remediation = "Find why so many closed connections cannot finish: peers that stop reading, or an application closing with unsent data; never lower the limit."
  references  = ["net/ipv4/tcp.c tcp_too_many_orphans(), tcp_check_oom()", "net/ipv4/tcp_timer.c tcp_out_of_resources(): shift", "Documentation/networking/ip-sysctl.rst: tcp_max_orphans"]
}

rule "TW620" {
  name        = "tcp-memory-pressure"
  title       = "TCP ran into its memory limits (TcpExtTCPMemoryPressures, TCPAbortOnMemory)"
  description = "Above tcp_mem's pressure value the kernel shrinks socket buffers (TCPMemoryPressures counts the entries); above its max value new data is refused and closing sockets are reset (TCPAbortOnMemory, with \"out of memory -- consider tuning tcp_mem\")."
  subject     = "census"
  key         = "net.ipv4.tcp_mem"
  severity    = coalesce(census.rate.TcpExtTCPMemoryPressures, 0) > 0 || coalesce(census.rate.TcpExtTCPAbortOnMemory, 0) > 0 || (census.tcp_mem != null && census.tcp_mem_pages != null ? census.tcp_mem_pages >= census.tcp_mem.pressure : false) ? "warning" : "info"
  when        = coalesce(census.counter.TcpExtTCPMemoryPressures, 0) > 0 || coalesce(census.counter.TcpExtTCPAbortOnMemory, 0) > 0 || (census.tcp_mem != null && census.tcp_mem_pages != null ? census.tcp_mem_pages >= census.tcp_mem.pressure : false)
  message     = "TcpExtTCPMemoryPressures ${coalesce(census.counter.TcpExtTCPMemoryPressures, "unknown")}, TcpExtTCPAbortOnMemory ${coalesce(census.counter.TcpExtTCPAbortOnMemory, "unknown")}%{if census.sampled} (${format("%.1f", coalesce(census.rate.TcpExtTCPMemoryPressures, 0))}/s and ${format("%.1f", coalesce(census.rate.TcpExtTCPAbortOnMemory, 0))}/s over the last ${format("%.1f", census.interval_s)} s)%{else} since boot%{endif}%{if census.tcp_mem != null && census.tcp_mem_pages != null}; TCP uses ${census.tcp_mem_pages} pages, tcp_mem is ${census.tcp_mem.min} ${census.tcp_mem.pressure} ${census.tcp_mem.max}%{endif}"
  fix         = census.tcp_mem != null ? "If the host has memory to spare, raise net.ipv4.tcp_mem (now ${census.tcp_mem.min} ${census.tcp_mem.pressure} ${census.tcp_mem.max} pages) in the initial network namespace." : "net.ipv4.tcp_mem is global: judge and set it in the host's network namespace."
  remediation = "First find the connections holding large buffers (ss -tm): slow readers and oversized tcp_rmem/tcp_wmem maxima; TCPAbortOnMemory also counts resets for too many orphans (tcp_max_orphans)."
  references  = ["net/ipv4/tcp.c tcp_enter_memory_pressure(): LINUX_MIB_TCPMEMORYPRESSURES; tcp_check_oom(): \"out of memory -- consider tuning tcp_mem\"", "Documentation/networking/ip-sysctl.rst: tcp_mem"]
}

rule "TW621" {
  name        = "conntrack-table-full"
  title       = "The connection-tracking table is full or dropping (nf_conntrack_max)"
  description = "Every tracked flow takes an entry; when nf_conntrack_count reaches nf_conntrack_max the kernel first evicts an unreplied entry (early_drop) and otherwise drops the packet, logging \"nf_conntrack: table full, dropping packet\". New connections through NAT or a stateful firewall then fail."
  subject     = "census"
  key         = "net.netfilter.nf_conntrack_max"
  severity    = census.conntrack != null && coalesce(census.conntrack.drop, 0) > 0 ? "error" : "warning"
  when        = census.conntrack != null && ((census.conntrack.max != null ? census.conntrack.max > 0 && census.conntrack.count >= census.conntrack.max * 0.9 : false) || coalesce(census.conntrack.drop, 0) > 0 || coalesce(census.conntrack.early_drop, 0) > 0)
  message     = "the conntrack table holds ${census.conntrack.count} of nf_conntrack_max ${coalesce(census.conntrack.max, "unknown")} entries; ${coalesce(census.conntrack.drop, 0)} packets were dropped and ${coalesce(census.conntrack.early_drop, 0)} entries evicted early because it was full (/proc/net/stat/nf_conntrack, since the module loaded)"
  fix         = netns == "child" ? "nf_conntrack_max is read-only in a child network namespace: raise it on the host." : census.conntrack.max != null ? "Raise net.netfilter.nf_conntrack_max (now ${census.conntrack.max}) if memory allows, and nf_conntrack_buckets with it." : ""
  remediation = "Also cut what fills it: shorter timeouts for closed flows (net.netfilter.nf_conntrack_tcp_timeout_time_wait) and NOTRACK rules for traffic that needs no state."
  references  = ["net/netfilter/nf_conntrack_core.c __nf_conntrack_alloc(): \"table full, dropping packet\", early_drop()", "net/netfilter/nf_conntrack_standalone.c ct_cpu_seq_show()", "Documentation/networking/nf_conntrack-sysctl.rst: nf_conntrack_max"]
}
