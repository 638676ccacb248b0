# Syntax and meta rules (TW0xx): lines the loaders skip or misread, and
# twadvise's own ignore directives. Parser diagnostics become findings here.

rule "TW001" {
  name        = "ignore-directive"
  title       = "A twadvise:ignore directive is malformed or suppresses nothing"
  description = "Checks every \"# twadvise:ignore\" directive: it must name known rules, give a reason, and silence a finding on the next line. A directive that silences nothing usually means the line moved or the rule ID is wrong, and then the finding it was meant for is reported again or, worse, a different one is hidden. Do not ignore it: fix or delete the directive."
  diagnostic  = "twadvise-ignore"
  severity    = "warning"
  message     = detail
  remediation = "Write \"# twadvise:ignore RULE[,RULE] reason\" directly above the assignment it silences, naming a rule that fires there and saying why."
  references  = ["DESIGN.md, Suppression"]
}

rule "TW002" {
  name        = "not-an-assignment"
  title       = "A line without \"=\" is not an assignment"
  description = "Reports lines that are neither comments nor \"key = value\" assignments. systemd-sysctl logs them and exits with status 1; procps prints \"invalid syntax, continuing...\". Either way the intended setting is not applied, so it is wrong to ignore unless the line is meant as a comment."
  diagnostic  = "no-assignment"
  severity    = "error"
  message     = detail
  remediation = "Write \"key = value\", comment the line out with \"#\", or write \"-key\" to exclude a key from globs."
  references  = ["sysctl.d(5)", "systemd src/sysctl/sysctl.c parse_file(): \"Line is not an assignment\"", "procps-ng src/sysctl.c Preload(): \"invalid syntax, continuing...\""]
}

rule "TW003" {
  name        = "empty-key"
  title       = "An assignment has no key"
  description = "Reports assignments with nothing before \"=\". Both loaders reject the line and apply nothing from it; it is a typo or a broken template, never intended."
  diagnostic  = "empty-key"
  severity    = "error"
  message     = detail
  remediation = "Write the key before \"=\" or delete the line."
  references  = ["sysctl.d(5)", "procps-ng src/sysctl.c Preload()", "systemd src/sysctl/sysctl.c parse_file()"]
}

rule "TW004" {
  name        = "malformed-key"
  title       = "A key can never name a sysctl"
  description = "Reports keys that cannot name any file under /proc/sys (blanks, upper case, empty components). The loaders try to write a path that cannot exist and the setting is lost; check the spelling against `sysctl -a`."
  diagnostic  = "bad-key"
  severity    = "error"
  message     = detail
  remediation = "Keys are lower-case components separated by \".\" (or \"/\"), with no blanks: check the spelling against `sysctl -a`."
  references  = ["sysctl.d(5)", "proc(5): /proc/sys"]
}

rule "TW005" {
  name        = "file-skipped"
  title       = "A configuration file is skipped"
  description = "Reports configuration files the loaders skip: unreadable, not regular files, or broken symlinks. Every setting in such a file is silently missing at boot, so it is wrong to ignore unless the file is meant to be disabled."
  diagnostic  = "unreadable"
  severity    = "warning"
  message     = detail
  remediation = "Make it a readable regular file (or a symlink to one), or remove it."
  references  = ["sysctl.d(5)"]
}

rule "TW006" {
  name        = "binary-content"
  title       = "A file or line is not text"
  description = "Reports files or lines that contain binary data. A binary file in sysctl.d is usually a misplaced backup or a corrupted write; its lines are not meaningful assignments."
  diagnostic  = "binary"
  severity    = "error"
  message     = detail
  remediation = "Sysctl files are plain text: remove the binary content or the file."
  references  = ["sysctl.d(5)"]
}

rule "TW007" {
  name        = "line-too-long"
  title       = "A line is longer than any sysctl value"
  description = "Reports lines longer than one page (4096 bytes), more than any sysctl value. procps documents the limit; such a line is almost always a mangled file."
  diagnostic  = "line-too-long"
  severity    = "error"
  message     = detail
  remediation = "A sysctl value is at most one page (4096 bytes); split or remove the line."
  references  = ["sysctl.conf(5) BUGS: values are limited to 4096 characters"]
}

rule "TW008" {
  name        = "byte-order-mark"
  title       = "The file starts with a byte order mark"
  description = "Reports a UTF-8 byte order mark at the start of a file. The loaders keep it as part of the first key, so that key is never found and its setting is not applied."
  diagnostic  = "bom"
  severity    = "error"
  message     = detail
  remediation = "Save the file as UTF-8 without a BOM; the first key is otherwise never found."
  references  = ["sysctl.d(5): a key is a path below /proc/sys", "procps-ng src/sysctl.c Preload()"]
}

rule "TW009" {
  name        = "waiver-expired"
  title       = "A waiver in the project configuration has expired"
  description = "Reports waivers in .twadvise.hcl whose expiry date has passed. A waiver is a time-limited promise to fix something; once it expires, the silenced finding should be fixed or the waiver renewed with a reason that still holds."
  diagnostic  = "waiver-expired"
  severity    = "warning"
  message     = detail
  remediation = "Fix what the waiver silenced, or renew it in .twadvise.hcl with a new expires date and a reason that still holds."
  references  = ["DESIGN.md, Suppression", "docs/ci.md, Waivers"]
}
