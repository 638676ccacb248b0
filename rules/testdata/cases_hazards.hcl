# Cases for the hazard rules of issue 13 (TW021, TW251-TW255, TW307, TW405, TW418-TW438)
# and the false alarms it removed (TW303, TW402, TW011, TW413). Format: cases.hcl.

case "TW303-parity-on-4.6" {
  rule   = "TW303"
  kind   = "boundary"
  expect = true
  config = "net.ipv4.ip_local_port_range = 1024 65000\n"
  kernel = "4.6"
}

case "TW303-no-parity-split-on-4.5" {
  rule   = "TW303"
  kind   = "boundary"
  expect = false
  config = "net.ipv4.ip_local_port_range = 1024 65000\n"
  kernel = "4.5"
}

case "TW303-centos7-silent" {
  rule   = "TW303"
  kind   = "negative"
  expect = false
  config = "net.ipv4.ip_local_port_range = 1024 65000\n"
  kernel = "3.10.0-1160.el7.x86_64"
}

case "TW307-1024-65000" {
  rule   = "TW307"
  kind   = "positive"
  expect = true
  config = "net.ipv4.ip_local_port_range = 1024 65000\n"
  kernel = "5.15"
  message = "2181 ZooKeeper client port"
}

case "TW307-10000-65535-zabbix" {
  rule   = "TW307"
  kind   = "positive"
  expect = true
  config = "net.ipv4.ip_local_port_range = 10000 65535\n"
  kernel = "5.15"
  message = "10050 Zabbix agent"
}

case "TW307-reserved" {
  rule   = "TW307"
  kind   = "negative"
  expect = false
  config = "net.ipv4.ip_local_port_range = 16384 65535\nnet.ipv4.ip_local_reserved_ports = 16379,25672,26379,27017\n"
  kernel = "5.15"
}

case "TW307-partly-reserved" {
  rule   = "TW307"
  kind   = "positive"
  expect = true
  config = "net.ipv4.ip_local_reserved_ports = 10050-10051\nnet.ipv4.ip_local_port_range = 10000 65000\n"
  kernel = "5.15"
  message = "10250 kubelet"
}

case "TW307-default-range" {
  rule   = "TW307"
  kind   = "negative"
  expect = false
  config = "net.ipv4.ip_local_port_range = 32768 60999\n"
  kernel = "5.15"
}

case "TW307-above-27017" {
  rule   = "TW307"
  kind   = "boundary"
  expect = false
  config = "net.ipv4.ip_local_port_range = 27018 65000\n"
  kernel = "5.15"
}

case "TW307-at-27017" {
  rule   = "TW307"
  kind   = "boundary"
  expect = true
  config = "net.ipv4.ip_local_port_range = 27017 65000\n"
  kernel = "5.15"
  message = "27017 MongoDB"
}

case "TW307-every-profile" {
  rule   = "TW307"
  kind   = "positive"
  expect = true
  config = "net.ipv4.ip_local_port_range = 4000 65000\n"
  kernel = "4.9"
  profile = "http-client"
}

case "TW402-centos7-silent" {
  rule   = "TW402"
  kind   = "negative"
  expect = false
  config = "fs.file-max = 209708\n"
  kernel = "3.10"
  distro = "rhel7"
}

case "TW402-debian8-silent" {
  rule   = "TW402"
  kind   = "negative"
  expect = false
  config = "fs.file-max = 209708\n"
  kernel = "3.16"
  distro = "debian-8"
}

case "TW402-ubuntu1404-silent" {
  rule   = "TW402"
  kind   = "negative"
  expect = false
  config = "fs.file-max = 209708\n"
  kernel = "3.13"
  distro = "ubuntu-14.04"
}

case "TW402-debian12-warning" {
  rule   = "TW402"
  kind   = "positive"
  expect = true
  config = "fs.file-max = 209708\n"
  kernel = "6.1"
  distro = "debian-12"
  message = "systemd 252 (debian-12)"
}

case "TW402-unknown-distro-info" {
  rule   = "TW402"
  kind   = "positive"
  expect = true
  config = "fs.file-max = 209708\n"
  kernel = "5.15"
  message = "if the target runs systemd 240"
}

case "TW402-max-silent" {
  rule   = "TW402"
  kind   = "boundary"
  expect = false
  config = "fs.file-max = 9223372036854775807\n"
  kernel = "6.1"
  distro = "debian-12"
}

case "TW405-65535" {
  rule   = "TW405"
  kind   = "positive"
  expect = true
  config = "fs.file-max=65535\n"
  kernel = "5.15"
}

case "TW405-65536" {
  rule   = "TW405"
  kind   = "boundary"
  expect = false
  config = "fs.file-max = 65536\n"
  kernel = "5.15"
}

case "TW405-memory-known" {
  rule   = "TW405"
  kind   = "positive"
  expect = true
  config = "fs.file-max = 209708\n"
  kernel = "5.15"
  mem_bytes = 17179869184
  message = "roughly"
}

case "TW405-small-host" {
  rule   = "TW405"
  kind   = "negative"
  expect = false
  config = "fs.file-max = 209708\n"
  kernel = "5.15"
  mem_bytes = 1073741824
}

case "TW405-centos7" {
  rule   = "TW405"
  kind   = "positive"
  expect = true
  config = "fs.file-max = 51200\n"
  kernel = "3.10"
  distro = "rhel7"
}

case "TW011-integer-key-info" {
  rule   = "TW011"
  kind   = "positive"
  expect = true
  config = "vm.swappiness=0                       # turn off swapping\n"
  message = "integer key"
}

case "TW428-2048-on-5.4" {
  rule   = "TW428"
  kind   = "boundary"
  expect = true
  config = "net.core.somaxconn = 2048\n"
  kernel = "5.4"
}

case "TW428-2048-on-5.3" {
  rule   = "TW428"
  kind   = "boundary"
  expect = false
  config = "net.core.somaxconn = 2048\n"
  kernel = "5.3"
}

case "TW428-100-on-4.9" {
  rule   = "TW428"
  kind   = "positive"
  expect = true
  config = "net.core.somaxconn = 100\n"
  kernel = "4.9"
  message = "below this release's default (128)"
}

case "TW428-raised" {
  rule   = "TW428"
  kind   = "negative"
  expect = false
  config = "net.core.somaxconn = 65535\n"
  kernel = "5.15"
}

case "TW413-below-default-is-TW428" {
  rule   = "TW413"
  kind   = "negative"
  expect = false
  config = "net.core.somaxconn = 1024\n"
  kernel = "5.15"
}

case "TW418-sack-off" {
  rule   = "TW418"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_sack = 0\n"
  message = "throughput collapses"
}

case "TW418-sack-on" {
  rule   = "TW418"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_sack = 1\n"
}

case "TW419-dsack-off" {
  rule   = "TW419"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_dsack = 0\n"
  message = "spurious retransmissions"
}

case "TW419-dsack-on" {
  rule   = "TW419"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_dsack = 1\n"
}

case "TW421-syn-retries-1" {
  rule   = "TW421"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_syn_retries = 1\n"
  message = "connect() gives up after 3 s"
}

case "TW421-synack-retries-1" {
  rule   = "TW421"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_synack_retries = 1\n"
  message = "the server drops"
}

case "TW421-syn-retries-2" {
  rule   = "TW421"
  kind   = "boundary"
  expect = false
  config = "net.ipv4.tcp_syn_retries = 2\nnet.ipv4.tcp_synack_retries = 2\n"
}

case "TW422-retries2-5" {
  rule   = "TW422"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_retries2 = 5\n"
  message = "about 12.6 s"
}

case "TW422-retries2-7" {
  rule   = "TW422"
  kind   = "boundary"
  expect = true
  config = "net.ipv4.tcp_retries2 = 7\n"
}

case "TW422-retries2-8" {
  rule   = "TW422"
  kind   = "boundary"
  expect = false
  config = "net.ipv4.tcp_retries2 = 8\n"
}

case "TW422-retries2-default" {
  rule   = "TW422"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_retries2 = 15\n"
}

case "TW423-time-6" {
  rule   = "TW423"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_keepalive_time = 6\n"
  message = "sends a probe after 6 s"
}

case "TW423-intvl-1" {
  rule   = "TW423"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_keepalive_intvl = 1\n"
}

case "TW423-time-60" {
  rule   = "TW423"
  kind   = "boundary"
  expect = false
  config = "net.ipv4.tcp_keepalive_time = 60\nnet.ipv4.tcp_keepalive_intvl = 5\n"
}

case "TW423-time-59" {
  rule   = "TW423"
  kind   = "boundary"
  expect = true
  config = "net.ipv4.tcp_keepalive_time = 59\n"
}

case "TW423-probes-ignored" {
  rule   = "TW423"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_keepalive_probes = 3\n"
}

case "TW424-backlog-100" {
  rule   = "TW424"
  kind   = "positive"
  expect = true
  config = "net.core.netdev_max_backlog = 100\n"
  message = "below the default 1000"
}

case "TW424-backlog-1000" {
  rule   = "TW424"
  kind   = "boundary"
  expect = false
  config = "net.core.netdev_max_backlog = 1000\n"
}

case "TW424-backlog-big" {
  rule   = "TW424"
  kind   = "negative"
  expect = false
  config = "net.core.netdev_max_backlog = 250000\n"
}

case "TW425-rmem-204800" {
  rule   = "TW425"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_rmem = 51200 131072 204800\n"
  message = "caps TCP receive autotuning"
}

case "TW425-wmem-4096" {
  rule   = "TW425"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_wmem = 4096 4096 4096\n"
}

case "TW425-classic" {
  rule   = "TW425"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_rmem = 4096 87380 16777216\nnet.ipv4.tcp_wmem = 4096 65536 16777216\n"
}

case "TW425-1MiB" {
  rule   = "TW425"
  kind   = "boundary"
  expect = false
  config = "net.ipv4.tcp_rmem = 4096 87380 1048576\n"
}

case "TW426-rmem-middle-low" {
  rule   = "TW426"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_rmem = 4096 65536 16777216\n"
  message = "the initial buffer 65536"
}

case "TW426-classic" {
  rule   = "TW426"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_rmem = 4096 87380 16777216\n"
  kernel = "6.8"
}

case "TW426-wmem-16384" {
  rule   = "TW426"
  kind   = "boundary"
  expect = false
  config = "net.ipv4.tcp_wmem = 4096 16384 4194304\n"
}

case "TW426-wmem-8192" {
  rule   = "TW426"
  kind   = "boundary"
  expect = true
  config = "net.ipv4.tcp_wmem = 4096 8192 4194304\n"
}

case "TW427-out-of-order" {
  rule   = "TW427"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_mem = 786432 524288 1048576\n"
}

case "TW427-copied-rmem" {
  rule   = "TW427"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_rmem = 4096 87380 16777216\nnet.ipv4.tcp_mem = 4096 87380 16777216\n"
  message = "4 KiB pages"
}

case "TW427-above-ram" {
  rule   = "TW427"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_mem = 786432 1048576 1572864\n"
  mem_bytes = 2147483648
  message = "more than the host"
}

case "TW427-sane" {
  rule   = "TW427"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_mem = 65536 131072 262144\nnet.ipv4.udp_mem = 65536 131072 262144\n"
  mem_bytes = 8589934592
}

case "TW429-30MiB" {
  rule   = "TW429"
  kind   = "positive"
  expect = true
  config = "net.core.rmem_default = 31457280\n"
}

case "TW429-above-max" {
  rule   = "TW429"
  kind   = "positive"
  expect = true
  config = "net.core.wmem_max = 131072\nnet.core.wmem_default = 262144\n"
  message = "above net.core.wmem_max"
}

case "TW429-8MiB" {
  rule   = "TW429"
  kind   = "boundary"
  expect = false
  config = "net.core.rmem_default = 8388608\n"
}

case "TW429-normal" {
  rule   = "TW429"
  kind   = "negative"
  expect = false
  config = "net.core.rmem_default = 262144\nnet.core.rmem_max = 16777216\n"
}

case "TW431-swappiness-0-3.5" {
  rule   = "TW431"
  kind   = "boundary"
  expect = true
  config = "vm.swappiness = 0\n"
  kernel = "3.5"
}

case "TW431-swappiness-0-3.4" {
  rule   = "TW431"
  kind   = "boundary"
  expect = false
  config = "vm.swappiness = 0\n"
  kernel = "3.4"
}

case "TW431-swappiness-1" {
  rule   = "TW431"
  kind   = "negative"
  expect = false
  config = "vm.swappiness = 1\n"
  kernel = "5.15"
}

case "TW431-comment" {
  rule   = "TW431"
  kind   = "positive"
  expect = true
  config = "vm.swappiness=0                       # turn off swapping\n"
  kernel = "4.9"
  message = "on Linux 4.9"
}

case "TW432-never-default-ratio" {
  rule   = "TW432"
  kind   = "positive"
  expect = true
  config = "vm.overcommit_memory = 2\n"
  message = "swap + 50% of RAM"
}

case "TW432-never-with-ratio" {
  rule   = "TW432"
  kind   = "negative"
  expect = false
  config = "vm.overcommit_memory = 2\nvm.overcommit_ratio = 90\n"
}

case "TW432-redis" {
  rule   = "TW432"
  kind   = "negative"
  expect = false
  config = "vm.overcommit_memory = 1\n"
}

case "TW432-explicit-50" {
  rule   = "TW432"
  kind   = "boundary"
  expect = true
  config = "vm.overcommit_ratio = 50\nvm.overcommit_memory = 2\n"
}

case "TW433-dirty-80" {
  rule   = "TW433"
  kind   = "positive"
  expect = true
  config = "vm.dirty_ratio = 80\n"
  message = "once 80% of memory is dirty"
}

case "TW433-dirty-50" {
  rule   = "TW433"
  kind   = "boundary"
  expect = false
  config = "vm.dirty_ratio = 50\n"
}

case "TW433-dirty-40-tuned" {
  rule   = "TW433"
  kind   = "negative"
  expect = false
  config = "vm.dirty_ratio = 40\n"
}

case "TW434-background-above" {
  rule   = "TW434"
  kind   = "positive"
  expect = true
  config = "vm.dirty_ratio = 10\nvm.dirty_background_ratio = 20\n"
  message = "half of dirty_ratio"
}

case "TW434-background-equal" {
  rule   = "TW434"
  kind   = "boundary"
  expect = true
  config = "vm.dirty_ratio = 10\nvm.dirty_background_ratio = 10\n"
}

case "TW434-background-below" {
  rule   = "TW434"
  kind   = "negative"
  expect = false
  config = "vm.dirty_ratio = 10\nvm.dirty_background_ratio = 5\n"
}

case "TW434-bytes-override" {
  rule   = "TW434"
  kind   = "negative"
  expect = false
  config = "vm.dirty_bytes = 50331648\nvm.dirty_ratio = 10\nvm.dirty_background_ratio = 20\n"
}

case "TW435-modules-disabled" {
  rule   = "TW435"
  kind   = "positive"
  expect = true
  config = "kernel.modules_disabled = 1\n"
  message = "nothing can load a module"
}

case "TW435-modules-enabled" {
  rule   = "TW435"
  kind   = "negative"
  expect = false
  config = "kernel.modules_disabled = 0\n"
}

case "TW436-watches-intmax" {
  rule   = "TW436"
  kind   = "positive"
  expect = true
  config = "fs.inotify.max_user_watches = 2147483647\n"
  message = "removes the limit"
}

case "TW436-watches-1M" {
  rule   = "TW436"
  kind   = "negative"
  expect = false
  config = "fs.inotify.max_user_watches = 1048576\nfs.inotify.max_user_instances = 8192\n"
}

case "TW436-just-below" {
  rule   = "TW436"
  kind   = "boundary"
  expect = false
  config = "fs.inotify.max_queued_events = 1073741823\n"
}

case "TW437-10000" {
  rule   = "TW437"
  kind   = "positive"
  expect = true
  config = "kernel/pid_max=10000\n"
  kernel = "5.15"
  message = "below the kernel's default 32768"
}

case "TW437-65535-debian12" {
  rule   = "TW437"
  kind   = "positive"
  expect = true
  config = "kernel.pid_max = 65535\n"
  kernel = "6.1"
  distro = "debian-12"
  message = "50-pid-max.conf"
}

case "TW437-65535-rhel7" {
  rule   = "TW437"
  kind   = "negative"
  expect = false
  config = "kernel.pid_max = 65535\n"
  kernel = "3.10"
  distro = "rhel7"
}

case "TW437-65535-unknown-info" {
  rule   = "TW437"
  kind   = "positive"
  expect = true
  config = "kernel.pid_max = 65535\n"
  kernel = "5.15"
  message = "if the target runs systemd 243"
}

case "TW437-4194303" {
  rule   = "TW437"
  kind   = "boundary"
  expect = false
  config = "kernel.pid_max = 4194303\n"
  kernel = "6.1"
  distro = "debian-12"
}

case "TW437-4194304" {
  rule   = "TW437"
  kind   = "negative"
  expect = false
  config = "kernel.pid_max = 4194304\n"
  kernel = "6.1"
  distro = "debian-12"
}

case "TW438-watchdog-off" {
  rule   = "TW438"
  kind   = "positive"
  expect = true
  config = "kernel.watchdog = 0\n"
  message = "soft and hard lockups"
}

case "TW438-nmi-off" {
  rule   = "TW438"
  kind   = "positive"
  expect = true
  config = "kernel.nmi_watchdog = 0\n"
}

case "TW438-thresh-ignored" {
  rule   = "TW438"
  kind   = "negative"
  expect = false
  config = "kernel.watchdog_thresh = 0\nkernel.nmi_watchdog = 1\n"
}

case "TW251-forwarding-no-ra" {
  rule   = "TW251"
  kind   = "positive"
  expect = true
  config = "net.ipv6.conf.all.forwarding = 1\n"
  message = "ignores router advertisements"
}

case "TW251-forwarding-ra-2" {
  rule   = "TW251"
  kind   = "negative"
  expect = false
  config = "net.ipv6.conf.all.forwarding = 1\nnet.ipv6.conf.eth0.accept_ra = 2\n"
}

case "TW251-forwarding-ra-off" {
  rule   = "TW251"
  kind   = "negative"
  expect = false
  config = "net.ipv6.conf.all.accept_ra = 0\nnet.ipv6.conf.all.forwarding = 1\n"
}

case "TW251-forwarding-ra-1" {
  rule   = "TW251"
  kind   = "boundary"
  expect = true
  config = "net.ipv6.conf.default.accept_ra = 1\nnet.ipv6.conf.all.forwarding = 1\n"
}

case "TW252-disable-all" {
  rule   = "TW252"
  kind   = "positive"
  expect = true
  config = "net.ipv6.conf.all.disable_ipv6=1\nnet.ipv6.conf.default.disable_ipv6=1\n"
  message = "::1 disappears"
}

case "TW252-lo-kept" {
  rule   = "TW252"
  kind   = "negative"
  expect = false
  config = "net.ipv6.conf.all.disable_ipv6 = 1\nnet.ipv6.conf.lo.disable_ipv6 = 0\n"
}

case "TW252-enable" {
  rule   = "TW252"
  kind   = "negative"
  expect = false
  config = "net.ipv6.conf.all.disable_ipv6 = 0\n"
}

case "TW253-rp-off-forward-web" {
  rule   = "TW253"
  kind   = "positive"
  expect = true
  config = "net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 0\n"
  profile = "web-server"
  message = "spoofed source addresses"
}

case "TW253-rp-off-nat-gateway" {
  rule   = "TW253"
  kind   = "negative"
  expect = false
  config = "net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 0\n"
  profile = "nat-gateway"
}

case "TW253-rp-off-no-forward" {
  rule   = "TW253"
  kind   = "negative"
  expect = false
  config = "net.ipv4.conf.all.rp_filter = 0\n"
  profile = "web-server"
}

case "TW254-forward-database" {
  rule   = "TW254"
  kind   = "positive"
  expect = true
  config = "net.ipv4.ip_forward = 1\n"
  profile = "database"
  message = "routes packets between its interfaces"
}

case "TW254-forward-k8s" {
  rule   = "TW254"
  kind   = "negative"
  expect = false
  config = "net.ipv4.ip_forward = 1\n"
  profile = "kubernetes-node"
}

case "TW254-forward-generic" {
  rule   = "TW254"
  kind   = "negative"
  expect = false
  config = "net.ipv4.ip_forward = 1\n"
}

case "TW255-route-flush" {
  rule   = "TW255"
  kind   = "positive"
  expect = true
  config = "net.ipv4.route.flush = 1\n"
  message = "flush the routing cache"
}

case "TW255-drop-caches" {
  rule   = "TW255"
  kind   = "positive"
  expect = true
  config = "vm.drop_caches = 3\n"
}

case "TW255-route-other" {
  rule   = "TW255"
  kind   = "negative"
  expect = false
  config = "net.ipv4.route.min_adv_mss = 256\n"
}
case "TW421-syn-retries-default" {
  rule   = "TW421"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_syn_retries = 6\nnet.ipv4.tcp_synack_retries = 5\n"
}

case "TW021-hidden-conf" {
  rule   = "TW021"
  kind   = "positive"
  expect = true
  root   = "roots/loader-mismatch"
  message = "hidden file"
}

case "TW021-clean-tree" {
  rule   = "TW021"
  kind   = "negative"
  expect = false
  root   = "roots/loader-clean"
}

case "TW413-at-default" {
  rule   = "TW413"
  kind   = "positive"
  expect = true
  kernel = "5.15"
  config = "net.core.somaxconn = 4096\n"
  message = "the line changes nothing"
}

case "TW427-bytes-pattern" {
  rule    = "TW427"
  kind    = "positive"
  expect  = true
  config  = "net.ipv4.tcp_mem = 4096 87380 16777216\n"
  message = "64 GiB"
}

case "TW427-large-host-pages" {
  rule   = "TW427"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_mem = 262144 1048576 4194304\n"
}
