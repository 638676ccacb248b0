# Syntax and meta rules (TW0xx): lines the loaders skip or misread, and
# twadvise's own ignore directives. Parser diagnostics become findings here.

rule "TW001" {
  name        = "ignore-directive"
  title       = "A twadvise:ignore directive is malformed or suppresses nothing"
  diagnostic  = "twadvise-ignore"
  severity    = "warning"
  message     = detail
  remediation = "Write \"# twadvise:ignore RULE[,RULE] reason\" directly above the assignment it silences, naming a rule that fires there and saying why."
  references  = ["DESIGN.md, Suppression"]
}

rule "TW002" {
  name        = "not-an-assignment"
  title       = "A line without \"=\" is not an assignment"
  diagnostic  = "no-assignment"
  severity    = "error"
  message     = detail
  remediation = "Write \"key = value\", comment the line out with \"#\", or write \"-key\" to exclude a key from globs."
  references  = ["sysctl.d(5)", "systemd src/sysctl/sysctl.c parse_file(): \"Line is not an assignment\"", "procps-ng src/sysctl.c Preload(): \"invalid syntax, continuing...\""]
}

rule "TW003" {
  name        = "empty-key"
  title       = "An assignment has no key"
  diagnostic  = "empty-key"
  severity    = "error"
  message     = detail
  remediation = "Write the key before \"=\" or delete the line."
  references  = ["sysctl.d(5)", "procps-ng src/sysctl.c Preload()", "systemd src/sysctl/sysctl.c parse_file()"]
}

rule "TW004" {
  name        = "malformed-key"
  title       = "A key can never name a sysctl"
  diagnostic  = "bad-key"
  severity    = "error"
  message     = detail
  remediation = "Keys are lower-case components separated by \".\" (or \"/\"), with no blanks: check the spelling against `sysctl -a`."
  references  = ["sysctl.d(5)", "proc(5): /proc/sys"]
}

rule "TW005" {
  name        = "file-skipped"
  title       = "A configuration file is skipped"
  diagnostic  = "unreadable"
  severity    = "warning"
  message     = detail
  remediation = "Make it a readable regular file (or a symlink to one), or remove it."
  references  = ["sysctl.d(5)"]
}

rule "TW006" {
  name        = "binary-content"
  title       = "A file or line is not text"
  diagnostic  = "binary"
  severity    = "error"
  message     = detail
  remediation = "Sysctl files are plain text: remove the binary content or the file."
  references  = ["sysctl.d(5)"]
}

rule "TW007" {
  name        = "line-too-long"
  title       = "A line is longer than any sysctl value"
  diagnostic  = "line-too-long"
  severity    = "error"
  message     = detail
  remediation = "A sysctl value is at most one page (4096 bytes); split or remove the line."
  references  = ["sysctl.conf(5) BUGS: values are limited to 4096 characters"]
}

rule "TW008" {
  name        = "byte-order-mark"
  title       = "The file starts with a byte order mark"
  diagnostic  = "bom"
  severity    = "error"
  message     = detail
  remediation = "Save the file as UTF-8 without a BOM; the first key is otherwise never found."
  references  = ["sysctl.d(5): a key is a path below /proc/sys", "procps-ng src/sysctl.c Preload()"]
}

rule "TW009" {
  name        = "waiver-expired"
  title       = "A waiver in the project configuration has expired"
  diagnostic  = "waiver-expired"
  severity    = "warning"
  message     = detail
  remediation = "Fix what the waiver silenced, or renew it in .twadvise.hcl with a new expires date and a reason that still holds."
  references  = ["DESIGN.md, Suppression", "docs/ci.md, Waivers"]
}
