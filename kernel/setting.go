package kernel

// Loader names the program that applies sysctl files at boot. The two really
// differ (procps applies /etc/sysctl.conf last; systemd reads it only through
// a 99-sysctl.conf symlink), so every result says which one it models.
type Loader string

const (
	LoaderSystemd Loader = "systemd" // systemd-sysctl(8)
	LoaderProcps  Loader = "procps"  // procps sysctl --system
	LoaderAuto    Loader = "auto"    // resolved by ResolveLoader
)

// A Setting is one assignment (or exclusion) in one file.
type Setting struct {
	Key      string // canonical dotted form, e.g. "net.ipv4.conf.eth0/100.forwarding"
	RawKey   string // the key as written, without the "-" prefix
	Value    string // verbatim, surrounding blanks and CR removed; an inline "# ..." stays
	File     string // in-root path (system mode) or the path as given (PATH mode)
	Line     int    // 1-based
	Optional bool   // "-" prefix: a failure to set it is ignored
	Glob     bool   // key contains * ? or [
	Exclude  bool   // "-key" without "=": excluded from globs
	// BlankAfterDash marks "- key = value": systemd strips the blank,
	// procps keeps it in the key and so sets nothing.
	BlankAfterDash bool
	// Ignore holds the "# twadvise:ignore" directive directly above this line, if any.
	Ignore *IgnoreDirective
}

// IgnoreDirective is a "# twadvise:ignore RULE[,RULE] reason" comment line.
type IgnoreDirective struct {
	Rules  []string
	Reason string
	File   string
	Line   int
}

// A Diagnostic is a problem with a line or a file that the loaders would
// skip, misread or complain about. Diagnostics never stop a run.
type Diagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Key     string `json:"key,omitempty"` // the sysctl it is about, when there is one
}

// Diagnostic kinds.
const (
	DiagNoAssignment   = "no-assignment" // a line without "=" that is not an exclusion
	DiagEmptyKey       = "empty-key"     // " = 5"
	DiagBadKey         = "bad-key"       // blanks inside the key, "..", empty components
	DiagUnreadable     = "unreadable"    // the file could not be read
	DiagBinary         = "binary"        // NUL bytes or invalid UTF-8
	DiagLineTooLong    = "line-too-long"
	DiagBOM            = "bom"                        // a UTF-8 byte order mark before the first key
	DiagSemicolon      = "semicolon-comment"          // a ";" comment line
	DiagConfUnread     = "sysctl-conf-unread"         // systemd never reads /etc/sysctl.conf here
	DiagExclusionDrops = "exclusion-drops-assignment" // "-key" after "key = v": systemd drops the assignment
)

// LiveStatus says what reading a key under /proc/sys gave.
type LiveStatus string

const (
	LiveOK         LiveStatus = "ok"
	LiveAbsent     LiveStatus = "absent"     // the kernel has no such key
	LiveDenied     LiveStatus = "denied"     // permission denied
	LiveUnreadable LiveStatus = "unreadable" // write-only (e.g. net.ipv4.route.flush) or read error
	LiveNotRead    LiveStatus = "not-read"   // live values were not consulted
)

// Live is a key's running value.
type Live struct {
	Value  string
	Status LiveStatus
}
