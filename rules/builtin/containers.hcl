# Network namespaces and containers (TW5xx).
# Scopes come from the kernel knowledge base per release (docs/catalogue.md).

rule "TW501" {
  name        = "per-netns-key-not-in-containers"
  title       = "A per-namespace key tuned on the host does not reach containers"
  description = "Reports per-network-namespace keys tuned on a host whose profile runs containers."
  key         = "*"
  severity    = "info"
  when        = !glob && profile.containers && netns != "child" && key_info(key).scope == "per-netns" && !contains(["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.ipv4.tcp_congestion_control"], key)
  message     = "${key} is per network namespace: pods and containers in their own namespace start from the kernel default, not from this value"
  remediation = "Set it in the container's namespace as well (Kubernetes: pod securityContext.sysctls or the CNI's tuning plugin)."
  references  = ["net/ipv4/tcp_ipv4.c tcp_sk_init(): per-netns TCP settings start from compiled-in defaults", "docs/catalogue.md (scope of each key per release)"]
}

rule "TW502" {
  name        = "global-key-in-child-netns"
  title       = "A key this network namespace does not own is set from inside it"
  description = "Reports host-wide keys set from inside a child network namespace."
  key         = "*"
  mode        = "system"
  severity    = "warning"
  when        = !glob && netns == "child" && contains(["absent", "read-only", "host"], key_info(key).child_netns)
  message     = key_info(key).child_netns == "absent" ? "${key} is global on ${coalesce(kernel.release, "this kernel")}, registered for the initial network namespace only: it does not exist in this namespace, so the write fails with ENOENT (procps: \"cannot stat\")" : key_info(key).child_netns == "read-only" ? "${key} is global on ${coalesce(kernel.release, "this kernel")}: this network namespace sees the host's value read-only, so the write fails" : "${key} is not separated by network namespaces: written from this container it changes the whole host, if /proc/sys is writable here at all"
  remediation = "Set host-wide keys on the host, not in a container's sysctl configuration; per-namespace keys are the ones a container may set (Kubernetes: the safe and namespaced sysctls)."
  references  = ["net/ipv4/sysctl_net_ipv4.c: ipv4_table is registered for init_net only, ipv4_net_table per namespace", "net/core/sysctl_net_core.c: net_core_table (init_net only)", "net/netfilter/nf_conntrack_standalone.c: \"Don't allow non-init_net ns to alter global sysctls\" (read-only)", "kernel commit 19249c0724f2 (net: make net.core.{r,w}mem_{default,max} namespaced: read-only in other namespaces, 6.11)"]
}
