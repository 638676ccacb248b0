# Built-in workload profiles. "closes" is the side that closes connections
# first and so holds TIME_WAIT; rates are new connections per second;
# outbound_rate is per destination (address and port).

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
    reason   = "accept backlog for bursts of new connections (the default since 5.4)"
  }
  recommend "net.ipv4.tcp_max_syn_backlog" {
    at_least = 4096
    reason   = "half-open connections during bursts"
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
    rules   = ["TW305"]
  }
  recommend "net.ipv4.ip_local_port_range" {
    exactly = "10240 65535"
    reason  = "more ephemeral ports per upstream; keep service ports below 10240 or reserve them"
    rules   = ["TW305"]
  }
  recommend "net.core.somaxconn" {
    at_least = 4096
    reason   = "accept backlog for bursts of new connections"
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
    rules   = ["TW305"]
  }
  recommend "net.ipv4.ip_local_port_range" {
    exactly = "10240 65535"
    reason  = "more ephemeral ports per destination"
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
    reason  = "detect dead peers before firewalls and NAT drop idle connections"
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
  }
}
