# Built-in workload profiles (docs/profiles.md lists every recommendation).
# "closes" is the side that closes connections first and so holds
# TIME_WAIT; rates are new connections per second; outbound_rate is per
# destination (address and port). Every recommendation says why and cites
# the public document or code it comes from: the application's own, the
# kernel's, or a hardening baseline. Keys a release lacks are gated with
# kernel = "..." (the release that added them), so no generated file
# names a key its kernel does not have.

profile "generic" {
  description        = "No workload assumptions: only what is wrong everywhere."
  closes             = "both"
  clients_behind_nat = true
}

profile "web-server" {
  description        = "Serves HTTP(S) to the Internet; many clients share NAT addresses."
  closes             = "server"
  inbound_rate       = 2000
  clients_behind_nat = true
  service_ports      = [80, 443]

  recommend "net.core.somaxconn" {
    at_least = 4096
    reason   = "accept backlog for bursts of new connections; listen() backlogs are capped at somaxconn (4096 is the default since 5.4, 128 before)"
    source   = "https://man7.org/linux/man-pages/man2/listen.2.html (NOTES: somaxconn, 4096 since Linux 5.4)"
  }
  recommend "net.ipv4.tcp_max_syn_backlog" {
    at_least = 4096
    reason   = "half-open connections during bursts before SYN cookies take over"
    source   = "https://docs.kernel.org/networking/ip-sysctl.html (tcp_max_syn_backlog)"
  }
}

profile "reverse-proxy" {
  description        = "Terminates client connections and opens many to a few upstreams (nginx, HAProxy, Envoy)."
  closes             = "both"
  inbound_rate       = 2000
  outbound_rate      = 500
  clients_behind_nat = true
  service_ports      = [80, 443]

  recommend "net.ipv4.tcp_tw_reuse" {
    exactly = 1
    reason  = "outgoing connections to the same upstream reuse TIME_WAIT ports safely (timestamps on)"
    source  = "https://docs.kernel.org/networking/ip-sysctl.html (tcp_tw_reuse)"
    rules   = ["TW305"]
  }
  recommend "net.ipv4.ip_local_port_range" {
    exactly = "10240 65535"
    reason  = "more ephemeral ports per upstream; service ports inside the range are reserved"
    source  = "https://docs.kernel.org/networking/ip-sysctl.html (ip_local_port_range, ip_local_reserved_ports)"
    rules   = ["TW305"]
  }
  recommend "net.core.somaxconn" {
    at_least = 4096
    reason   = "accept backlog for bursts of new connections (the default since 5.4)"
    source   = "https://man7.org/linux/man-pages/man2/listen.2.html (NOTES: somaxconn)"
  }
}

profile "http-client" {
  description        = "Opens many short outgoing connections (crawlers, API clients, load generators)."
  closes             = "client"
  outbound_rate      = 500
  clients_behind_nat = false

  recommend "net.ipv4.tcp_tw_reuse" {
    exactly = 1
    reason  = "the client closes first and holds TIME_WAIT; reuse lets connect() take over those ports"
    source  = "https://docs.kernel.org/networking/ip-sysctl.html (tcp_tw_reuse)"
    rules   = ["TW305"]
  }
  recommend "net.ipv4.ip_local_port_range" {
    exactly = "10240 65535"
    reason  = "more ephemeral ports per destination"
    source  = "https://docs.kernel.org/networking/ip-sysctl.html (ip_local_port_range)"
    rules   = ["TW305"]
  }
}

profile "database" {
  description        = "Long-lived connections from a known set of application servers."
  closes             = "client"
  inbound_rate       = 100
  clients_behind_nat = false
  service_ports      = [3306, 5432, 6379, 27017]

  recommend "net.ipv4.tcp_keepalive_time" {
    at_most = 600
    reason  = "detect dead peers before firewalls and NAT drop idle connections (the default waits 7200 s)"
    source  = "https://docs.kernel.org/networking/ip-sysctl.html (tcp_keepalive_time); https://www.postgresql.org/docs/current/runtime-config-connection.html (tcp_keepalives_idle: 0 uses the system default)"
  }
}

profile "nat-gateway" {
  description        = "Forwards and translates traffic for many hosts behind it."
  closes             = "both"
  inbound_rate       = 5000
  clients_behind_nat = true

  recommend "net.ipv4.ip_forward" {
    exactly = 1
    reason  = "a gateway forwards packets"
    source  = "https://docs.kernel.org/networking/ip-sysctl.html (ip_forward)"
  }
}

profile "kubernetes-node" {
  description        = "Runs pods in their own network namespaces behind kube-proxy/NAT."
  closes             = "both"
  inbound_rate       = 1000
  outbound_rate      = 100
  clients_behind_nat = true
  containers         = true
  service_ports      = [10250]

  recommend "net.ipv4.ip_forward" {
    exactly = 1
    reason  = "pod traffic is forwarded by the node"
    source  = "https://kubernetes.io/docs/setup/production-environment/container-runtimes/#prerequisite-ipv4-forwarding-optional"
  }
  recommend "net.bridge.bridge-nf-call-iptables" {
    exactly = 1
    reason  = "kube-proxy's iptables rules must see bridged pod traffic (needs br_netfilter)"
    source  = "https://kubernetes.io/docs/reference/networking/virtual-ips/ (iptables mode); https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go (sysctl bridge-nf-call-iptables check)"
  }
  recommend "vm.overcommit_memory" {
    exactly = 1
    reason  = "kubelet --protect-kernel-defaults (CIS Kubernetes 4.2.6) refuses to start unless vm.overcommit_memory = 1"
    source  = "https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/cm/container_manager_linux.go (setupKernelTunables); https://github.com/kubernetes/component-helpers/blob/master/node/util/sysctl/sysctl.go (VMOvercommitMemoryAlways = 1)"
  }
  recommend "vm.panic_on_oom" {
    exactly = 0
    reason  = "kubelet --protect-kernel-defaults requires it: an OOM kills a container, not the node"
    source  = "https://github.com/kubernetes/component-helpers/blob/master/node/util/sysctl/sysctl.go (VMPanicOnOOMInvokeOOMKiller = 0)"
  }
  recommend "kernel.panic" {
    exactly = 10
    reason  = "kubelet --protect-kernel-defaults requires it: reboot 10 s after a panic"
    source  = "https://github.com/kubernetes/component-helpers/blob/master/node/util/sysctl/sysctl.go (KernelPanicRebootTimeout = 10)"
  }
  recommend "kernel.panic_on_oops" {
    exactly = 1
    reason  = "kubelet --protect-kernel-defaults requires it: an oops panics (and so reboots) the node"
    source  = "https://github.com/kubernetes/component-helpers/blob/master/node/util/sysctl/sysctl.go (KernelPanicOnOopsAlways = 1)"
  }
  recommend "kernel.keys.root_maxkeys" {
    exactly = 1000000
    reason  = "kubelet --protect-kernel-defaults requires it: the container runtime creates a key per container"
    source  = "https://github.com/kubernetes/component-helpers/blob/master/node/util/sysctl/sysctl.go (RootMaxKeysSetting = 1000000)"
  }
  recommend "kernel.keys.root_maxbytes" {
    exactly = 25000000
    reason  = "kubelet --protect-kernel-defaults requires it: 25 bytes per key of root_maxkeys"
    source  = "https://github.com/kubernetes/component-helpers/blob/master/node/util/sysctl/sysctl.go (RootMaxBytesSetting = RootMaxKeysSetting * 25)"
  }
  recommend "fs.inotify.max_user_watches" {
    at_least = 524288
    reason   = "every pod's log tailing and config watches share root's inotify watches; too few gives \"too many open files\""
    source   = "https://kind.sigs.k8s.io/docs/user/known-issues/#pod-errors-due-to-too-many-open-files"
  }
  recommend "fs.inotify.max_user_instances" {
    at_least = 512
    reason   = "kubelet, the runtime and pods each open inotify instances; the default 128 runs out"
    source   = "https://kind.sigs.k8s.io/docs/user/known-issues/#pod-errors-due-to-too-many-open-files"
  }
  recommend "net.netfilter.nf_conntrack_max" {
    at_least = 131072
    reason   = "service NAT tracks every connection; kube-proxy's floor is --conntrack-min 131072 (32768 per core above it)"
    source   = "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/ (--conntrack-min, --conntrack-max-per-core)"
  }
}

profile "elasticsearch" {
  description        = "Elasticsearch or OpenSearch node: memory-mapped indices, cluster transport between nodes."
  closes             = "both"
  inbound_rate       = 200
  clients_behind_nat = false
  service_ports      = [9200, 9300]

  recommend "vm.max_map_count" {
    at_least = 262144
    reason   = "the bootstrap check refuses to start a production node below 262144 memory map areas (mmapfs indices); OpenSearch asks the same"
    source   = "https://www.elastic.co/guide/en/elasticsearch/reference/current/_maximum_map_count_check.html; https://opensearch.org/docs/latest/install-and-configure/install-opensearch/index/#important-settings"
  }
  recommend "net.ipv4.tcp_retries2" {
    at_most = 5
    reason  = "detect a dead node in about 6 s instead of 15 minutes, so the cluster fails over; the documentation asks for 5"
    source  = "https://www.elastic.co/guide/en/elasticsearch/reference/current/system-config-tcpretries.html"
  }
  relax {
    rule   = "TW422"
    reason = "Elasticsearch asks for tcp_retries2 = 5 so that a dead node is noticed in seconds, below RFC 1122's 100 s"
    source = "https://www.elastic.co/guide/en/elasticsearch/reference/current/system-config-tcpretries.html"
  }
  recommend "vm.swappiness" {
    at_most = 1
    reason  = "swapping the JVM heap stalls garbage collection and drops nodes from the cluster"
    source  = "https://www.elastic.co/guide/en/elasticsearch/reference/current/setup-configuration-memory.html (Minimize swappiness)"
  }
}

profile "redis" {
  description        = "Redis server: fork()-based persistence, a listen backlog of 511."
  closes             = "both"
  inbound_rate       = 500
  clients_behind_nat = false
  service_ports      = [6379, 16379]

  recommend "vm.overcommit_memory" {
    exactly = 1
    reason  = "BGSAVE and replication fork() the whole dataset; with heuristic overcommit the fork can fail, and Redis warns at start-up"
    source  = "https://redis.io/docs/latest/operate/oss_and_stack/management/admin/ (overcommit_memory = 1); https://github.com/redis/redis/blob/unstable/src/syscheck.c (checkOvercommit)"
  }
  recommend "net.core.somaxconn" {
    at_least = 511
    reason   = "redis.conf's tcp-backlog 511 is truncated to somaxconn, and Redis warns at start-up when it is lower (128 before Linux 5.4)"
    source   = "https://github.com/redis/redis/blob/unstable/redis.conf (tcp-backlog); https://github.com/redis/redis/blob/unstable/src/server.c (checkTcpBacklogSettings)"
  }
}

profile "postgresql" {
  description        = "PostgreSQL server: shared memory, many backend processes, the OOM killer as the main risk."
  closes             = "client"
  inbound_rate       = 100
  clients_behind_nat = false
  service_ports      = [5432]

  recommend "vm.overcommit_memory" {
    exactly = 2
    reason  = "strict overcommit keeps the OOM killer away from the postmaster; adjust vm.overcommit_ratio to the host's RAM and swap as the chapter explains"
    source  = "https://www.postgresql.org/docs/current/kernel-resources.html#LINUX-MEMORY-OVERCOMMIT"
  }
  relax {
    rule   = "TW432"
    reason = "PostgreSQL asks for strict overcommit and leaves vm.overcommit_ratio to be sized from the host's RAM and swap, which the profile cannot know"
    source = "https://www.postgresql.org/docs/current/kernel-resources.html#LINUX-MEMORY-OVERCOMMIT"
  }
}

# hardened: the sysctls of the KSPP recommended settings and of the CIS
# benchmarks for Debian, Ubuntu and RHEL that hold for any server. Role-
# dependent or irreversible ones are left out (docs/profiles.md lists every
# kernel-hardening-checker and CIS sysctl as included or excluded, with the
# reason). Redirect and reverse-path values yield to a role profile's.
profile "hardened" {
  description        = "Kernel and network hardening for any server (KSPP, CIS); compose it with a role: --profile web-server,hardened."
  closes             = "both"
  clients_behind_nat = true

  recommend "kernel.kptr_restrict" {
    at_least = 2
    reason   = "hide kernel addresses in /proc (kallsyms, modules) from every user; they defeat KASLR"
    source   = "https://kspp.github.io/Recommended_Settings#sysctls; https://github.com/a13xp0p0v/kernel-hardening-checker (kernel.kptr_restrict = 2)"
  }
  recommend "kernel.dmesg_restrict" {
    at_least = 1
    reason   = "only CAP_SYSLOG reads the kernel log, which leaks addresses"
    source   = "https://kspp.github.io/Recommended_Settings#sysctls; https://docs.kernel.org/admin-guide/sysctl/kernel.html#dmesg-restrict"
  }
  recommend "kernel.perf_event_paranoid" {
    at_least = 3
    reason   = "no perf events for unprivileged users (3 needs the Debian/Ubuntu/Android patch; mainline treats it as 2)"
    source   = "https://kspp.github.io/Recommended_Settings#sysctls; https://lwn.net/Articles/696216/"
  }
  recommend "kernel.kexec_load_disabled" {
    at_least = 1
    kernel   = ">= 3.14"
    reason   = "no kexec of an unsigned kernel by root; a one-way switch until reboot (kdump must be loaded before it)"
    source   = "https://kspp.github.io/Recommended_Settings#sysctls; https://docs.kernel.org/admin-guide/sysctl/kernel.html#kexec-load-disabled (added in 3.14)"
  }
  recommend "kernel.unprivileged_bpf_disabled" {
    at_least = 1
    kernel   = ">= 4.4"
    reason   = "no bpf() for unprivileged users, a frequent exploit path (1 cannot be undone until reboot; 2, from 5.13, can)"
    source   = "https://kspp.github.io/Recommended_Settings#sysctls; https://docs.kernel.org/admin-guide/sysctl/kernel.html#unprivileged-bpf-disabled (added in 4.4)"
  }
  recommend "net.core.bpf_jit_harden" {
    exactly = 2
    kernel  = ">= 4.6"
    reason  = "blind constants in JIT-compiled BPF for every user (JIT spraying)"
    source  = "https://kspp.github.io/Recommended_Settings#sysctls; https://docs.kernel.org/admin-guide/sysctl/net.html#bpf-jit-harden (added in 4.6)"
  }
  recommend "dev.tty.ldisc_autoload" {
    exactly = 0
    kernel  = ">= 5.1"
    reason  = "unprivileged users cannot load TTY line-discipline modules (old, buggy code)"
    source  = "https://kspp.github.io/Recommended_Settings#sysctls; kernel commit 7c0cca7c847e (tty: ldisc: add sysctl to prevent autoloading of ldiscs, 5.1)"
  }
  recommend "vm.unprivileged_userfaultfd" {
    exactly = 0
    kernel  = ">= 5.2"
    reason  = "unprivileged userfaultfd lets exploits stall the kernel at a chosen page fault"
    source  = "https://kspp.github.io/Recommended_Settings#sysctls; https://docs.kernel.org/admin-guide/sysctl/vm.html#unprivileged-userfaultfd (added in 5.2)"
  }
  recommend "dev.tty.legacy_tiocsti" {
    exactly = 0
    kernel  = ">= 6.2"
    reason  = "no TIOCSTI keystroke injection into another process's terminal"
    source  = "https://kspp.github.io/Recommended_Settings#sysctls; kernel commit 83efeeeb3d04 (tty: Allow TIOCSTI to be disabled, 6.2)"
  }
  recommend "kernel.sysrq" {
    exactly = 0
    reason  = "no magic SysRq from the console keyboard (root can still write /proc/sysrq-trigger)"
    source  = "https://github.com/a13xp0p0v/kernel-hardening-checker (kernel.sysrq = 0); https://docs.kernel.org/admin-guide/sysrq.html"
  }
  recommend "fs.protected_symlinks" {
    exactly = 1
    reason  = "no following of other users' symlinks in sticky world-writable directories (/tmp races)"
    source  = "https://kspp.github.io/Recommended_Settings#sysctls; https://docs.kernel.org/admin-guide/sysctl/fs.html#protected-symlinks"
  }
  recommend "fs.protected_hardlinks" {
    exactly = 1
    reason  = "no hard links to files the user cannot write"
    source  = "https://kspp.github.io/Recommended_Settings#sysctls; https://docs.kernel.org/admin-guide/sysctl/fs.html#protected-hardlinks"
  }
  recommend "fs.protected_fifos" {
    exactly = 2
    kernel  = ">= 4.19"
    reason  = "no O_CREAT opens of other users' FIFOs in sticky directories (spoofing)"
    source  = "https://kspp.github.io/Recommended_Settings#sysctls; https://docs.kernel.org/admin-guide/sysctl/fs.html#protected-fifos (added in 4.19)"
  }
  recommend "fs.protected_regular" {
    exactly = 2
    kernel  = ">= 4.19"
    reason  = "no O_CREAT opens of other users' regular files in sticky directories"
    source  = "https://kspp.github.io/Recommended_Settings#sysctls; https://docs.kernel.org/admin-guide/sysctl/fs.html#protected-regular (added in 4.19)"
  }
  recommend "fs.suid_dumpable" {
    exactly = 0
    reason  = "processes that changed privileges leave no core dumps (CIS: restrict core dumps)"
    source  = "https://kspp.github.io/Recommended_Settings#sysctls; CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure core dumps are restricted\""
  }
  recommend "kernel.randomize_va_space" {
    exactly = 2
    reason  = "full address-space layout randomisation (stack, mmap, heap)"
    source  = "https://kspp.github.io/Recommended_Settings#sysctls; CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure address space layout randomization is enabled\""
  }
  recommend "kernel.yama.ptrace_scope" {
    at_least = 1
    reason   = "ptrace only of descendants, so one compromised process cannot read another's memory (3, no ptrace at all, is left to the admin)"
    source   = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure ptrace_scope is restricted\"; https://docs.kernel.org/admin-guide/LSM/Yama.html"
  }
  recommend "net.ipv4.conf.all.accept_redirects" {
    exactly = 0
    reason  = "ICMP redirects let an on-link attacker reroute traffic"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure ICMP redirects are not accepted\"; https://docs.kernel.org/networking/ip-sysctl.html (accept_redirects)"
  }
  recommend "net.ipv4.conf.default.accept_redirects" {
    exactly = 0
    reason  = "the same for interfaces created later"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure ICMP redirects are not accepted\""
  }
  recommend "net.ipv6.conf.all.accept_redirects" {
    exactly = 0
    reason  = "ICMPv6 redirects let an on-link attacker reroute traffic"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure ICMP redirects are not accepted\""
  }
  recommend "net.ipv6.conf.default.accept_redirects" {
    exactly = 0
    reason  = "the same for interfaces created later"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure ICMP redirects are not accepted\""
  }
  recommend "net.ipv4.conf.all.secure_redirects" {
    exactly = 0
    reason  = "not even redirects from listed gateways"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure secure ICMP redirects are not accepted\""
  }
  recommend "net.ipv4.conf.default.secure_redirects" {
    exactly = 0
    reason  = "the same for interfaces created later"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure secure ICMP redirects are not accepted\""
  }
  recommend "net.ipv4.conf.all.send_redirects" {
    exactly = 0
    yields  = true
    reason  = "a host that is not a router sends no redirects (a router profile's value wins)"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure packet redirect sending is disabled\""
  }
  recommend "net.ipv4.conf.default.send_redirects" {
    exactly = 0
    yields  = true
    reason  = "the same for interfaces created later"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure packet redirect sending is disabled\""
  }
  recommend "net.ipv4.conf.all.accept_source_route" {
    exactly = 0
    reason  = "source-routed packets choose their own path through the host"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure source routed packets are not accepted\""
  }
  recommend "net.ipv4.conf.default.accept_source_route" {
    exactly = 0
    reason  = "the same for interfaces created later (the kernel default is 1 here)"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure source routed packets are not accepted\""
  }
  recommend "net.ipv6.conf.all.accept_source_route" {
    exactly = 0
    reason  = "source-routed IPv6 packets choose their own path"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure source routed packets are not accepted\""
  }
  recommend "net.ipv6.conf.default.accept_source_route" {
    exactly = 0
    reason  = "the same for interfaces created later"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure source routed packets are not accepted\""
  }
  recommend "net.ipv4.conf.all.log_martians" {
    exactly = 1
    reason  = "log packets with impossible source addresses (spoofing)"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure suspicious packets are logged\""
  }
  recommend "net.ipv4.conf.default.log_martians" {
    exactly = 1
    reason  = "the same for interfaces created later"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure suspicious packets are logged\""
  }
  recommend "net.ipv4.conf.all.rp_filter" {
    exactly = 1
    yields  = true
    reason  = "strict reverse-path filtering drops spoofed sources (a router with asymmetric routes needs its own value, which wins)"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure reverse path filtering is enabled\"; https://docs.kernel.org/networking/ip-sysctl.html (rp_filter)"
  }
  recommend "net.ipv4.conf.default.rp_filter" {
    exactly = 1
    yields  = true
    reason  = "the same for interfaces created later"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure reverse path filtering is enabled\""
  }
  recommend "net.ipv4.icmp_echo_ignore_broadcasts" {
    exactly = 1
    reason  = "no answers to broadcast pings (smurf amplification)"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure broadcast ICMP requests are ignored\""
  }
  recommend "net.ipv4.icmp_ignore_bogus_error_responses" {
    exactly = 1
    reason  = "no log flooding by bogus ICMP error responses"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure bogus ICMP responses are ignored\""
  }
  recommend "net.ipv4.tcp_syncookies" {
    exactly = 1
    reason  = "SYN cookies when a listen queue overflows (SYN floods)"
    source  = "CIS Debian/Ubuntu/RHEL benchmarks, \"Ensure TCP SYN Cookies is enabled\"; https://docs.kernel.org/networking/ip-sysctl.html (tcp_syncookies)"
  }
}
