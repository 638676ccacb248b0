# Workload profiles (TW7xx): what the profile's applications require.

rule "TW701" {
  name        = "profile-requirement-unmet"
  title       = "A value does not meet what the workload profile requires"
  description = "The profile's recommendation comes from its application's own documentation or code (kubelet's --protect-kernel-defaults, Elasticsearch's bootstrap checks, Redis's start-up warnings, PostgreSQL's kernel-resources chapter, KSPP and CIS for hardened). It counts only for keys the checked files set (PATH mode) or that are in effect (system mode): a key nobody set is not a finding. `twadvise profiles` lists each recommendation with its source."
  diagnostic  = "profile-requirement"
  severity    = "warning"
  message     = detail
  remediation = "Set the value the profile names (twadvise generate --from FILE corrects it in place), or choose a profile that matches the host."
  references  = ["DESIGN.md, Profile", "docs/profiles.md"]
}
