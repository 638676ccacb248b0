# Networking roles (TW251-TW255): forwarding, router advertisements, IPv6 on
# loopback, reverse-path filtering, and trigger keys. Sources:
# Documentation/networking/ip-sysctl.rst and the kernel source named.
# docs/rules.md, "Hazard classes".

rule "TW251" {
  name        = "ipv6-forwarding-ignores-ra"
  title       = "IPv6 forwarding on all interfaces stops router advertisements being accepted"
  key         = "net.ipv6.conf.all.forwarding"
  severity    = "warning"
  when        = num == 1 && length([for s in configured_keys("net.ipv6.conf.*.accept_ra") : s if int(s.value) == 2 || int(s.value) == 0]) == 0
  message     = "net.ipv6.conf.all.forwarding = 1 turns forwarding on for every interface, and an interface with accept_ra = 1 (the default) then ignores router advertisements: the host loses its RA-learned IPv6 default route and SLAAC addresses when they expire"
  remediation = "Set accept_ra = 2 on the interfaces that learn their address or route from RAs (net.ipv6.conf.eth0.accept_ra = 2, and net.ipv6.conf.default.accept_ra = 2 for later ones), or configure IPv6 statically."
  description = "For IPv6, a forwarding interface is a router, and routers ignore router advertisements unless accept_ra is 2. Docker and Kubernetes hosts that turn on net.ipv6.conf.all.forwarding on a cloud VM whose IPv6 comes from RAs lose IPv6 connectivity some minutes later."
  references  = ["Documentation/networking/ip-sysctl.rst: accept_ra (\"2 - Overrule forwarding behaviour. Accept Router Advertisements even if forwarding is enabled\"), conf/all/forwarding", "RFC 4861 section 6.2.1 and 6.3.4"]
}

rule "TW252" {
  name        = "disable-ipv6-on-loopback"
  title       = "disable_ipv6 on all interfaces also removes ::1"
  key         = "net.ipv6.conf.all.disable_ipv6"
  severity    = "warning"
  when        = num == 1 && coalesce(int(configured("net.ipv6.conf.lo.disable_ipv6")), 1) != 0
  message     = "net.ipv6.conf.all.disable_ipv6 = 1 disables IPv6 on lo too: ::1 disappears, so services that listen on or connect to localhost over IPv6 (sshd X11 forwarding, Postfix, Java or Node resolving localhost to ::1) fail"
  remediation = "Add net.ipv6.conf.lo.disable_ipv6 = 0 after this line, or disable IPv6 per external interface, or with the ipv6.disable=1 boot parameter when nothing may use it."
  description = "Writing 1 to net.ipv6.conf.all.disable_ipv6 applies to every existing interface including loopback, removing ::1 while /etc/hosts still maps localhost to it. Re-enabling it on lo keeps local IPv6 working."
  references  = ["Documentation/networking/ip-sysctl.rst: disable_ipv6", "net/ipv6/addrconf.c addrconf_disable_ipv6(): applies \"all\" to every device"]
}

rule "TW253" {
  name        = "rp-filter-off-with-forwarding"
  title       = "Reverse-path filtering is off on a forwarding host that is not a router"
  key         = "net.ipv4.conf.all.rp_filter"
  severity    = "info"
  when        = num == 0 && int(setting("net.ipv4.ip_forward")) == 1 && length(regexall("(^|,)(generic|none|nat-gateway|kubernetes-node)(,|$)", profile.name)) == 0
  message     = "rp_filter = 0 with ip_forward = 1 on profile ${profile.name}: the host routes packets with spoofed source addresses between its interfaces"
  remediation = "Use rp_filter = 1 (strict) or 2 (loose, for asymmetric routing), or choose a router profile (nat-gateway, kubernetes-node) if routing is this host's job."
  description = "rp_filter drops packets whose source address is not reachable through the interface they came in on (RFC 3704). With forwarding on and filtering off, a host that is not meant to be a router forwards spoofed traffic. Router roles may need it off for asymmetric paths, which is why this is information."
  references  = ["RFC 3704 (Ingress Filtering for Multihomed Networks)", "Documentation/networking/ip-sysctl.rst: rp_filter"]
}

rule "TW254" {
  name        = "ip-forward-non-router"
  title       = "IPv4 forwarding is on for a profile that is not a router"
  key         = "net.ipv4.ip_forward"
  severity    = "info"
  when        = num == 1 && length(regexall("(^|,)(generic|none|nat-gateway|kubernetes-node)(,|$)", profile.name)) == 0
  message     = "ip_forward = 1 on profile ${profile.name}: the host routes packets between its interfaces (needed for containers, VPNs and NAT, not for a plain ${profile.name})"
  remediation = "Keep it only if the host runs containers, a VPN or NAT; otherwise set net.ipv4.ip_forward = 0 (the default)."
  description = "ip_forward turns a host into a router. Container runtimes and Kubernetes need it; a web or database server does not. It is information because many such servers also run containers."
  references  = ["Documentation/networking/ip-sysctl.rst: ip_forward"]
}

rule "TW255" {
  name        = "write-only-trigger-key"
  title       = "A write-only trigger key is set in a configuration file"
  key         = "*"
  severity    = "info"
  when        = !glob && contains(["net.ipv4.route.flush", "net.ipv6.route.flush", "vm.drop_caches", "vm.compact_memory"], key)
  message     = "${key} is a trigger, not a setting: writing it performs one action (${key == "vm.drop_caches" ? "drop the page cache" : key == "vm.compact_memory" ? "compact memory" : "flush the routing cache"}) at boot, when there is nothing to act on, and it cannot be read back, so tools that compare configuration with the running values report it"
  remediation = "Remove the line; run the action by hand (sysctl -w) when it is needed."
  description = "route.flush, drop_caches and compact_memory are write-only (mode 0200) actions. In a sysctl file they do nothing useful at boot and make `sysctl -a` style comparisons fail with permission errors."
  references  = ["Documentation/networking/ip-sysctl.rst: route/flush (\"Writing to this file results in a flush of the routing cache\")", "Documentation/admin-guide/sysctl/vm.rst: drop_caches, compact_memory"]
}
