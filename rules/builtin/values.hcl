# Values the loaders write verbatim and the kernel then misreads or rejects
# (TW01x), and settings whose effect depends on the loader.
# Sources: sysctl.d(5), sysctl.conf(5), the loaders' source and the kernel's
# handlers, as each rule cites them.

rule "TW011" {
  name        = "inline-comment"
  title       = "An inline comment is part of the value"
  description = "Checks for \"# ...\" after a value. sysctl files have no inline comments: both loaders write the comment to the kernel as part of the value. Integer keys ignore the trailing text (info); other keys may reject the write (warning). Harmless only on integer keys."
  key         = "*"
  scope       = "every"
  severity    = key_info(key).numeric ? "info" : "warning"
  when        = length(regexall("(^|[ \t])#", value)) > 0 && key_info(key).type != "string"
  suggest     = trimspace(regex("^[^#]*", value))
  message     = key_info(key).numeric ? "\"${value}\": both loaders write the comment to the kernel as part of the value; ${key} is an integer key, whose handler ignores the text after the number" : "\"${value}\": both loaders write the comment to the kernel as part of the value; integer keys ignore the text after the number, other keys reject it"
  remediation = "Put comments on their own line: sysctl files have no inline comments."
  references  = ["sysctl.d(5): lines starting with # or ; are comments", "procps-ng src/sysctl.c Preload() and systemd src/sysctl/sysctl.c parse_file(): the value runs to the end of the line", "kernel/sysctl.c proc_dointvec(): text after the number is ignored"]
}

rule "TW020" {
  name        = "inline-comment-string-key"
  title       = "An inline comment breaks a string value"
  description = "Checks for \"# ...\" after the value of a string key (a name such as tcp_congestion_control). The loaders write the comment to the kernel as part of the value, and the write fails, so the setting is not applied."
  key         = "*"
  scope       = "every"
  severity    = "error"
  when        = length(regexall("(^|[ \t])#", value)) > 0 && key_info(key).type == "string"
  suggest     = trimspace(regex("^[^#]*", value))
  message     = "\"${value}\": both loaders write the comment to the kernel as part of the value, and ${key} takes a name, so the write fails"
  remediation = "Put comments on their own line: sysctl files have no inline comments."
  references  = ["sysctl.d(5): lines starting with # or ; are comments", "net/ipv4/sysctl_net_ipv4.c proc_tcp_congestion_control(): an unknown name is an error"]
}

rule "TW012" {
  name        = "quoted-value"
  title       = "A value is quoted"
  description = "Checks for values wrapped in quotes. The loaders do not strip quotes, so the kernel receives them and rejects the value; the setting is not applied."
  key         = "*"
  scope       = "every"
  severity    = "error"
  when        = length(regexall("^[\"'].*[\"']$", value)) > 0
  suggest     = trim(value, "\"'")
  message     = "${value}: the loaders do not strip quotes, so the kernel receives them and rejects the value (\"Invalid argument\")"
  remediation = "Write the value without quotes, even when it contains blanks: key = 4096 87380 6291456."
  references  = ["sysctl.conf(5)", "kernel/sysctl.c proc_dointvec(): a value that does not start with a number is rejected (EINVAL)"]
}

rule "TW013" {
  name        = "tuned-syntax"
  title       = "tuned's \">\" / \"<\" modifier is not sysctl syntax"
  description = "Checks for tuned's \">\" and \"<\" value modifiers, which only tuned understands. sysctl loaders write them to the kernel, which rejects the value."
  key         = "*"
  scope       = "every"
  severity    = "error"
  when        = length(regexall("^[<>]", value)) > 0
  suggest     = trimspace(substr(value, 1, -1))
  message     = "\"=${value}\" is tuned's raise-only / lower-only syntax; sysctl loaders write \"${value}\" to the kernel, which rejects it"
  remediation = "Write a plain value. To keep a higher running value, leave the key out or let twadvise advise choose an at-least value."
  references  = ["tuned-main.conf / tuned profile [sysctl] section: \">\" and \"<\" modifiers", "sysctl.d(5)"]
}

rule "TW014" {
  name        = "empty-value"
  title       = "A key is assigned an empty value"
  description = "Checks for keys assigned an empty value. procps writes an empty string, which integer keys reject; systemd-sysctl may skip it. The intent is unclear either way: give a value or delete the line."
  key         = "*"
  scope       = "every"
  severity    = "warning"
  when        = value == "" && !glob
  message     = "${key} is assigned nothing: procps writes an empty line, which integer keys reject (\"Invalid argument\"); systemd-sysctl writes nothing when the key is already empty"
  remediation = "Give a value, or delete the line to keep the current one."
  references  = ["sysctl.conf(5)", "procps-ng src/sysctl.c WriteSetting()", "kernel/sysctl.c proc_dointvec(): no number, no value (EINVAL)"]
}

rule "TW015" {
  name        = "semicolon-comment"
  title       = "A \";\" comment is not portable across systemd versions"
  description = "Reports comments that start with \";\". sysctl.d(5) documents them, but some systemd versions only skip \"#\" comments, so the line can be read as a malformed assignment. Informational; switching to \"#\" costs nothing."
  diagnostic  = "semicolon-comment"
  severity    = "info"
  message     = detail
  remediation = "Start comments with \"#\", which every loader version skips."
  references  = ["sysctl.d(5) (documents \";\")", "systemd src/basic/conf-files.c conf_file_read(): skips only \"#\" lines"]
}

rule "TW016" {
  name        = "duplicate-key"
  title       = "A key is set twice in one file with different values"
  description = "Checks for a key set more than once in one file with different values. The loaders apply the last one; ansible.posix.sysctl keeps the first, so the same file means different things to different tools. Ignore it only if no other tool reads the file."
  key         = "*"
  scope       = "effective"
  severity    = "warning"
  when        = !glob && overrides_in_file().count > 0
  message     = "${key} is set again in the same file with a different value; the last one applied (${value}, here) wins and overrides ${overrides_in_file().count} earlier assignment(s), first at line ${overrides_in_file().first_line}; ansible.posix.sysctl would keep the first"
  remediation = "Keep one assignment per key, in the file that should own it."
  references  = ["sysctl.d(5): the last assignment wins", "ansible.posix.sysctl (ansible-collections/ansible.posix plugins/modules/sysctl.py): reads the file and keeps the first of duplicate keys"]
}

rule "TW017" {
  name        = "optional-prefix-procps"
  title       = "procps sysctl -p does not honour \"-\" for missing keys"
  description = "Reports \"-key\" lines when the loader is procps. The \"-\" prefix tells systemd-sysctl to ignore a missing key, but procps `sysctl -p` still fails on it (only `sysctl --system` honours it). Matters where files are applied with `sysctl -p`."
  key         = "*"
  scope       = "every"
  severity    = "info"
  when        = optional && loader == "procps"
  message     = "\"-${key}\": the \"-\" prefix makes systemd-sysctl ignore a failure, but procps `sysctl -p` still fails with \"cannot stat\" when the key is missing (only `sysctl --system` ignores it)"
  remediation = "Run this file through systemd-sysctl or sysctl --system, or make sure the key exists where it is applied."
  references  = ["procps-ng src/sysctl.c WriteSetting(): stat() before the ignore_failure check", "sysctl(8): --system"]
}

rule "TW018" {
  name        = "sysctl-conf-not-read"
  title       = "systemd never applies /etc/sysctl.conf without a sysctl.d link"
  description = "Reports /etc/sysctl.conf when systemd-sysctl is the loader and no sysctl.d link points at it. systemd-sysctl does not read /etc/sysctl.conf by itself, so its settings are never applied at boot; wrong to ignore unless the file is intentionally unused."
  diagnostic  = "sysctl-conf-unread"
  severity    = "warning"
  message     = detail
  remediation = "Move the settings into /etc/sysctl.d/*.conf, or create the link: ln -s ../sysctl.conf /etc/sysctl.d/99-sysctl.conf."
  references  = ["systemd issue #8360 (systemd-sysctl does not read /etc/sysctl.conf)", "sysctl.d(5)"]
}

rule "TW019" {
  name        = "exclusion-drops-assignment"
  title       = "An exclusion after an assignment of the same key drops it under systemd"
  description = "Reports a \"-key\" exclusion that follows an assignment of the same key. In systemd-sysctl the later line replaces the earlier one, so the assignment is dropped; an exclusion is only meant to keep a glob off a key."
  diagnostic  = "exclusion-drops-assignment"
  severity    = "warning"
  message     = detail
  remediation = "Remove either the assignment or the \"-key\" line; an exclusion is only meant to keep a glob off a key."
  references  = ["systemd src/sysctl/sysctl.c parse_file(): exclusions and assignments share one table, the later replaces the earlier"]
}
