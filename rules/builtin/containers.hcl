# Network namespaces and containers (TW5xx).
# Facts: shared/reference/kernel-facts.md, "Container hazard", and 1.x netns rows.

rule "TW501" {
  name        = "per-netns-key-not-in-containers"
  title       = "A per-namespace key tuned on the host does not reach containers"
  description = "Reports per-network-namespace keys tuned on a host whose profile runs containers."
  key         = "*"
  severity    = "info"
  when        = !glob && profile.containers && netns != "child" && key_info(key).scope == "per-netns" && !contains(["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.ipv4.tcp_congestion_control"], key)
  message     = "${key} is per network namespace: pods and containers in their own namespace start from the kernel default, not from this value"
  remediation = "Set it in the container's namespace as well (Kubernetes: pod securityContext.sysctls or the CNI's tuning plugin)."
  references  = ["net/ipv4/tcp_ipv4.c tcp_sk_init(): per-netns TCP settings start from compiled-in defaults", "shared/reference/kernel-facts.md (container hazard)"]
}

rule "TW502" {
  name        = "global-key-in-child-netns"
  title       = "A host-wide key is set from inside a container"
  description = "Reports host-wide keys set from inside a child network namespace."
  key         = "*"
  mode        = "system"
  severity    = "warning"
  when        = !glob && netns == "child" && key_info(key).scope == "global"
  message     = "${key} is global: from this network namespace it is either read-only or changes the whole host"
  remediation = "Set host-wide keys on the host, not in a container's sysctl configuration."
  references  = ["net/netfilter/nf_conntrack_standalone.c: non-init namespaces get read-only global sysctls", "net/core/sysctl_net_core.c: net_core_table (global)"]
}
