// Package rules loads twadvise's rules and workload profiles, which are HCL
// data (built-ins embedded from builtin/*.hcl, users' from --rules DIR and
// --profile FILE.hcl), and evaluates them over the facts the kernel package
// gathers into findings.
//
// A rule names a key (or key pattern), an optional kernel version
// constraint, and a condition written as an HCL expression over the facts:
//
//	rule "TW231" {
//	  name     = "tcp-fin-timeout-not-time-wait"
//	  key      = "net.ipv4.tcp_fin_timeout"
//	  severity = "info"
//	  when     = num != null && num < 60
//	  message  = "tcp_fin_timeout = ${value} does not shorten TIME_WAIT"
//	  ...
//	}
//
// docs/rules.md documents the language and every fact and function.
package rules
