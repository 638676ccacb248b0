# Release edges of the kernel knowledge base: the cases cases_test.go runs
# with the rule tests' own knowledge base (catalog = "test": testdata/kb,
# built with catalog.Build from small tables) and, for catalog = "both",
# also with the built-in one once it holds the kernel trees' tables.
# "test" marks cases whose edge depends on which trees were read (a key
# added inside a range no tree was read from) or on facts the test tables
# simplify.

# TW102 unknown key: only keys no release has ------------------------
case "TW102-no-release-has-it" {
  rule     = "TW102"
  kind     = "positive"
  expect   = true
  kernel   = "5.15"
  catalog  = "both"
  config   = "net.ipv4.tcp_not_a_knob = 1\n"
  severity = "warning"
  message  = "is not a key of any kernel twadvise has read"
}
case "TW102-typo-did-you-mean" {
  rule     = "TW102"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuze = 1\n"
  severity = "warning"
  message  = "did you mean net.ipv4.tcp_tw_reuse?"
}
case "TW102-module-prefix-is-info" {
  rule     = "TW102"
  kind     = "positive"
  expect   = true
  kernel   = "5.15"
  catalog  = "both"
  config   = "net.netfilter.nf_conntrack_not_a_knob = 1\n"
  severity = "info"
  message  = "nf_conntrack module"
}
case "TW102-vendor-kernel-is-info" {
  rule     = "TW102"
  kind     = "positive"
  expect   = true
  kernel   = "3.10.0-1160.el7.x86_64"
  catalog  = "both"
  config   = "kernel.exec-shield = 1\n"
  severity = "info"
  message  = "vendor kernel (el7)"
}
case "TW102-removed-key-is-TW103" {
  rule    = "TW102"
  kind    = "negative"
  expect  = false
  kernel  = "4.9"
  catalog = "both"
  config  = "net.ipv4.tcp_max_ssthresh = 0\n"
}
case "TW102-old-key-on-old-kernel" {
  rule    = "TW102"
  kind    = "negative"
  expect  = false
  kernel  = "3.10"
  catalog = "both"
  config  = "net.ipv4.tcp_dma_copybreak = 4096\n"
}
case "TW102-ipv6-iface-key" {
  rule    = "TW102"
  kind    = "negative"
  expect  = false
  kernel  = "4.9"
  catalog = "both"
  config  = "net.ipv6.conf.eth0.disable_ipv6 = 1\n"
}

# TW103 removed or moved before the target ---------------------------
case "TW103-max-ssthresh-on-3.10" {
  rule    = "TW103"
  kind    = "boundary"
  expect  = false
  kernel  = "3.10"
  catalog = "both"
  config  = "net.ipv4.tcp_max_ssthresh = 0\n"
}
case "TW103-max-ssthresh-on-4.9" {
  rule     = "TW103"
  kind     = "positive"
  expect   = true
  kernel   = "4.9"
  catalog  = "both"
  config   = "net.ipv4.tcp_max_ssthresh = 0\n"
  severity = "warning"
  message  = "no longer exists on 4.9"
}
case "TW103-max-ssthresh-in-gap" {
  rule     = "TW103"
  kind     = "boundary"
  expect   = true
  kernel   = "3.12"
  catalog  = "test"
  config   = "net.ipv4.tcp_max_ssthresh = 0\n"
  severity = "info"
  message  = "3.11–3.13, a range of releases no tree was read from"
}
# NET_DMA, and tcp_dma_copybreak with it, left in 3.18 (commit 7bced397510a
# "net_dma: simple removal"): present @3.17.0, absent @3.18.63.
case "TW103-dma-copybreak-on-3.17" {
  rule    = "TW103"
  kind    = "boundary"
  expect  = false
  kernel  = "3.17"
  catalog = "both"
  config  = "net.ipv4.tcp_dma_copybreak = 4096\n"
}
case "TW103-dma-copybreak-on-4.9" {
  rule     = "TW103"
  kind     = "positive"
  expect   = true
  kernel   = "4.9"
  catalog  = "both"
  config   = "net.ipv4.tcp_dma_copybreak = 4096\n"
  severity = "warning"
  message  = "no longer exists on 4.9"
}
case "TW103-sched-latency-on-5.12" {
  rule    = "TW103"
  kind    = "boundary"
  expect  = false
  kernel  = "5.12"
  catalog = "both"
  config  = "kernel.sched_latency_ns = 24000000\n"
}
case "TW103-sched-latency-on-5.13" {
  rule     = "TW103"
  kind     = "boundary"
  expect   = true
  kernel   = "5.13"
  catalog  = "both"
  config   = "kernel.sched_latency_ns = 24000000\n"
  severity = "warning"
  message  = "left sysctl in 5.13"
}
case "TW103-sched-latency-on-5.14" {
  rule     = "TW103"
  kind     = "positive"
  expect   = true
  kernel   = "5.14"
  catalog  = "both"
  config   = "kernel.sched_latency_ns = 24000000\n"
  severity = "warning"
  message  = "debugfs"
}
case "TW103-sched-min-granularity-on-5.10" {
  rule    = "TW103"
  kind    = "boundary"
  expect  = false
  kernel  = "5.10"
  catalog = "both"
  config  = "kernel.sched_min_granularity_ns = 10000000\n"
}
case "TW103-sched-min-granularity-on-5.15" {
  rule     = "TW103"
  kind     = "positive"
  expect   = true
  kernel   = "5.15"
  catalog  = "both"
  config   = "kernel.sched_min_granularity_ns = 10000000\n"
  severity = "warning"
  message  = "no longer exists on 5.15"
}
case "TW103-sched-migration-cost-on-6.1" {
  rule     = "TW103"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "both"
  config   = "kernel.sched_migration_cost_ns = 5000000\n"
  severity = "warning"
  message  = "left sysctl in 5.13"
}
case "TW103-numa-scan-delay-on-5.12" {
  rule    = "TW103"
  kind    = "boundary"
  expect  = false
  kernel  = "5.12"
  catalog = "both"
  config  = "kernel.numa_balancing_scan_delay_ms = 1000\n"
}
case "TW103-numa-scan-delay-on-6.1" {
  rule     = "TW103"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "both"
  config   = "kernel.numa_balancing_scan_delay_ms = 1000\n"
  severity = "warning"
  message  = "numa_balancing"
}
case "TW103-numa-scan-size-on-5.14" {
  rule     = "TW103"
  kind     = "positive"
  expect   = true
  kernel   = "5.14"
  catalog  = "both"
  config   = "kernel.numa_balancing_scan_size_mb = 256\n"
  severity = "warning"
  message  = "debugfs"
}
case "TW103-block-dump-on-5.12" {
  rule    = "TW103"
  kind    = "boundary"
  expect  = false
  kernel  = "5.12"
  catalog = "both"
  config  = "vm.block_dump = 1\n"
}
case "TW103-block-dump-on-5.14" {
  rule     = "TW103"
  kind     = "positive"
  expect   = true
  kernel   = "5.14"
  catalog  = "both"
  config   = "vm.block_dump = 1\n"
  severity = "warning"
  message  = "no longer exists on 5.14"
}
case "TW103-block-dump-in-gap" {
  rule     = "TW103"
  kind     = "boundary"
  expect   = true
  kernel   = "5.13"
  catalog  = "test"
  config   = "vm.block_dump = 1\n"
  severity = "info"
  message  = "may or may not still have it"
}
case "TW103-nr-pdflush-on-4.13" {
  rule    = "TW103"
  kind    = "boundary"
  expect  = false
  kernel  = "4.13"
  catalog = "both"
  config  = "vm.nr_pdflush_threads = 2\n"
}
case "TW103-nr-pdflush-on-4.19" {
  rule     = "TW103"
  kind     = "positive"
  expect   = true
  kernel   = "4.19"
  catalog  = "both"
  config   = "vm.nr_pdflush_threads = 2\n"
  severity = "warning"
  message  = "no longer exists on 4.19"
}
case "TW103-newer-than-every-tree" {
  rule     = "TW103"
  kind     = "positive"
  expect   = true
  kernel   = "7.2"
  catalog  = "both"
  config   = "kernel.sched_latency_ns = 24000000\n"
  severity = "warning"
  message  = "newer than every kernel tree read"
}
case "TW103-known-key-on-old-kernel" {
  rule    = "TW103"
  kind    = "negative"
  expect  = false
  kernel  = "2.6.32"
  catalog = "both"
  config  = "net.ipv4.tcp_max_ssthresh = 0\n"
}

# TW104 added after the target ---------------------------------------
case "TW104-reuse-delay-on-6.13" {
  rule     = "TW104"
  kind     = "boundary"
  expect   = true
  kernel   = "6.13"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuse_delay = 1000\n"
  severity = "warning"
  message  = "added in 6.14"
}
case "TW104-reuse-delay-on-6.14" {
  rule    = "TW104"
  kind    = "boundary"
  expect  = false
  kernel  = "6.14"
  catalog = "both"
  config  = "net.ipv4.tcp_tw_reuse_delay = 1000\n"
}
case "TW104-unprivileged-port-start-on-4.10" {
  rule     = "TW104"
  kind     = "boundary"
  expect   = true
  kernel   = "4.10"
  catalog  = "both"
  config   = "net.ipv4.ip_unprivileged_port_start = 1024\n"
  severity = "warning"
  message  = "added in 4.11"
}
case "TW104-unprivileged-port-start-on-4.11" {
  rule    = "TW104"
  kind    = "boundary"
  expect  = false
  kernel  = "4.11"
  catalog = "both"
  config  = "net.ipv4.ip_unprivileged_port_start = 1024\n"
}
case "TW104-child-ehash-on-5.4" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "5.4"
  catalog  = "both"
  config   = "net.ipv4.tcp_child_ehash_entries = 1024\n"
  severity = "warning"
  message  = "does not exist on 5.4"
}
case "TW104-child-ehash-on-6.1" {
  rule    = "TW104"
  kind    = "boundary"
  expect  = false
  kernel  = "6.1"
  catalog = "both"
  config  = "net.ipv4.tcp_child_ehash_entries = 1024\n"
}
case "TW104-rto-min-us-on-5.10" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "5.10"
  catalog  = "both"
  config   = "net.ipv4.tcp_rto_min_us = 50000\n"
  severity = "warning"
  message  = "does not exist on 5.10"
}
case "TW104-rto-min-us-in-gap" {
  rule     = "TW104"
  kind     = "boundary"
  expect   = true
  kernel   = "6.10"
  catalog  = "test"
  config   = "net.ipv4.tcp_rto_min_us = 50000\n"
  severity = "info"
  message  = "may or may not have it"
}
case "TW104-rto-min-us-on-6.14" {
  rule    = "TW104"
  kind    = "negative"
  expect  = false
  kernel  = "6.14"
  catalog = "both"
  config  = "net.ipv4.tcp_rto_min_us = 50000\n"
}
case "TW104-rto-max-ms-on-6.14" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "6.14"
  catalog  = "test"
  config   = "net.ipv4.tcp_rto_max_ms = 120000\n"
  severity = "warning"
  message  = "added in 6.15–6.18"
}
case "TW104-rto-max-ms-in-gap" {
  rule     = "TW104"
  kind     = "boundary"
  expect   = true
  kernel   = "6.16"
  catalog  = "test"
  config   = "net.ipv4.tcp_rto_max_ms = 120000\n"
  severity = "info"
  message  = "6.15–6.18"
}
case "TW104-rto-max-ms-on-6.18" {
  rule    = "TW104"
  kind    = "boundary"
  expect  = false
  kernel  = "6.18"
  catalog = "test"
  config  = "net.ipv4.tcp_rto_max_ms = 120000\n"
}
case "TW104-default-qdisc-on-3.10" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "3.10"
  catalog  = "both"
  config   = "net.core.default_qdisc = fq\n"
  severity = "warning"
  message  = "does not exist on 3.10"
}
case "TW104-default-qdisc-on-3.14" {
  rule    = "TW104"
  kind    = "negative"
  expect  = false
  kernel  = "3.14"
  catalog = "both"
  config  = "net.core.default_qdisc = fq\n"
}
case "TW104-budget-usecs-on-4.11" {
  rule     = "TW104"
  kind     = "boundary"
  expect   = true
  kernel   = "4.11"
  catalog  = "both"
  config   = "net.core.netdev_budget_usecs = 4000\n"
  severity = "warning"
  message  = "added in 4.12"
}
case "TW104-budget-usecs-on-4.12" {
  rule    = "TW104"
  kind    = "boundary"
  expect  = false
  kernel  = "4.12"
  catalog = "both"
  config  = "net.core.netdev_budget_usecs = 4000\n"
}
case "TW104-seg6-on-4.9" {
  rule     = "TW104"
  kind     = "boundary"
  expect   = true
  kernel   = "4.9"
  catalog  = "both"
  config   = "net.ipv6.conf.eth0.seg6_enabled = 1\n"
  severity = "warning"
  message  = "added in 4.10"
}
case "TW104-seg6-on-4.10" {
  rule    = "TW104"
  kind    = "boundary"
  expect  = false
  kernel  = "4.10"
  catalog = "both"
  config  = "net.ipv6.conf.eth0.seg6_enabled = 1\n"
}
case "TW104-ioam6-on-5.14" {
  rule     = "TW104"
  kind     = "boundary"
  expect   = true
  kernel   = "5.14"
  catalog  = "both"
  config   = "net.ipv6.conf.all.ioam6_enabled = 1\n"
  severity = "warning"
  message  = "does not exist on 5.14"
}
case "TW104-ioam6-on-5.15" {
  rule    = "TW104"
  kind    = "boundary"
  expect  = false
  kernel  = "5.15"
  catalog = "test"
  config  = "net.ipv6.conf.all.ioam6_enabled = 1\n"
}
case "TW104-accept-ra-min-lft-on-6.1" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "both"
  config   = "net.ipv6.conf.default.accept_ra_min_lft = 600\n"
  severity = "warning"
  message  = "does not exist on 6.1"
}
case "TW104-accept-ra-min-lft-on-6.6" {
  rule    = "TW104"
  kind    = "negative"
  expect  = false
  kernel  = "6.6"
  catalog = "test"
  config  = "net.ipv6.conf.default.accept_ra_min_lft = 600\n"
}
case "TW104-bpf-disabled-on-3.18" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "3.18"
  catalog  = "both"
  config   = "kernel.unprivileged_bpf_disabled = 1\n"
  severity = "warning"
  message  = "does not exist on 3.18"
}
case "TW104-bpf-disabled-in-gap" {
  rule     = "TW104"
  kind     = "boundary"
  expect   = true
  kernel   = "4.4"
  catalog  = "test"
  config   = "kernel.unprivileged_bpf_disabled = 1\n"
  severity = "info"
  message  = "may or may not have it"
}
case "TW104-bpf-disabled-on-4.9" {
  rule    = "TW104"
  kind    = "negative"
  expect  = false
  kernel  = "4.9"
  catalog = "both"
  config  = "kernel.unprivileged_bpf_disabled = 1\n"
}
case "TW104-io-uring-disabled-on-6.1" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "both"
  config   = "kernel.io_uring_disabled = 2\n"
  severity = "warning"
  message  = "does not exist on 6.1"
}
case "TW104-io-uring-disabled-on-6.6" {
  rule    = "TW104"
  kind    = "negative"
  expect  = false
  kernel  = "6.6"
  catalog = "test"
  config  = "kernel.io_uring_disabled = 2\n"
}
case "TW104-userfaultfd-on-4.19" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "4.19"
  catalog  = "both"
  config   = "vm.unprivileged_userfaultfd = 0\n"
  severity = "warning"
  message  = "does not exist on 4.19"
}
case "TW104-userfaultfd-on-5.4" {
  rule    = "TW104"
  kind    = "negative"
  expect  = false
  kernel  = "5.4"
  catalog = "both"
  config  = "vm.unprivileged_userfaultfd = 0\n"
}
case "TW104-compaction-proactiveness-on-5.4" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "5.4"
  catalog  = "both"
  config   = "vm.compaction_proactiveness = 0\n"
  severity = "warning"
  message  = "does not exist on 5.4"
}
case "TW104-compaction-proactiveness-on-5.10" {
  rule    = "TW104"
  kind    = "negative"
  expect  = false
  kernel  = "5.10"
  catalog = "test"
  config  = "vm.compaction_proactiveness = 0\n"
}
case "TW104-vendor-backport-is-info" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "4.18.0-553.el8_10.x86_64"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuse_delay = 1000\n"
  severity = "info"
  message  = "vendor kernel (el8), which may have backported it"
}
case "TW104-older-than-every-tree" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "2.6.32"
  catalog  = "both"
  config   = "net.ipv4.ip_unprivileged_port_start = 1024\n"
  severity = "warning"
  message  = "older than every kernel tree read"
}
case "TW104-3.4-judged-as-oldest" {
  rule     = "TW104"
  kind     = "positive"
  expect   = true
  kernel   = "3.4"
  catalog  = "both"
  config   = "net.core.default_qdisc = fq\n"
  severity = "warning"
  message  = "older than every kernel tree read"
}
case "TW104-old-kernel-old-key" {
  rule    = "TW104"
  kind    = "negative"
  expect  = false
  kernel  = "2.6.32"
  catalog = "both"
  config  = "net.ipv4.tcp_tw_reuse = 0\n"
}

# TW106 accepted but ignored -----------------------------------------
case "TW106-low-latency-on-4.13" {
  rule    = "TW106"
  kind    = "boundary"
  expect  = false
  kernel  = "4.13"
  catalog = "both"
  config  = "net.ipv4.tcp_low_latency = 1\n"
}
case "TW106-low-latency-on-4.14" {
  rule     = "TW106"
  kind     = "boundary"
  expect   = true
  kernel   = "4.14"
  catalog  = "both"
  config   = "net.ipv4.tcp_low_latency = 1\n"
  severity = "info"
  message  = "stopped working in 4.14"
}
case "TW106-low-latency-on-6.1" {
  rule     = "TW106"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "both"
  config   = "net.ipv4.tcp_low_latency = 1\n"
  severity = "info"
  message  = "prequeue"
}
case "TW106-fack-on-4.14" {
  rule    = "TW106"
  kind    = "boundary"
  expect  = false
  kernel  = "4.14"
  catalog = "both"
  config  = "net.ipv4.tcp_fack = 1\n"
}
case "TW106-fack-on-4.15" {
  rule     = "TW106"
  kind     = "boundary"
  expect   = true
  kernel   = "4.15"
  catalog  = "both"
  config   = "net.ipv4.tcp_fack = 1\n"
  severity = "info"
  message  = "stopped working in 4.15"
}
case "TW106-adv-win-scale-on-6.1" {
  rule    = "TW106"
  kind    = "boundary"
  expect  = false
  kernel  = "6.1"
  catalog = "both"
  config  = "net.ipv4.tcp_adv_win_scale = 2\n"
}
case "TW106-adv-win-scale-on-6.6" {
  rule     = "TW106"
  kind     = "boundary"
  expect   = true
  kernel   = "6.6"
  catalog  = "both"
  config   = "net.ipv4.tcp_adv_win_scale = 2\n"
  severity = "info"
  message  = "stopped working in 6.6"
}
case "TW106-ipfrag-secret-on-3.14" {
  rule    = "TW106"
  kind    = "boundary"
  expect  = false
  kernel  = "3.14"
  catalog = "both"
  config  = "net.ipv4.ipfrag_secret_interval = 600\n"
}
case "TW106-ipfrag-secret-on-4.9" {
  rule     = "TW106"
  kind     = "positive"
  expect   = true
  kernel   = "4.9"
  catalog  = "test"
  config   = "net.ipv4.ipfrag_secret_interval = 600\n"
  severity = "info"
  message  = "stopped working in 3.15–3.17"
}
case "TW106-ip6frag-secret-on-3.14" {
  rule    = "TW106"
  kind    = "boundary"
  expect  = false
  kernel  = "3.14"
  catalog = "both"
  config  = "net.ipv6.ip6frag_secret_interval = 600\n"
}
case "TW106-ip6frag-secret-on-3.17" {
  rule     = "TW106"
  kind     = "boundary"
  expect   = true
  kernel   = "3.17"
  catalog  = "test"
  config   = "net.ipv6.ip6frag_secret_interval = 600\n"
  severity = "info"
  message  = "3.15–3.17"
}
case "TW106-xfrm6-gc-on-4.13" {
  rule    = "TW106"
  kind    = "boundary"
  expect  = false
  kernel  = "4.13"
  catalog = "both"
  config  = "net.ipv6.xfrm6_gc_thresh = 32768\n"
}
case "TW106-xfrm6-gc-on-4.14" {
  rule     = "TW106"
  kind     = "boundary"
  expect   = true
  kernel   = "4.14"
  catalog  = "both"
  config   = "net.ipv6.xfrm6_gc_thresh = 32768\n"
  severity = "info"
  message  = "stopped working in 4.14"
}
case "TW106-nr-pdflush-on-4.9" {
  rule     = "TW106"
  kind     = "positive"
  expect   = true
  kernel   = "4.9"
  catalog  = "both"
  config   = "vm.nr_pdflush_threads = 2\n"
  severity = "info"
  message  = "read-only"
}
case "TW106-removed-key-is-TW103" {
  rule    = "TW106"
  kind    = "negative"
  expect  = false
  kernel  = "4.19"
  catalog = "both"
  config  = "vm.nr_pdflush_threads = 2\n"
}
case "TW106-kernel-unknown" {
  rule    = "TW106"
  kind    = "negative"
  expect  = false
  catalog = "both"
  config  = "net.ipv4.tcp_low_latency = 1\n"
}

# TW111 bounds of the target release ---------------------------------
case "TW111-timestamps-300-on-4.9" {
  rule    = "TW111"
  kind    = "negative"
  expect  = false
  kernel  = "4.9"
  catalog = "both"
  config  = "net.ipv4.tcp_timestamps = 300\n"
}
case "TW111-timestamps-300-on-5.12" {
  rule    = "TW111"
  kind    = "boundary"
  expect  = false
  kernel  = "5.12"
  catalog = "both"
  config  = "net.ipv4.tcp_timestamps = 300\n"
}
case "TW111-timestamps-300-in-gap" {
  rule     = "TW111"
  kind     = "boundary"
  expect   = true
  kernel   = "5.13"
  catalog  = "test"
  config   = "net.ipv4.tcp_timestamps = 300\n"
  severity = "info"
  message  = "whether 5.13 enforces them is not known"
}
case "TW111-timestamps-300-on-5.14" {
  rule     = "TW111"
  kind     = "boundary"
  expect   = true
  kernel   = "5.14"
  catalog  = "both"
  config   = "net.ipv4.tcp_timestamps = 300\n"
  severity = "error"
  message  = "outside 0..255 on 5.14 (a one-byte value): the kernel rejects it"
}
case "TW111-sack-256-on-6.1" {
  rule     = "TW111"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "both"
  config   = "net.ipv4.tcp_sack = 256\n"
  severity = "error"
  message  = "0..255"
}
case "TW111-syncookies-256-on-5.4" {
  rule    = "TW111"
  kind    = "negative"
  expect  = false
  kernel  = "5.4"
  catalog = "both"
  config  = "net.ipv4.tcp_syncookies = 256\n"
}
case "TW111-keepalive-probes-300-on-5.4" {
  rule    = "TW111"
  kind    = "negative"
  expect  = false
  kernel  = "5.4"
  catalog = "both"
  config  = "net.ipv4.tcp_keepalive_probes = 300\n"
}
case "TW111-keepalive-probes-300-on-6.1" {
  rule     = "TW111"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "both"
  config   = "net.ipv4.tcp_keepalive_probes = 300\n"
  severity = "error"
  message  = "0..255"
}
case "TW111-syn-retries-128-on-4.9" {
  rule     = "TW111"
  kind     = "positive"
  expect   = true
  kernel   = "4.9"
  catalog  = "test"
  config   = "net.ipv4.tcp_syn_retries = 128\n"
  severity = "error"
  message  = "outside 1..127"
}
case "TW111-swappiness-150-on-5.4" {
  rule     = "TW111"
  kind     = "positive"
  expect   = true
  kernel   = "5.4"
  catalog  = "both"
  config   = "vm.swappiness = 150\n"
  severity = "error"
  message  = "outside 0..100 on 5.4"
}
case "TW111-swappiness-150-on-5.7" {
  rule     = "TW111"
  kind     = "boundary"
  expect   = true
  kernel   = "5.7"
  catalog  = "both"
  config   = "vm.swappiness = 150\n"
  severity = "error"
  message  = "0..100"
}
case "TW111-swappiness-150-on-5.8" {
  rule    = "TW111"
  kind    = "boundary"
  expect  = false
  kernel  = "5.8"
  catalog = "both"
  config  = "vm.swappiness = 150\n"
}
case "TW111-swappiness-150-on-5.14" {
  rule    = "TW111"
  kind    = "negative"
  expect  = false
  kernel  = "5.14"
  catalog = "both"
  config  = "vm.swappiness = 150\n"
}
case "TW111-swappiness-201-on-6.1" {
  rule     = "TW111"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "both"
  config   = "vm.swappiness = 201\n"
  severity = "error"
  message  = "0..200"
}
# The trees' pid_max lower bound (RESERVED_PIDS + 1) is left unresolved by
# the extractor, so this case runs on the test knowledge base only.
case "TW111-pid-max-above-limit" {
  rule     = "TW111"
  kind     = "positive"
  expect   = true
  kernel   = "5.15"
  catalog  = "test"
  config   = "kernel.pid_max = 5000000\n"
  severity = "error"
  message  = "4194304"
}
case "TW111-somaxconn-negative" {
  rule     = "TW111"
  kind     = "positive"
  expect   = true
  kernel   = "5.4"
  catalog  = "test"
  config   = "net.core.somaxconn = -1\n"
  severity = "error"
  message  = "outside 0.. on 5.4"
}
case "TW111-file-max-negative-on-5.4" {
  rule     = "TW111"
  kind     = "positive"
  expect   = true
  kernel   = "5.4"
  catalog  = "test"
  config   = "fs.file-max = -1\n"
  severity = "error"
  message  = "proc_doulongvec_minmax"
}
case "TW111-file-max-negative-on-4.19" {
  rule    = "TW111"
  kind    = "negative"
  expect  = false
  kernel  = "4.19"
  catalog = "test"
  config  = "fs.file-max = -1\n"
}
case "TW111-subsystem-handler-warns" {
  rule     = "TW111"
  kind     = "positive"
  expect   = true
  kernel   = "5.4"
  catalog  = "test"
  config   = "net.ipv4.ip_unprivileged_port_start = 70000\n"
  severity = "warning"
  message  = "ipv4_privileged_ports"
}
case "TW111-ioam6-u8-bounds" {
  rule     = "TW111"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "test"
  config   = "net.ipv6.conf.all.ioam6_enabled = 2\n"
  severity = "error"
  message  = "outside 0..1"
}
case "TW111-adv-win-scale-negative-in-range" {
  rule    = "TW111"
  kind    = "negative"
  expect  = false
  kernel  = "4.9"
  catalog = "both"
  config  = "net.ipv4.tcp_adv_win_scale = -2\n"
}

# TW221 tcp_tw_reuse by release --------------------------------------
case "TW221-two-on-4.9" {
  rule     = "TW221"
  kind     = "positive"
  expect   = true
  kernel   = "4.9"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuse = 2\n"
  severity = "warning"
  message  = "enables reuse for ALL outgoing connections"
}
case "TW221-two-on-4.17" {
  rule     = "TW221"
  kind     = "boundary"
  expect   = true
  kernel   = "4.17"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuse = 2\n"
  severity = "warning"
  message  = "2 means loopback only from 4.18"
}
case "TW221-two-on-4.18" {
  rule    = "TW221"
  kind    = "boundary"
  expect  = false
  kernel  = "4.18"
  catalog = "both"
  config  = "net.ipv4.tcp_tw_reuse = 2\n"
}
case "TW221-three-on-4.9-accepted" {
  rule     = "TW221"
  kind     = "positive"
  expect   = true
  kernel   = "4.9"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuse = 3\n"
  severity = "warning"
  message  = "any non-zero value does before 4.18"
}
case "TW221-three-on-4.18-rejected" {
  rule     = "TW221"
  kind     = "positive"
  expect   = true
  kernel   = "4.18"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuse = 3\n"
  severity = "error"
  message  = "rejects it with \"Invalid argument\""
}
case "TW221-three-on-6.1-rejected" {
  rule     = "TW221"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuse = 3\n"
  severity = "error"
  message  = "6.1 rejects it"
}
case "TW221-one-on-4.9" {
  rule    = "TW221"
  kind    = "negative"
  expect  = false
  kernel  = "4.9"
  catalog = "both"
  config  = "net.ipv4.tcp_tw_reuse = 1\n"
}
case "TW221-not-a-number-on-4.9" {
  rule     = "TW221"
  kind     = "positive"
  expect   = true
  kernel   = "4.9"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuse = yes\n"
  severity = "error"
}

# TW225 only where the key exists ------------------------------------
case "TW225-999-on-6.13" {
  rule    = "TW225"
  kind    = "boundary"
  expect  = false
  kernel  = "6.13"
  catalog = "both"
  config  = "net.ipv4.tcp_tw_reuse_delay = 999\n"
}
case "TW225-999-on-6.14" {
  rule     = "TW225"
  kind     = "boundary"
  expect   = true
  kernel   = "6.14"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuse_delay = 999\n"
  severity = "warning"
}

# TW202 peers, not the host's release --------------------------------
case "TW202-3.10-peers-decide" {
  rule     = "TW202"
  kind     = "positive"
  expect   = true
  kernel   = "3.10"
  profile  = "http-client"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_recycle = 1\n"
  severity = "warning"
  message  = "the peers' kernels decide this"
}

# TW417 default of the release ---------------------------------------
case "TW417-4mib-on-6.14" {
  rule     = "TW417"
  kind     = "positive"
  expect   = true
  kernel   = "6.14"
  catalog  = "both"
  config   = "net.core.rmem_max = 4194304\n"
  severity = "info"
}
case "TW417-4mib-on-6.18-is-default" {
  rule    = "TW417"
  kind    = "negative"
  expect  = false
  kernel  = "6.18"
  catalog = "both"
  config  = "net.core.rmem_max = 4194304\n"
}

# TW502 what a child network namespace sees, per release -------------
case "TW502-tw-reuse-global-on-4.9" {
  rule     = "TW502"
  kind     = "boundary"
  expect   = true
  kernel   = "4.9"
  mode     = "system"
  netns    = "child"
  catalog  = "both"
  config   = "net.ipv4.tcp_tw_reuse = 1\n"
  severity = "warning"
  message  = "ENOENT"
}
case "TW502-tw-reuse-per-netns-on-4.10" {
  rule    = "TW502"
  kind    = "boundary"
  expect  = false
  kernel  = "4.10"
  mode    = "system"
  netns   = "child"
  catalog = "both"
  config  = "net.ipv4.tcp_tw_reuse = 1\n"
}
case "TW502-timestamps-global-on-4.12" {
  rule     = "TW502"
  kind     = "boundary"
  expect   = true
  kernel   = "4.12"
  mode     = "system"
  netns    = "child"
  catalog  = "both"
  config   = "net.ipv4.tcp_timestamps = 1\n"
  severity = "warning"
  message  = "ENOENT"
}
case "TW502-timestamps-per-netns-on-4.13" {
  rule    = "TW502"
  kind    = "boundary"
  expect  = false
  kernel  = "4.13"
  mode    = "system"
  netns   = "child"
  catalog = "both"
  config  = "net.ipv4.tcp_timestamps = 1\n"
}
case "TW502-max-orphans-absent" {
  rule     = "TW502"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  mode     = "system"
  netns    = "child"
  catalog  = "both"
  config   = "net.ipv4.tcp_max_orphans = 65536\n"
  severity = "warning"
  message  = "does not exist in this namespace"
}
case "TW502-tcp-mem-absent" {
  rule     = "TW502"
  kind     = "positive"
  expect   = true
  kernel   = "6.14"
  mode     = "system"
  netns    = "child"
  catalog  = "both"
  config   = "net.ipv4.tcp_mem = 1 2 3\n"
  severity = "warning"
  message  = "ENOENT"
}
case "TW502-backlog-absent" {
  rule     = "TW502"
  kind     = "positive"
  expect   = true
  kernel   = "5.15"
  mode     = "system"
  netns    = "child"
  catalog  = "both"
  config   = "net.core.netdev_max_backlog = 5000\n"
  severity = "warning"
  message  = "ENOENT"
}
case "TW502-rmem-max-absent-on-6.1" {
  rule     = "TW502"
  kind     = "positive"
  expect   = true
  kernel   = "6.1"
  mode     = "system"
  netns    = "child"
  catalog  = "both"
  config   = "net.core.rmem_max = 16777216\n"
  severity = "warning"
  message  = "ENOENT"
}
case "TW502-rmem-max-read-only-on-6.14" {
  rule     = "TW502"
  kind     = "positive"
  expect   = true
  kernel   = "6.14"
  mode     = "system"
  netns    = "child"
  catalog  = "both"
  config   = "net.core.rmem_max = 16777216\n"
  severity = "warning"
  message  = "read-only"
}
case "TW502-conntrack-max-read-only" {
  rule     = "TW502"
  kind     = "positive"
  expect   = true
  kernel   = "5.15"
  mode     = "system"
  netns    = "child"
  catalog  = "both"
  config   = "net.netfilter.nf_conntrack_max = 262144\n"
  severity = "warning"
  message  = "read-only"
}
case "TW502-swappiness-whole-host" {
  rule     = "TW502"
  kind     = "positive"
  expect   = true
  kernel   = "5.15"
  mode     = "system"
  netns    = "child"
  catalog  = "both"
  config   = "vm.swappiness = 10\n"
  severity = "warning"
  message  = "changes the whole host"
}
case "TW502-ipv6-icmp-per-netns" {
  rule    = "TW502"
  kind    = "negative"
  expect  = false
  kernel  = "5.15"
  mode    = "system"
  netns   = "child"
  catalog = "both"
  config  = "net.ipv6.icmp.ratelimit = 100\n"
}
