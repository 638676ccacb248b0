# Rule test cases: one block per case, evaluated by cases_test.go.
# kind: positive (must fire), negative (must not fire), boundary (either,
# next to a kernel version edge). A case without kernel has an unknown
# kernel, which skips rules with a kernel constraint. live = {...} gives the
# running values (other keys are absent); root = "roots/X" reads a fake
# system under testdata/ instead of config.

# --- TW001 ignore-directive -------------------------------------------------

case "TW001-without-reason" {
  rule       = "TW001"
  kind       = "positive"
  expect     = true
  config     = "# twadvise:ignore TW211\nnet.ipv4.tcp_timestamps = 0\n"
  message    = "twadvise:ignore without a reason"
  line       = 1
  suggestion = ""
}

case "TW001-unknown-rule" {
  rule   = "TW001"
  kind   = "positive"
  expect = true
  config = "# twadvise:ignore TW999 not a rule at all\nnet.ipv4.tcp_timestamps = 0\n"
}

case "TW001-names-no-rule" {
  rule   = "TW001"
  kind   = "positive"
  expect = true
  config = "# twadvise:ignore\nnet.ipv4.tcp_timestamps = 0\n"
}

case "TW001-unused" {
  rule   = "TW001"
  kind   = "positive"
  expect = true
  config = "# twadvise:ignore TW211 peers are old load balancers\nnet.ipv4.tcp_timestamps = 1\n"
}

case "TW001-blank-line-breaks-directive" {
  rule   = "TW001"
  kind   = "positive"
  expect = true
  config = "# twadvise:ignore TW211 peers are old load balancers\n\nnet.ipv4.tcp_timestamps = 0\n"
}

case "TW001-used-directive-is-silent" {
  rule   = "TW001"
  kind   = "negative"
  expect = false
  config = "# twadvise:ignore TW211 peers are old load balancers\nnet.ipv4.tcp_timestamps = 0\n"
}

case "TW001-used-by-name-is-silent" {
  rule   = "TW001"
  kind   = "negative"
  expect = false
  config = "# twadvise:ignore tcp-timestamps-off peers are old load balancers\nnet.ipv4.tcp_timestamps = 0\n"
}

case "TW001-ordinary-comment" {
  rule   = "TW001"
  kind   = "negative"
  expect = false
  config = "# twadvise:ignored is not a directive\nnet.ipv4.tcp_timestamps = 0\n"
}

# --- TW009 waiver-expired ---------------------------------------------------

case "TW009-expired-waiver" {
  rule           = "TW009"
  kind           = "positive"
  expect         = true
  config         = "net.ipv4.tcp_timestamps = 0\n"
  waiver_expired = "waiver for TW211 on net.ipv4.tcp_timestamps expired on 2026-01-31"
  message        = "waiver for TW211 on net.ipv4.tcp_timestamps expired on 2026-01-31"
  line           = 3
  suggestion     = ""
}

case "TW009-no-expired-waiver" {
  rule   = "TW009"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_timestamps = 0\n"
}

# --- TW002..TW008 parser diagnostics -----------------------------------------

case "TW002-no-equals" {
  rule       = "TW002"
  kind       = "positive"
  expect     = true
  config     = "net.ipv4.tcp_timestamps\n"
  message    = "line is not an assignment (no \"=\")"
  line       = 1
  suggestion = ""
}

case "TW002-exclusion-is-not-an-error" {
  rule   = "TW002"
  kind   = "negative"
  expect = false
  config = "-net.ipv4.conf.all.rp_filter\n; comment\n# comment\n"
}

case "TW003-empty-key" {
  rule       = "TW003"
  kind       = "positive"
  expect     = true
  config     = " = 5\n"
  message    = "empty key"
  line       = 1
  suggestion = ""
}

case "TW003-empty-value-is-not-empty-key" {
  rule   = "TW003"
  kind   = "negative"
  expect = false
  config = "kernel.domainname =\n"
}

case "TW004-blank-in-key" {
  rule       = "TW004"
  kind       = "positive"
  expect     = true
  config     = "net.ipv4.tcp timestamps = 1\n"
  message    = "key \"net.ipv4.tcp timestamps\" contains blanks"
  line       = 1
  suggestion = ""
}

case "TW004-dot-dot" {
  rule   = "TW004"
  kind   = "positive"
  expect = true
  config = "net/../../etc/passwd = 1\n"
}

case "TW004-slash-key-is-fine" {
  rule   = "TW004"
  kind   = "negative"
  expect = false
  config = "net/ipv4/tcp_timestamps = 1\nnet.ipv4.conf.eth0/100.forwarding = 1\n"
}

case "TW005-dangling-symlink" {
  rule       = "TW005"
  kind       = "positive"
  expect     = true
  root       = "roots/dangling"
  message    = "skipped"
  line       = 0
  suggestion = ""
}

case "TW005-readable-tree" {
  rule   = "TW005"
  kind   = "negative"
  expect = false
  root   = "roots/plain"
}

case "TW006-nul-byte" {
  rule       = "TW006"
  kind       = "positive"
  expect     = true
  config     = "net.core.somaxconn = 4096\u0000\n"
  message    = "contains NUL bytes"
  line       = 0
  suggestion = ""
}

case "TW006-utf8-text" {
  rule   = "TW006"
  kind   = "negative"
  expect = false
  config = "# café\nkernel.domainname = café\n"
}

case "TW007-70000-byte-line" {
  rule       = "TW007"
  kind       = "positive"
  expect     = true
  config     = format("net.core.somaxconn = %070000d\n", 1)
  message    = "line is 70021 bytes long, over the 65536-byte limit"
  line       = 1
  suggestion = ""
}

case "TW007-4000-byte-line" {
  rule   = "TW007"
  kind   = "negative"
  expect = false
  config = format("net.core.somaxconn = %04000d\n", 1)
}

case "TW008-bom" {
  rule       = "TW008"
  kind       = "positive"
  expect     = true
  config     = "\uFEFFnet.core.somaxconn = 4096\n"
  message    = "starts with a UTF-8 byte order mark"
  line       = 1
  suggestion = ""
}

case "TW008-no-bom" {
  rule   = "TW008"
  kind   = "negative"
  expect = false
  config = "net.core.somaxconn = 4096\n"
}

# --- TW101 tcp-tw-recycle-removed (kernel >= 4.12) ---------------------------

case "TW101-removed-on-4.12" {
  rule    = "TW101"
  kernel  = "4.12"
  profile = "generic"
  config  = "net.ipv4.tcp_tw_recycle = 0\n"
  expect  = true
  kind    = "boundary"
}

case "TW101-present-on-4.11" {
  rule   = "TW101"
  kernel = "4.11.12"
  config = "net.ipv4.tcp_tw_recycle = 0\n"
  expect = false
  kind   = "boundary"
}

case "TW101-5.15-recycle-on" {
  rule   = "TW101"
  kernel = "5.15.0-91-generic"
  config = "net.ipv4.tcp_tw_recycle = 1\n"
  expect = true
  kind   = "positive"
}

case "TW101-optional-still-fires" {
  rule   = "TW101"
  kernel = "6.8"
  config = "-net.ipv4.tcp_tw_recycle = 1\n"
  expect = true
  kind   = "positive"
}

case "TW101-unknown-kernel-skipped" {
  rule   = "TW101"
  config = "net.ipv4.tcp_tw_recycle = 1\n"
  expect = false
  kind   = "negative"
}

case "TW101-key-absent" {
  rule   = "TW101"
  kernel = "6.8"
  config = "net.ipv4.tcp_tw_reuse = 1\n"
  expect = false
  kind   = "negative"
}

# --- TW201 tcp-tw-recycle-nat (kernel < 4.12) --------------------------------

case "TW201-nat-on-4.11" {
  rule    = "TW201"
  kernel  = "4.11.12"
  profile = "web-server"
  config  = "net.ipv4.tcp_tw_recycle = 1\n"
  expect  = true
  kind    = "boundary"
}

case "TW201-gone-on-4.12" {
  rule    = "TW201"
  kernel  = "4.12"
  profile = "web-server"
  config  = "net.ipv4.tcp_tw_recycle = 1\n"
  expect  = false
  kind    = "boundary"
}

case "TW201-4.9-generic" {
  rule       = "TW201"
  kernel     = "4.9.0-19-amd64"
  config     = "net.ipv4.tcp_tw_recycle = 1\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_tw_recycle = 1 silently drops SYNs from clients that share a NAT a"
  line       = 1
  suggestion = "0"
}

case "TW201-off" {
  rule    = "TW201"
  kernel  = "4.9"
  profile = "web-server"
  config  = "net.ipv4.tcp_tw_recycle = 0\n"
  expect  = false
  kind    = "negative"
}

case "TW201-no-nat-clients" {
  rule    = "TW201"
  kernel  = "4.9"
  profile = "http-client"
  config  = "net.ipv4.tcp_tw_recycle = 1\n"
  expect  = false
  kind    = "negative"
}

# --- TW202 tcp-tw-recycle-random-offsets (< 4.12: the peers decide) ------------

case "TW202-4.9-peers-decide" {
  rule    = "TW202"
  kernel  = "4.9.337"
  profile = "http-client"
  config  = "net.ipv4.tcp_tw_recycle = 1\n"
  expect  = true
  kind    = "positive"
}

case "TW202-4.10-offsets" {
  rule    = "TW202"
  kernel  = "4.10"
  profile = "http-client"
  config  = "net.ipv4.tcp_tw_recycle = 1\n"
  expect  = true
  kind    = "boundary"
}

case "TW202-4.11-offsets" {
  rule    = "TW202"
  kernel  = "4.11.12"
  profile = "http-client"
  config  = "net.ipv4.tcp_tw_recycle = 1\n"
  expect  = true
  kind    = "boundary"
}

case "TW202-4.12-removed" {
  rule    = "TW202"
  kernel  = "4.12"
  profile = "http-client"
  config  = "net.ipv4.tcp_tw_recycle = 1\n"
  expect  = false
  kind    = "boundary"
}

case "TW202-4.10.17" {
  rule    = "TW202"
  kernel  = "4.10.17"
  profile = "database"
  config  = "net.ipv4.tcp_tw_recycle = 1\n"
  expect  = true
  kind    = "positive"
}

case "TW202-nat-profile-gets-TW201" {
  rule    = "TW202"
  kernel  = "4.11"
  profile = "web-server"
  config  = "net.ipv4.tcp_tw_recycle = 1\n"
  expect  = false
  kind    = "negative"
}

# --- TW211..TW213 tcp_timestamps ---------------------------------------------

case "TW211-off" {
  rule       = "TW211"
  config     = "net.ipv4.tcp_timestamps = 0\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_timestamps = 0 disables PAWS, makes tcp_tw_reuse a no-op (reuse ne"
  line       = 1
  suggestion = "1"
}

case "TW211-ignore-without-reason-does-not-silence" {
  rule   = "TW211"
  config = "# twadvise:ignore TW211\nnet.ipv4.tcp_timestamps = 0\n"
  expect = true
  kind   = "positive"
}

case "TW211-on" {
  rule   = "TW211"
  config = "net.ipv4.tcp_timestamps = 1\n"
  expect = false
  kind   = "negative"
}

case "TW211-silenced-by-ignore" {
  rule   = "TW211"
  config = "# twadvise:ignore TW211 peers are old load balancers\nnet.ipv4.tcp_timestamps = 0\n"
  expect = false
  kind   = "negative"
}

case "TW211-silenced-by-one-of-two" {
  rule   = "TW211"
  config = "# twadvise:ignore TW212,TW211 peers are old load balancers\nnet.ipv4.tcp_timestamps = 0\n"
  expect = false
  kind   = "negative"
}

case "TW212-three" {
  rule       = "TW212"
  config     = "net.ipv4.tcp_timestamps = 3\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_timestamps = 3 is not a documented value (0 off, 1 on with random"
  line       = 1
  suggestion = "1"
}

case "TW212-two-is-documented" {
  rule   = "TW212"
  config = "net.ipv4.tcp_timestamps = 2\n"
  expect = false
  kind   = "negative"
}

case "TW213-4.9-two" {
  rule   = "TW213"
  kernel = "4.9.337"
  config = "net.ipv4.tcp_timestamps = 2\n"
  expect = true
  kind   = "boundary"
}

case "TW213-4.10-two" {
  rule   = "TW213"
  kernel = "4.10"
  config = "net.ipv4.tcp_timestamps = 2\n"
  expect = false
  kind   = "boundary"
}

case "TW213-4.4-two" {
  rule       = "TW213"
  kernel     = "4.4.0-21-generic"
  config     = "net.ipv4.tcp_timestamps = 2\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_timestamps = 2 (on, without random offsets) exists since 4.10"
  line       = 1
  suggestion = "1"
}

case "TW213-4.4-one" {
  rule   = "TW213"
  kernel = "4.4"
  config = "net.ipv4.tcp_timestamps = 1\n"
  expect = false
  kind   = "negative"
}

# --- TW221..TW225 tcp_tw_reuse and its delay ----------------------------------

case "TW221-three" {
  rule   = "TW221"
  config = "net.ipv4.tcp_tw_reuse = 3\n"
  expect = true
  kind   = "positive"
}

case "TW221-not-a-number" {
  rule   = "TW221"
  config = "net.ipv4.tcp_tw_reuse = yes\n"
  expect = true
  kind   = "positive"
}

case "TW221-two" {
  rule   = "TW221"
  config = "net.ipv4.tcp_tw_reuse = 2\n"
  expect = false
  kind   = "negative"
}

case "TW221-zero" {
  rule   = "TW221"
  config = "net.ipv4.tcp_tw_reuse = 0\n"
  expect = false
  kind   = "negative"
}

case "TW222-web-server" {
  rule       = "TW222"
  profile    = "web-server"
  config     = "net.ipv4.tcp_tw_reuse = 1\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_tw_reuse = 1 only lets new outgoing connect() calls take over TIME"
  line       = 1
  suggestion = ""
}

case "TW222-http-client-connects" {
  rule    = "TW222"
  profile = "http-client"
  config  = "net.ipv4.tcp_tw_reuse = 1\n"
  expect  = false
  kind    = "negative"
}

case "TW222-generic" {
  rule    = "TW222"
  profile = "generic"
  config  = "net.ipv4.tcp_tw_reuse = 1\n"
  expect  = false
  kind    = "negative"
}

case "TW223-timestamps-off-in-file" {
  rule       = "TW223"
  config     = "net.ipv4.tcp_timestamps = 0\nnet.ipv4.tcp_tw_reuse = 1\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_tw_reuse = 1 has no effect"
  line       = 2
  suggestion = ""
}

case "TW223-timestamps-off-live" {
  rule   = "TW223"
  config = "net.ipv4.tcp_tw_reuse = 1\n"
  live   = { "net.ipv4.tcp_timestamps" = "0" }
  expect = true
  kind   = "positive"
}

case "TW223-timestamps-unknown" {
  rule   = "TW223"
  config = "net.ipv4.tcp_tw_reuse = 1\n"
  expect = false
  kind   = "negative"
}

case "TW223-reuse-off" {
  rule   = "TW223"
  config = "net.ipv4.tcp_timestamps = 0\nnet.ipv4.tcp_tw_reuse = 0\n"
  expect = false
  kind   = "negative"
}

case "TW224-zero" {
  rule       = "TW224"
  config     = "net.ipv4.tcp_tw_reuse_delay = 0\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_tw_reuse_delay = 0 is outside 1..60000 (milliseconds)"
  line       = 1
  suggestion = "1000"
}

case "TW224-over-60000" {
  rule   = "TW224"
  config = "net.ipv4.tcp_tw_reuse_delay = 60001\n"
  expect = true
  kind   = "positive"
}

case "TW224-60000" {
  rule   = "TW224"
  config = "net.ipv4.tcp_tw_reuse_delay = 60000\n"
  expect = false
  kind   = "negative"
}

case "TW224-one" {
  rule   = "TW224"
  config = "net.ipv4.tcp_tw_reuse_delay = 1\n"
  expect = false
  kind   = "negative"
}

case "TW225-999" {
  rule       = "TW225"
  config     = "net.ipv4.tcp_tw_reuse_delay = 999\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_tw_reuse_delay = 999 ms"
  line       = 1
  suggestion = "1000"
}

case "TW225-1000" {
  rule   = "TW225"
  config = "net.ipv4.tcp_tw_reuse_delay = 1000\n"
  expect = false
  kind   = "negative"
}

case "TW225-zero-is-TW224" {
  rule   = "TW225"
  config = "net.ipv4.tcp_tw_reuse_delay = 0\n"
  expect = false
  kind   = "negative"
}

# --- TW231, TW232 tcp_fin_timeout ---------------------------------------------

case "TW231-thirty" {
  rule       = "TW231"
  config     = "net.ipv4.tcp_fin_timeout = 30\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_fin_timeout = 30 only limits how long an orphaned connection waits"
  line       = 1
  suggestion = ""
}

case "TW231-ten" {
  rule   = "TW231"
  config = "net.ipv4.tcp_fin_timeout = 10\n"
  expect = true
  kind   = "positive"
}

case "TW231-default" {
  rule   = "TW231"
  config = "net.ipv4.tcp_fin_timeout = 60\n"
  expect = false
  kind   = "negative"
}

case "TW231-seven-is-TW232" {
  rule   = "TW231"
  config = "net.ipv4.tcp_fin_timeout = 7\n"
  expect = false
  kind   = "negative"
}

case "TW232-seven" {
  rule       = "TW232"
  config     = "net.ipv4.tcp_fin_timeout = 7\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_fin_timeout = 7 drops orphaned FIN_WAIT_2 connections before slow"
  line       = 1
  suggestion = "30"
}

case "TW232-ten" {
  rule   = "TW232"
  config = "net.ipv4.tcp_fin_timeout = 10\n"
  expect = false
  kind   = "negative"
}

# --- TW241, TW242 tcp_max_tw_buckets -------------------------------------------

case "TW241-5000" {
  rule       = "TW241"
  config     = "net.ipv4.tcp_max_tw_buckets = 5000\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_max_tw_buckets = 5000"
  line       = 1
  suggestion = "262144"
}

case "TW241-10000" {
  rule   = "TW241"
  config = "net.ipv4.tcp_max_tw_buckets = 10000\n"
  expect = false
  kind   = "negative"
}

case "TW242-12000-memory-unknown" {
  rule       = "TW242"
  config     = "net.ipv4.tcp_max_tw_buckets = 12000\n"
  expect     = true
  kind       = "positive"
  message    = "tcp_max_tw_buckets = 12000 is below the kernel default of any host wit"
  line       = 1
  suggestion = "16384"
}

case "TW242-32768-memory-unknown" {
  rule   = "TW242"
  config = "net.ipv4.tcp_max_tw_buckets = 32768\n"
  expect = false
  kind   = "negative"
}

# 16 GiB: 131072 hash slots, default 65536.
case "TW242-60000-on-16GiB" {
  rule      = "TW242"
  config    = "net.ipv4.tcp_max_tw_buckets = 60000\n"
  mem_bytes = 17179869184
  expect    = true
  kind      = "positive"
}

case "TW242-65536-on-16GiB" {
  rule      = "TW242"
  config    = "net.ipv4.tcp_max_tw_buckets = 65536\n"
  mem_bytes = 17179869184
  expect    = false
  kind      = "negative"
}

case "TW242-5000-is-TW241" {
  rule   = "TW242"
  config = "net.ipv4.tcp_max_tw_buckets = 5000\n"
  expect = false
  kind   = "negative"
}

# --- TW301..TW305 ip_local_port_range -------------------------------------------

case "TW301-reversed" {
  rule       = "TW301"
  config     = "net.ipv4.ip_local_port_range = 60999 32768\n"
  expect     = true
  kind       = "positive"
  message    = "ip_local_port_range = 60999 32768"
  line       = 1
  suggestion = "32768 60999"
}

case "TW301-zero-low" {
  rule   = "TW301"
  config = "net.ipv4.ip_local_port_range = 0 60999\n"
  expect = true
  kind   = "positive"
}

case "TW301-above-65535" {
  rule   = "TW301"
  config = "net.ipv4.ip_local_port_range = 32768 65536\n"
  expect = true
  kind   = "positive"
}

case "TW301-words" {
  rule   = "TW301"
  config = "net.ipv4.ip_local_port_range = low high\n"
  expect = true
  kind   = "positive"
}

case "TW301-default" {
  rule   = "TW301"
  config = "net.ipv4.ip_local_port_range = 32768 60999\n"
  expect = false
  kind   = "negative"
}

case "TW302-1000-on-4.11" {
  rule   = "TW302"
  kernel = "4.11"
  config = "net.ipv4.ip_local_port_range = 1000 65001\n"
  expect = true
  kind   = "boundary"
}

case "TW302-1000-on-4.10" {
  rule   = "TW302"
  kernel = "4.10.17"
  config = "net.ipv4.ip_local_port_range = 1000 65001\n"
  expect = false
  kind   = "boundary"
}

case "TW302-1023-on-5.15" {
  rule       = "TW302"
  kernel     = "5.15"
  config     = "net.ipv4.ip_local_port_range = 1023 65535\n"
  expect     = true
  kind       = "positive"
  message    = "ip_local_port_range starts at 1023, below ip_unprivileged_port_start ("
  line       = 1
  suggestion = ""
}

case "TW302-1024-on-5.15" {
  rule   = "TW302"
  kernel = "5.15"
  config = "net.ipv4.ip_local_port_range = 1024 65535\n"
  expect = false
  kind   = "negative"
}

case "TW302-unprivileged-start-lowered-first" {
  rule   = "TW302"
  kernel = "5.15"
  config = "net.ipv4.ip_unprivileged_port_start = 0\nnet.ipv4.ip_local_port_range = 1000 65001\n"
  expect = false
  kind   = "negative"
}

case "TW302-unprivileged-start-lowered-after" {
  rule   = "TW302"
  kernel = "5.15"
  config = "net.ipv4.ip_local_port_range = 1000 65001\nnet.ipv4.ip_unprivileged_port_start = 0\n"
  expect = true
  kind   = "positive"
}

case "TW303-both-even" {
  rule       = "TW303"
  config     = "net.ipv4.ip_local_port_range = 1024 65000\n"
  expect     = true
  kind       = "positive"
  message    = "ip_local_port_range = 1024 65000"
  line       = 1
  suggestion = "1024 64999"
  kernel = "5.15"
}

case "TW303-both-odd" {
  rule   = "TW303"
  config = "net.ipv4.ip_local_port_range = 1025 65535\n"
  expect = true
  kind   = "positive"
  kernel = "5.15"
}

case "TW303-default" {
  rule   = "TW303"
  config = "net.ipv4.ip_local_port_range = 32768 60999\n"
  expect = false
  kind   = "negative"
}

case "TW304-database-ports" {
  rule       = "TW304"
  profile    = "database"
  config     = "net.ipv4.ip_local_port_range = 1024 65000\n"
  expect     = true
  kind       = "positive"
  message    = "ip_local_port_range = 1024 65000 contains service port(s) 3306, 5432,"
  line       = 1
  suggestion = ""
}

case "TW304-one-port-reserved-others-not" {
  rule    = "TW304"
  profile = "database"
  config  = "net.ipv4.ip_local_reserved_ports = 3306\nnet.ipv4.ip_local_port_range = 1024 65001\n"
  expect  = true
  kind    = "positive"
}

case "TW304-all-reserved" {
  rule    = "TW304"
  profile = "database"
  config  = "net.ipv4.ip_local_reserved_ports = 3306,5432,6379,27017\nnet.ipv4.ip_local_port_range = 1024 65001\n"
  expect  = false
  kind    = "negative"
}

case "TW304-default-range" {
  rule    = "TW304"
  profile = "database"
  config  = "net.ipv4.ip_local_port_range = 32768 60999\n"
  expect  = false
  kind    = "negative"
}

case "TW304-kubelet-port" {
  rule    = "TW304"
  profile = "kubernetes-node"
  config  = "net.ipv4.ip_local_port_range = 10000 65001\n"
  expect  = true
  kind    = "positive"
}

case "TW305-default-range-for-500-per-s" {
  rule       = "TW305"
  profile    = "http-client"
  config     = "net.ipv4.ip_local_port_range = 32768 60999\n"
  expect     = true
  kind       = "positive"
  message    = "ip_local_port_range = 32768 60999 gives 28232 ports, but profile http-"
  line       = 1
  suggestion = ""
}

case "TW305-reuse-with-timestamps-off" {
  rule    = "TW305"
  profile = "http-client"
  config  = "net.ipv4.tcp_timestamps = 0\nnet.ipv4.tcp_tw_reuse = 1\nnet.ipv4.ip_local_port_range = 32768 60999\n"
  expect  = true
  kind    = "positive"
}

case "TW305-wide-range" {
  rule    = "TW305"
  profile = "http-client"
  config  = "net.ipv4.ip_local_port_range = 10240 65535\n"
  expect  = false
  kind    = "negative"
}

case "TW305-reuse-on" {
  rule    = "TW305"
  profile = "http-client"
  config  = "net.ipv4.tcp_tw_reuse = 1\nnet.ipv4.ip_local_port_range = 32768 60999\n"
  expect  = false
  kind    = "negative"
}

case "TW305-no-outbound" {
  rule    = "TW305"
  profile = "web-server"
  config  = "net.ipv4.ip_local_port_range = 32768 33000\n"
  expect  = false
  kind    = "negative"
}

# --- TW401..TW404 file limits ------------------------------------------------------

case "TW401-below-live" {
  rule       = "TW401"
  config     = "fs.file-max = 2097152\n"
  live       = { "fs.file-max" = "9223372036854775807" }
  expect     = true
  kind       = "positive"
  message    = "fs.file-max = 2097152 is below the running value 9223372036854775807"
  line       = 1
  suggestion = "9223372036854775807"
}

case "TW401-equal-live" {
  rule   = "TW401"
  config = "fs.file-max = 9223372036854775807\n"
  live   = { "fs.file-max" = "9223372036854775807" }
  expect = false
  kind   = "negative"
}

case "TW401-no-live" {
  rule   = "TW401"
  config = "fs.file-max = 2097152\n"
  expect = false
  kind   = "negative"
}

case "TW402-systemd" {
  rule   = "TW402"
  config = "fs.file-max = 2097152\n"
  expect = true
  kind   = "positive"
}

case "TW402-procps" {
  rule   = "TW402"
  loader = "procps"
  config = "fs.file-max = 2097152\n"
  expect = false
  kind   = "negative"
}

case "TW402-long-max" {
  rule   = "TW402"
  config = "fs.file-max = 9223372036854775807\n"
  expect = false
  kind   = "negative"
}

case "TW402-live-known-is-TW401" {
  rule   = "TW402"
  config = "fs.file-max = 2097152\n"
  live   = { "fs.file-max" = "9223372036854775807" }
  expect = false
  kind   = "negative"
}

case "TW403-65536" {
  rule       = "TW403"
  config     = "fs.nr_open = 65536\n"
  expect     = true
  kind       = "positive"
  message    = "fs.nr_open = 65536 is below 524288, the hard open-files limit systemd"
  line       = 1
  suggestion = "1048576"
}

case "TW403-kernel-default" {
  rule   = "TW403"
  config = "fs.nr_open = 1048576\n"
  expect = false
  kind   = "negative"
}

case "TW404-below-live" {
  rule       = "TW404"
  config     = "fs.nr_open = 524288\n"
  live       = { "fs.nr_open" = "1073741816" }
  expect     = true
  kind       = "positive"
  message    = "fs.nr_open = 524288 is below the running value 1073741816"
  line       = 1
  suggestion = "1073741816"
}

case "TW404-equal-live" {
  rule   = "TW404"
  config = "fs.nr_open = 1073741816\n"
  live   = { "fs.nr_open" = "1073741816" }
  expect = false
  kind   = "negative"
}

# --- TW601, TW602 live state (system mode) -----------------------------------------

case "TW601-drift" {
  rule       = "TW601"
  mode       = "system"
  config     = "net.core.somaxconn = 4096\n"
  live       = { "net.core.somaxconn" = "128" }
  expect     = true
  kind       = "positive"
  message    = "configured net.core.somaxconn = 4096, but the running value is 128"
  line       = 1
  suggestion = ""
}

case "TW601-same-after-normalising" {
  rule   = "TW601"
  mode   = "system"
  config = "net.ipv4.ip_local_port_range = 32768    60999\n"
  live   = { "net.ipv4.ip_local_port_range" = "32768\t60999" }
  expect = false
  kind   = "negative"
}

case "TW601-path-mode" {
  rule   = "TW601"
  config = "net.core.somaxconn = 4096\n"
  live   = { "net.core.somaxconn" = "128" }
  expect = false
  kind   = "negative"
}

case "TW602-absent" {
  rule       = "TW602"
  mode       = "system"
  config     = "net.ipv4.tcp_tw_recycle = 0\n"
  live       = { "net.core.somaxconn" = "4096" }
  expect     = true
  kind       = "positive"
  message    = "net.ipv4.tcp_tw_recycle does not exist on this kernel"
  line       = 1
  suggestion = ""
}

case "TW602-absent-optional" {
  rule   = "TW602"
  mode   = "system"
  config = "-net.ipv4.tcp_tw_recycle = 0\n"
  live   = { "net.core.somaxconn" = "4096" }
  expect = true
  kind   = "positive"
}

case "TW602-present" {
  rule   = "TW602"
  mode   = "system"
  config = "net.core.somaxconn = 4096\n"
  live   = { "net.core.somaxconn" = "4096" }
  expect = false
  kind   = "negative"
}

# --- TW102..TW105 key existence (known-keys catalogue, offline only) ------------

case "TW102-typo-with-suggestion" {
  rule   = "TW102"
  config = "net.ipv4_timestamps = 1\n"
  expect = true
  kind   = "positive"
}

case "TW102-vendor-key" {
  rule   = "TW102"
  kernel = "3.10.0-1160.el7.x86_64"
  config = "kernel.exec-shield = 1\n"
  expect = true
  kind   = "positive"
}

case "TW102-known-key" {
  rule   = "TW102"
  config = "net.core.somaxconn = 4096\n"
  expect = false
  kind   = "negative"
}

case "TW102-live-is-the-truth" {
  rule   = "TW102"
  mode   = "system"
  config = "net.ipv4_timestamps = 1\n"
  live   = { "net.core.somaxconn" = "4096" }
  expect = false
  kind   = "negative"
}

# TW103's positive cases are in cases_kernel.hcl (release edges).
case "TW103-recycle-is-TW101" {
  rule   = "TW103"
  kernel = "5.15"
  config = "net.ipv4.tcp_tw_recycle = 1\n"
  expect = false
  kind   = "negative"
}

case "TW103-known-key" {
  rule   = "TW103"
  kernel = "5.15"
  config = "net.core.somaxconn = 4096\n"
  expect = false
  kind   = "negative"
}

case "TW104-reuse-delay-on-5.15" {
  rule   = "TW104"
  kernel = "5.15"
  config = "net.ipv4.tcp_tw_reuse_delay = 1000\n"
  expect = true
  kind   = "positive"
}

case "TW104-reuse-delay-on-6.18" {
  rule   = "TW104"
  kernel = "6.18"
  config = "net.ipv4.tcp_tw_reuse_delay = 1000\n"
  expect = false
  kind   = "negative"
}

case "TW104-kernel-unknown" {
  rule   = "TW104"
  config = "net.ipv4.tcp_tw_reuse_delay = 1000\n"
  expect = false
  kind   = "negative"
}

case "TW105-conntrack" {
  rule   = "TW105"
  config = "net.netfilter.nf_conntrack_max = 262144\n"
  expect = true
  kind   = "positive"
}

case "TW105-core-key" {
  rule   = "TW105"
  config = "net.core.somaxconn = 4096\n"
  expect = false
  kind   = "negative"
}

# --- TW011, TW020 inline comments ---------------------------------------------

case "TW011-inline-comment-int" {
  rule       = "TW011"
  kind       = "positive"
  expect     = true
  config     = "net.core.somaxconn = 4096 # was 128\n"
  message    = "\"4096 # was 128\""
  line       = 1
  suggestion = "4096"
}

case "TW011-hash-inside-word-is-not-a-comment" {
  rule   = "TW011"
  kind   = "negative"
  expect = false
  config = "kernel.core_pattern = /tmp/core#%p\n"
}

case "TW011-string-key-is-TW020" {
  rule   = "TW011"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_congestion_control = bbr # fast\n"
}

case "TW020-string-key" {
  rule       = "TW020"
  kind       = "positive"
  expect     = true
  config     = "net.ipv4.tcp_congestion_control = bbr # fast\n"
  message    = "\"bbr # fast\""
  line       = 1
  suggestion = "bbr"
}

case "TW020-int-key-is-TW011" {
  rule   = "TW020"
  kind   = "negative"
  expect = false
  config = "net.core.somaxconn = 4096 # was 128\n"
}

# --- TW012 quoted values ------------------------------------------------------

case "TW012-double-quotes" {
  rule       = "TW012"
  kind       = "positive"
  expect     = true
  config     = "net.ipv4.tcp_rmem = \"4096 87380 16777216\"\n"
  message    = "\"4096 87380 16777216\""
  line       = 1
  suggestion = "4096 87380 16777216"
}

case "TW012-single-quotes" {
  rule   = "TW012"
  kind   = "positive"
  expect = true
  config = "kernel.shmmax = '68719476736'\n"
}

case "TW012-plain" {
  rule   = "TW012"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_rmem = 4096 87380 16777216\n"
}

# --- TW013 tuned syntax -------------------------------------------------------

case "TW013-raise-only" {
  rule       = "TW013"
  kind       = "positive"
  expect     = true
  config     = "net.core.somaxconn=>2048\n"
  message    = "\"=>2048\" is tuned's raise-only / lower-only syntax"
  line       = 1
  suggestion = "2048"
}

case "TW013-plain" {
  rule   = "TW013"
  kind   = "negative"
  expect = false
  config = "net.core.somaxconn = 2048\n"
}

# --- TW014 empty values -------------------------------------------------------

case "TW014-empty" {
  rule       = "TW014"
  kind       = "positive"
  expect     = true
  config     = "net.core.somaxconn =\n"
  message    = "net.core.somaxconn is assigned nothing"
  line       = 1
  suggestion = ""
}

case "TW014-value" {
  rule   = "TW014"
  kind   = "negative"
  expect = false
  config = "net.core.somaxconn = 0\n"
}

# --- TW015 semicolon comments -------------------------------------------------

case "TW015-semicolon" {
  rule       = "TW015"
  kind       = "positive"
  expect     = true
  config     = "; tuned for the web tier\nnet.core.somaxconn = 8192\n"
  message    = "\";\" comment"
  line       = 1
  suggestion = ""
}

case "TW015-hash" {
  rule   = "TW015"
  kind   = "negative"
  expect = false
  config = "# tuned for the web tier ; really\nnet.core.somaxconn = 8192\n"
}

# --- TW016 duplicate keys -----------------------------------------------------

case "TW016-different-values" {
  rule       = "TW016"
  kind       = "positive"
  expect     = true
  config     = "fs.file-max = 2097152\nvm.swappiness = 10\nfs.file-max = 209708\n"
  message    = "fs.file-max is set again in the same file with a different value"
  line       = 3
  suggestion = ""
}

case "TW016-counts-instead-of-listing" {
  rule       = "TW016"
  kind       = "positive"
  expect     = true
  config     = "net.core.somaxconn = 1024\nnet.core.somaxconn = 2048\nnet.core.somaxconn = 8192\nnet.core.somaxconn = 8192\n"
  message    = "overrides 2 earlier assignment(s), first at line 1"
  line       = 4
  suggestion = ""
}

case "TW016-across-files-is-how-sysctl-d-overrides" {
  rule   = "TW016"
  kind   = "negative"
  expect = false
  root   = "roots/override"
}

case "TW016-same-value-as-the-kernel-reads-it" {
  rule   = "TW016"
  kind   = "negative"
  expect = false
  config = "net.core.somaxconn = 256\nnet.core.somaxconn = 0x100\n"
}

# --- TW017 "-" prefix under procps --------------------------------------------

case "TW017-procps" {
  rule       = "TW017"
  kind       = "positive"
  expect     = true
  loader     = "procps"
  config     = "-net.ipv4.tcp_tw_reuse_delay = 1000\n"
  message    = "\"-net.ipv4.tcp_tw_reuse_delay\""
  line       = 1
  suggestion = ""
}

case "TW017-systemd-honours-it" {
  rule   = "TW017"
  kind   = "negative"
  expect = false
  config = "-net.ipv4.tcp_tw_reuse_delay = 1000\n"
}

# --- TW018 /etc/sysctl.conf unread by systemd --------------------------------

case "TW018-no-link" {
  rule       = "TW018"
  kind       = "positive"
  expect     = true
  root       = "roots/unlinked"
  message    = "1 settings in /etc/sysctl.conf are never applied"
  line       = 2
  suggestion = ""
}

case "TW018-linked" {
  rule   = "TW018"
  kind   = "negative"
  expect = false
  root   = "roots/linked"
}

case "TW018-procps-reads-it" {
  rule   = "TW018"
  kind   = "negative"
  expect = false
  loader = "procps"
  root   = "roots/unlinked"
}

# --- TW019 exclusion after an assignment -------------------------------------

case "TW019-exclusion-after" {
  rule       = "TW019"
  kind       = "positive"
  expect     = true
  config     = "vm.swappiness = 10\n-vm.swappiness\n"
  message    = "\"-vm.swappiness\" drops the assignment at case.conf:1 under systemd-sys"
  line       = 2
  suggestion = ""
}

case "TW019-exclusion-before" {
  rule   = "TW019"
  kind   = "negative"
  expect = false
  config = "-vm.swappiness\nvm.swappiness = 10\n"
}

case "TW019-procps-keeps-it" {
  rule   = "TW019"
  kind   = "negative"
  expect = false
  loader = "procps"
  config = "vm.swappiness = 10\n-vm.swappiness\n"
}

# --- TW111 bounds ------------------------------------------------------------

case "TW111-u8-above-255" {
  rule   = "TW111"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_keepalive_probes = 300\n"
}

case "TW111-syn-retries-above-127" {
  rule   = "TW111"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_syn_retries = 128\n"
}

case "TW111-syn-retries-zero" {
  rule   = "TW111"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_syn_retries = 0\n"
}

case "TW111-in-range" {
  rule   = "TW111"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_syn_retries = 127\nnet.ipv4.tcp_keepalive_probes = 255\n"
}

case "TW111-tw-reuse-left-to-TW221" {
  rule   = "TW111"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_tw_reuse = 3\n"
}

# --- TW411, TW412 syncookies ---------------------------------------------------

case "TW411-off" {
  rule       = "TW411"
  kind       = "positive"
  expect     = true
  config     = "net.ipv4.tcp_syncookies = 0\n"
  message    = "tcp_syncookies = 0"
  line       = 1
  suggestion = "1"
}

case "TW411-on" {
  rule   = "TW411"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_syncookies = 1\n"
}

case "TW412-always" {
  rule       = "TW412"
  kind       = "positive"
  expect     = true
  config     = "net.ipv4.tcp_syncookies = 2\n"
  message    = "tcp_syncookies = 2 sends cookies for every connection, even without a"
  line       = 1
  suggestion = "1"
}

case "TW412-on" {
  rule   = "TW412"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_syncookies = 1\n"
}

# --- TW413 somaxconn at or below 4096 on 5.4+ ------------------------------------

case "TW413-default-on-5.4" {
  rule   = "TW413"
  kind   = "boundary"
  expect = true
  kernel = "5.4"
  config = "net.core.somaxconn = 4096\n"
}

case "TW413-was-128-on-5.3" {
  rule   = "TW413"
  kind   = "boundary"
  expect = false
  kernel = "5.3.18"
  config = "net.core.somaxconn = 4096\n"
}

case "TW413-lowered" {
  rule       = "TW428"
  kind       = "positive"
  expect     = true
  kernel     = "6.8"
  config     = "net.core.somaxconn = 1024\n"
  message    = "net.core.somaxconn = 1024 is below this release's default (4096 since Linux 5.4)"
  line       = 1
  suggestion = "4096"
}

case "TW413-raised" {
  rule   = "TW413"
  kind   = "negative"
  expect = false
  kernel = "6.8"
  config = "net.core.somaxconn = 65535\n"
}

# --- TW414 tcp_max_orphans ---------------------------------------------------

case "TW414-below-live" {
  rule       = "TW414"
  kind       = "positive"
  expect     = true
  config     = "net.ipv4.tcp_max_orphans = 65536\n"
  live       = { "net.ipv4.tcp_max_orphans" = "131072" }
  message    = "tcp_max_orphans = 65536 is below the running value 131072"
  line       = 1
  suggestion = ""
}

case "TW414-offline-low" {
  rule   = "TW414"
  kind   = "positive"
  expect = true
  config = "net.ipv4.tcp_max_orphans = 4096\n"
}

case "TW414-raised" {
  rule   = "TW414"
  kind   = "negative"
  expect = false
  config = "net.ipv4.tcp_max_orphans = 262144\n"
  live   = { "net.ipv4.tcp_max_orphans" = "131072" }
}

# --- TW415, TW416 conntrack 0 ----------------------------------------------------

case "TW415-zero" {
  rule       = "TW415"
  kind       = "positive"
  expect     = true
  config     = "net.netfilter.nf_conntrack_max = 0\n"
  message    = "nf_conntrack_max = 0 does not disable connection tracking"
  line       = 1
  suggestion = ""
}

case "TW415-limit" {
  rule   = "TW415"
  kind   = "negative"
  expect = false
  config = "net.netfilter.nf_conntrack_max = 262144\n"
}

case "TW416-zero" {
  rule       = "TW416"
  kind       = "positive"
  expect     = true
  config     = "net.nf_conntrack_max = 0\n"
  message    = "net.nf_conntrack_max = 0 does not disable connection tracking"
  line       = 1
  suggestion = ""
}

case "TW416-limit" {
  rule   = "TW416"
  kind   = "negative"
  expect = false
  config = "net.nf_conntrack_max = 262144\n"
}

# --- TW417 rmem_max without tcp_rmem -------------------------------------------

case "TW417-rmem-alone" {
  rule       = "TW417"
  kind       = "positive"
  expect     = true
  config     = "net.core.rmem_max = 16777216\n"
  message    = "net.core.rmem_max = 16777216 only caps what applications ask for with"
  line       = 1
  suggestion = ""
}

case "TW417-wmem-alone" {
  rule   = "TW417"
  kind   = "positive"
  expect = true
  config = "net.core.wmem_max = 16777216\nnet.ipv4.tcp_rmem = 4096 87380 16777216\n"
}

case "TW417-with-tcp-rmem" {
  rule   = "TW417"
  kind   = "negative"
  expect = false
  config = "net.core.rmem_max = 16777216\nnet.ipv4.tcp_rmem = 4096 87380 16777216\n"
}

# --- TW501, TW502 namespaces ------------------------------------------------------

case "TW501-k8s-node-per-netns-key" {
  rule       = "TW501"
  kind       = "positive"
  expect     = true
  profile    = "kubernetes-node"
  config     = "net.ipv4.tcp_fin_timeout = 30\n"
  message    = "net.ipv4.tcp_fin_timeout is per network namespace"
  line       = 1
  suggestion = ""
}

case "TW501-global-key" {
  rule    = "TW501"
  kind    = "negative"
  expect  = false
  profile = "kubernetes-node"
  config  = "net.core.rmem_max = 16777216\n"
}

case "TW501-no-containers" {
  rule    = "TW501"
  kind    = "negative"
  expect  = false
  profile = "web-server"
  config  = "net.ipv4.tcp_fin_timeout = 30\n"
}

case "TW502-global-in-child" {
  rule   = "TW502"
  kind   = "positive"
  expect = true
  mode   = "system"
  netns  = "child"
  config = "net.core.rmem_max = 16777216\n"
}

case "TW502-per-netns-in-child" {
  rule   = "TW502"
  kind   = "negative"
  expect = false
  mode   = "system"
  netns  = "child"
  config = "net.ipv4.tcp_fin_timeout = 30\n"
}

case "TW502-global-on-host" {
  rule   = "TW502"
  kind   = "negative"
  expect = false
  mode   = "system"
  netns  = "initial"
  config = "net.core.rmem_max = 16777216\n"
}

# --- TW306, TW611-TW615 live census (fake /proc/net under testdata/roots) -----
# census-busy: 60 outbound TIME_WAIT to 10.0.0.9:443 in a 100-port range,
# tcp_max_tw_buckets 64, TcpExtTCPTimeWaitOverflow 5, 70 CLOSE_WAIT held by
# pid 4242, 950 of 1000 file handles, a listener on 40001 inside the range.
# census-quiet: none of that.

case "TW306-listener-in-range" {
  rule       = "TW306"
  kind       = "positive"
  expect     = true
  root       = "roots/census-busy"
  message    = "ip_local_port_range = 40000 40099 contains port(s) 40001 that somethin"
  line       = 2
  suggestion = ""
}

case "TW306-quiet" {
  rule   = "TW306"
  kind   = "negative"
  expect = false
  root   = "roots/census-quiet"
}

case "TW306-no-census-offline" {
  rule   = "TW306"
  kind   = "negative"
  expect = false
  config = "net.ipv4.ip_local_port_range = 40000 40099\n"
}

case "TW611-near-limit" {
  rule       = "TW611"
  kind       = "positive"
  expect     = true
  root       = "roots/census-busy"
  message    = "60 sockets in TIME_WAIT"
  line       = 0
  suggestion = ""
}

case "TW611-quiet" {
  rule   = "TW611"
  kind   = "negative"
  expect = false
  root   = "roots/census-quiet"
}

case "TW612-overflowed" {
  rule       = "TW612"
  kind       = "positive"
  expect     = true
  root       = "roots/census-busy"
  message    = "TcpExtTCPTimeWaitOverflow is 5"
  line       = 0
  suggestion = ""
}

case "TW612-quiet" {
  rule   = "TW612"
  kind   = "negative"
  expect = false
  root   = "roots/census-quiet"
}

case "TW613-most-of-the-range" {
  rule       = "TW613"
  kind       = "positive"
  expect     = true
  root       = "roots/census-busy"
  message    = "60 outbound sockets to 10.0.0.9:443 are in TIME_WAIT"
  line       = 0
  suggestion = ""
}

case "TW613-quiet" {
  rule   = "TW613"
  kind   = "negative"
  expect = false
  root   = "roots/census-quiet"
}

case "TW614-pileup" {
  rule       = "TW614"
  kind       = "positive"
  expect     = true
  root       = "roots/census-busy"
  message    = "70 sockets in CLOSE_WAIT, most held by leaky-app (pid 4242, 70)"
  line       = 0
  suggestion = ""
}

case "TW614-quiet" {
  rule   = "TW614"
  kind   = "negative"
  expect = false
  root   = "roots/census-quiet"
}

case "TW615-near-limit" {
  rule       = "TW615"
  kind       = "positive"
  expect     = true
  root       = "roots/census-busy"
  message    = "950 file handles are allocated of fs.file-max 1000"
  line       = 0
  suggestion = ""
}

case "TW615-quiet" {
  rule   = "TW615"
  kind   = "negative"
  expect = false
  root   = "roots/census-quiet"
}

# --- TW616-TW621: the kernel's counters, from fixtures per release era -----
# The netstat and snmp files are written with the counter list of
# net/ipv4/proc.c of each era's tree (3.10.4, 5.12.9, 6.14: PAWSPassive only
# in the first, PAWSOldAck only in the last) and invented values:
# census-el7-paws: tcp_tw_recycle = 1 and TcpExtPAWSPassive 18433;
# census-5x-memory: TCPMemoryPressures 212, TCPAbortOnMemory 1877, 190233
#   pages against tcp_mem 94011 125351 188022, 9132 orphans of 32768;
# census-6x-conntrack: nf_conntrack 262101 of 262144 with drops and
#   early_drops, ListenOverflows 5531, TCPReqQFullDoCookies 120, and a
#   listener on 8080 (gunicorn, pid 2211) with 129 connections waiting.

case "TW616-overflows-since-boot" {
  rule       = "TW616"
  kind       = "positive"
  expect     = true
  root       = "roots/census-6x-conntrack"
  message    = "the longest accept queue is on 0.0.0.0:8080 (gunicorn, pid 2211), 129"
  line       = 0
  suggestion = ""
}

case "TW616-quiet" {
  rule   = "TW616"
  kind   = "negative"
  expect = false
  root   = "roots/census-5x-memory"
}

case "TW617-syncookies-answered" {
  rule       = "TW617"
  kind       = "positive"
  expect     = true
  root       = "roots/census-6x-conntrack"
  message    = "a SYN queue overflowed"
  line       = 0
  suggestion = ""
}

case "TW617-quiet" {
  rule   = "TW617"
  kind   = "negative"
  expect = false
  root   = "roots/census-el7-paws"
}

case "TW618-tw-recycle-rejects-nat" {
  rule       = "TW618"
  kind       = "positive"
  expect     = true
  root       = "roots/census-el7-paws"
  message    = "TcpExtPAWSPassive is 18433"
  line       = 0
  suggestion = ""
}

case "TW618-no-counter-on-6x" {
  rule   = "TW618"
  kind   = "negative"
  expect = false
  root   = "roots/census-6x-conntrack"
}

case "TW619-orphans-quarter-of-limit" {
  rule       = "TW619"
  kind       = "positive"
  expect     = true
  root       = "roots/census-5x-memory"
  message    = "9132 orphaned sockets against net.ipv4.tcp_max_orphans 32768"
  line       = 0
  suggestion = ""
}

case "TW619-quiet" {
  rule   = "TW619"
  kind   = "negative"
  expect = false
  root   = "roots/census-6x-conntrack"
}

case "TW620-memory-pressure" {
  rule       = "TW620"
  kind       = "positive"
  expect     = true
  root       = "roots/census-5x-memory"
  message    = "TcpExtTCPMemoryPressures 212, TcpExtTCPAbortOnMemory 1877 since boot"
  line       = 0
  suggestion = ""
}

case "TW620-quiet" {
  rule   = "TW620"
  kind   = "negative"
  expect = false
  root   = "roots/census-6x-conntrack"
}

case "TW621-table-full" {
  rule       = "TW621"
  kind       = "positive"
  expect     = true
  root       = "roots/census-6x-conntrack"
  message    = "the conntrack table holds 262101 of nf_conntrack_max 262144 entries"
  line       = 0
  suggestion = ""
}

case "TW621-no-conntrack" {
  rule   = "TW621"
  kind   = "negative"
  expect = false
  root   = "roots/census-5x-memory"
}

# --- TW701 profile-requirement-unmet ----------------------------------------

case "TW701-redis-overcommit-heuristic" {
  rule       = "TW701"
  kind       = "positive"
  expect     = true
  profile    = "redis"
  config     = "vm.overcommit_memory = 0\n"
  message    = "vm.overcommit_memory = 0 does not meet profile redis (= 1)"
  line       = 1
  suggestion = ""
}

case "TW701-kubelet-panic" {
  rule    = "TW701"
  kind    = "positive"
  expect  = true
  profile = "kubernetes-node"
  kernel  = "5.15"
  config  = "kernel.panic = 0\n"
}

case "TW701-elasticsearch-map-count-low" {
  rule    = "TW701"
  kind    = "positive"
  expect  = true
  profile = "elasticsearch"
  kernel  = "6.8"
  config  = "vm.max_map_count = 65530\n"
}

case "TW701-hardened-redirects" {
  rule    = "TW701"
  kind    = "positive"
  expect  = true
  profile = "hardened"
  kernel  = "4.19"
  config  = "net.ipv4.conf.all.accept_redirects = 1\n"
}

case "TW701-met" {
  rule    = "TW701"
  kind    = "negative"
  expect  = false
  profile = "redis"
  config  = "vm.overcommit_memory = 1\n"
}

case "TW701-key-not-set-path-mode" {
  rule    = "TW701"
  kind    = "negative"
  expect  = false
  profile = "postgresql"
  config  = "net.core.somaxconn = 4096\n"
}

case "TW701-at-least-higher-kept" {
  rule    = "TW701"
  kind    = "negative"
  expect  = false
  profile = "elasticsearch"
  config  = "vm.max_map_count = 1048576\n"
}

case "TW701-gated-key-older-kernel" {
  rule    = "TW701"
  kind    = "negative"
  expect  = false
  profile = "hardened"
  kernel  = "4.14"
  config  = "fs.protected_fifos = 0\n"
}

# From 5.13 tcp_timestamps is a u8 (proc_dou8vec_minmax): 300 is rejected,
# which TW111 reports; TW212 stays quiet there and speaks where it is stored.
case "TW212-300-rejected-on-5.15" {
  rule   = "TW212"
  config = "net.ipv4.tcp_timestamps = 300\n"
  kernel = "5.15"
  expect = false
  kind   = "boundary"
}

case "TW212-300-stored-on-4.9" {
  rule    = "TW212"
  config  = "net.ipv4.tcp_timestamps = 300\n"
  kernel  = "4.9"
  expect  = true
  kind    = "boundary"
  message = "the kernel accepts it"
}
