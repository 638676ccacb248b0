# Ephemeral ports over well-known server ports (TW307), and files one
# loader applies and the other ignores (TW021). docs/rules.md, "Hazard classes".

rule "TW307" {
  name        = "ip-local-port-range-covers-server-ports"
  title       = "The ephemeral range covers well-known server ports that are not reserved"
  key         = "net.ipv4.ip_local_port_range"
  severity    = "warning"
  when        = length(nums) >= 2 && nums[0] <= nums[1] && length(wellknown_ports_in(nums[0], nums[1], setting("net.ipv4.ip_local_reserved_ports"))) > 0
  message     = "ip_local_port_range = ${value} covers ${length(wellknown_ports_in(nums[0], nums[1], setting("net.ipv4.ip_local_reserved_ports")))} port(s) that common servers listen on by default (${join(", ", [for i, p in wellknown_ports_in(nums[0], nums[1], setting("net.ipv4.ip_local_reserved_ports")) : "${p.port} ${p.service}" if i < 6])}${length(wellknown_ports_in(nums[0], nums[1], setting("net.ipv4.ip_local_reserved_ports"))) > 6 ? ", ..." : ""}): an outgoing connection can hold one when its server (re)starts, and bind() fails with EADDRINUSE; reserve the ones this host serves, e.g. net.ipv4.ip_local_reserved_ports = ${join(",", concat([for p in wellknown_ports_in(nums[0], nums[1], setting("net.ipv4.ip_local_reserved_ports")) : tostring(p.port)], trimspace(coalesce(setting("net.ipv4.ip_local_reserved_ports"), "")) != "" ? [trimspace(coalesce(setting("net.ipv4.ip_local_reserved_ports"), ""))] : []))}"
  remediation = "Keep the default range (32768 60999), start the range above the ports your servers use, or list those ports in net.ipv4.ip_local_reserved_ports (comma-separated ports and ranges)."
  description = "connect() picks local ports from ip_local_port_range. Ranges widened to 1024-65535 or 10000-65000 contain the default ports of databases, caches, brokers, agents and Kubernetes components; when one of those restarts while an outgoing connection holds its port, it cannot listen. The ports come from a documented list (IANA and each project's documentation) that the profile generator also uses."
  references  = ["Documentation/networking/ip-sysctl.rst: ip_local_port_range, ip_local_reserved_ports", "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml", "rules/wellknown_ports.tsv: each port's source"]
}

rule "TW021" {
  name        = "file-ignored-by-a-loader"
  title       = "A file in a sysctl.d directory is applied by one loader and not the other, or by neither"
  diagnostic  = "loader-mismatch"
  severity    = "warning"
  message     = detail
  remediation = "Name sysctl.d files NN-name.conf without a leading dot; remove or rename files that should not be applied."
  description = "systemd-sysctl reads only *.conf files and skips hidden ones (names starting with a dot); procps `sysctl --system` reads *.conf including hidden ones. A hidden .x.conf therefore applies on one host and not on another, and a file named without .conf is never applied although it looks like configuration. Reported whatever the resolved loader, for directories in PATH mode and for the sysctl.d directories in system mode."
  references  = ["sysctl.d(5): files ending in .conf", "systemd src/basic/conf-files.c: hidden files are skipped", "procps-ng src/sysctl.c PreloadSystem(): every name ending in .conf"]
}
