# Ephemeral port rules (TW3xx). Facts and sources: docs/catalogue.md.

rule "TW301" {
  name        = "ip-local-port-range-invalid"
  title       = "ip_local_port_range is rejected by the kernel"
  description = "Checks that ip_local_port_range is two ports from 1 to 65535, low then high. Anything else is rejected with \"Invalid argument\" and the range stays as it was."
  key         = "net.ipv4.ip_local_port_range"
  supersedes  = ["TW111"]
  severity    = "error"
  when        = length(nums) == 0 || (length(nums) >= 2 && (nums[0] > nums[1] || nums[0] < 1 || nums[1] > 65535))
  suggest     = "32768 60999"
  message     = "ip_local_port_range = ${value}: the kernel rejects it with \"Invalid argument\" (it needs two ports from 1 to 65535, the first not above the second)"
  remediation = "Write two numbers, low then high, e.g. \"32768 60999\" (the default)."
  references  = ["Documentation/networking/ip-sysctl.rst: ip_local_port_range", "net/ipv4/sysctl_net_ipv4.c ipv4_local_port_range()"]
}

rule "TW302" {
  name        = "ip-local-port-range-below-unprivileged-start"
  title       = "ip_local_port_range starts below ip_unprivileged_port_start"
  description = "Checks, from Linux 4.11, that ip_local_port_range does not start below ip_unprivileged_port_start as set when this line is applied. The kernel rejects such a write, so the range is not changed; order matters when both keys are set."
  key         = "net.ipv4.ip_local_port_range"
  kernel      = ">= 4.11"
  severity    = "error"
  when        = length(nums) >= 1 && nums[0] < coalesce(int(value_before("net.ipv4.ip_unprivileged_port_start")), 1024)
  message     = "ip_local_port_range starts at ${nums[0]}, below ip_unprivileged_port_start (${coalesce(int(value_before("net.ipv4.ip_unprivileged_port_start")), 1024)} when this line is applied): the kernel rejects the write with \"Invalid argument\""
  remediation = "Start the range at 1024 or above (the default is 32768), or lower net.ipv4.ip_unprivileged_port_start in a line applied BEFORE this one."
  references  = ["net/ipv4/sysctl_net_ipv4.c ipv4_local_port_range(): low < ip_prot_sock -> -EINVAL", "kernel commit 4548b683b781 (Introduce a sysctl that modifies the value of PROT_SOCK, v4.11)", "Documentation/networking/ip-sysctl.rst: ip_unprivileged_port_start"]
}

rule "TW303" {
  name        = "ip-local-port-range-same-parity"
  title       = "ip_local_port_range ends have the same parity"
  description = "Checks that the two ends of ip_local_port_range differ in parity. connect() and bind() split the range by parity, and the kernel logs \"prefer different parity for start/end values\" otherwise. Minor, but free to fix. Only from Linux 4.6: earlier kernels neither split the range nor log it."
  key         = "net.ipv4.ip_local_port_range"
  kernel      = ">= 4.6"
  severity    = "warning"
  when        = length(nums) >= 2 && nums[0] <= nums[1] && nums[0] % 2 == nums[1] % 2
  suggest     = "${nums[0]} ${nums[1] % 2 == 0 ? nums[1] - 1 : nums[1] + (nums[1] < 65535 ? 1 : -1)}"
  message     = "ip_local_port_range = ${value}: both ends are ${nums[0] % 2 == 0 ? "even" : "odd"}; connect() and bind() split the range by parity, and the kernel logs \"prefer different parity for start/end values\""
  remediation = "Make one end even and the other odd, e.g. \"32768 60999\"."
  references  = ["net/ipv4/sysctl_net_ipv4.c ipv4_local_port_range(): pr_err_ratelimited(\"ip_local_port_range: prefer different parity for start/end values.\")", "kernel commit 07f4c90062f8 (tcp/dccp: try to not exhaust ip_local_port_range in connect())"]
}

rule "TW304" {
  name        = "ip-local-port-range-service-port"
  title       = "A service port lies inside the ephemeral range"
  description = "Checks that the profile's service ports are outside the ephemeral range, or reserved with ip_local_reserved_ports. An outgoing connection can take the port first, and the service then fails to bind after a restart."
  key         = "net.ipv4.ip_local_port_range"
  severity    = "warning"
  when        = length(nums) >= 2 && length([for p in profile.service_ports : p if p >= nums[0] && p <= nums[1] && !port_listed(p, setting("net.ipv4.ip_local_reserved_ports"))]) > 0
  message     = "ip_local_port_range = ${value} contains service port(s) ${join(", ", [for p in profile.service_ports : tostring(p) if p >= nums[0] && p <= nums[1] && !port_listed(p, setting("net.ipv4.ip_local_reserved_ports"))])} of profile ${profile.name}: an outgoing connection can take the port before the service binds it"
  remediation = "Move the range above the service ports, or list them in net.ipv4.ip_local_reserved_ports (e.g. \"8080,9000-9100\")."
  references  = ["Documentation/networking/ip-sysctl.rst: ip_local_port_range, ip_local_reserved_ports"]
}

rule "TW305" {
  name        = "ip-local-port-range-too-small"
  title       = "The ephemeral range is too small for the outbound connection rate"
  description = "Checks that the ephemeral range can hold the profile's outbound connection rate to one destination for the 60 s each port spends in TIME_WAIT (unless tcp_tw_reuse is on with timestamps). Otherwise connect() fails with EADDRNOTAVAIL under load."
  key         = "net.ipv4.ip_local_port_range"
  severity    = "warning"
  when        = length(nums) >= 2 && nums[0] <= nums[1] && profile.outbound_rate > 0 && (nums[1] - nums[0] + 1) < profile.outbound_rate * 60 && !(int(setting("net.ipv4.tcp_tw_reuse")) == 1 && coalesce(int(setting("net.ipv4.tcp_timestamps")), 1) != 0)
  message     = "ip_local_port_range = ${value} gives ${nums[1] - nums[0] + 1} ports, but profile ${profile.name} opens ${profile.outbound_rate} connections/s to one destination, and each port then stays in TIME_WAIT for 60 s: connect() will fail with EADDRNOTAVAIL"
  remediation = "Widen the range, enable net.ipv4.tcp_tw_reuse = 1 (with timestamps on) on this connecting host, spread load over more destination addresses or ports, or reuse connections."
  references  = ["Documentation/networking/ip-sysctl.rst: ip_local_port_range, tcp_tw_reuse", "include/net/tcp.h: TCP_TIMEWAIT_LEN (60*HZ)"]
}
