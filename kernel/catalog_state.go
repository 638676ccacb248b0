package kernel

import (
	"fmt"
	"strings"
)

// KeyStatus is the catalogue's verdict on a key for a target kernel.
type KeyStatus string

// Verdicts, from most to least reassuring for the caller.
const (
	// KeyKnown: the key exists on the target kernel (or its history is
	// unknown, in which case DESIGN.md says to assume it exists).
	KeyKnown KeyStatus = "known"
	// KeyModule: the key exists once Module is loaded.
	KeyModule KeyStatus = "module"
	// KeyNotYetAdded: the key appeared after the target kernel.
	KeyNotYetAdded KeyStatus = "not-yet-added"
	// KeyRemoved: the key was removed at or before the target kernel.
	KeyRemoved KeyStatus = "removed"
	// KeyUnknown: no mainline kernel in the catalogue has this key.
	KeyUnknown KeyStatus = "unknown"
)

// KeyVerdict is KeyState's answer, with what a message needs to explain it.
type KeyVerdict struct {
	Status KeyStatus
	Key    string // the key in canonical spelling
	// Version is the release that removed (KeyRemoved) or added
	// (KeyNotYetAdded) the key; zero otherwise.
	Version Version
	Source  string // where Version comes from
	// Unverified is true when Version is not confirmed against a primary
	// source: report the verdict as likely, not as fact.
	Unverified bool
	Module     string // the module the key needs, for any status
	// Note is set for vendor kernels, whose keys may differ from mainline.
	Note string
}

// KeyState says whether key exists on the target kernel. With a nil target
// only the catalogue is consulted (known, module or unknown). Where a key's
// history is not recorded it is assumed to exist on every kernel: a false
// "unknown key" costs more trust than a missed one. For vendor kernels
// (Release.Vendor set) the verdict carries a Note, because distributions
// backport keys (and carry keys mainline never had).
func KeyState(key string, target *Release) KeyVerdict {
	canon := CanonicalKey(strings.TrimSpace(key))
	v := KeyVerdict{Status: KeyUnknown, Key: canon}
	if target != nil && target.Vendor != "" {
		v.Note = fmt.Sprintf("%s is a vendor kernel (%s): distributions backport keys, so its keys may differ from mainline %s; on the host, /proc/sys is the truth",
			target.Raw, target.Vendor, target.Version)
	}
	info, ok := loadedCatalogue().lookup(canon)
	if !ok {
		return v
	}
	v.Module = info.Module
	v.Status = KeyKnown
	if info.Module != "" {
		v.Status = KeyModule
	}
	if target == nil {
		return v
	}
	if c, ok := info.Removed(); ok && c.HasVersion() && !target.Version.Less(c.Version) {
		v.Status, v.Version, v.Source, v.Unverified = KeyRemoved, c.Version, c.Source, c.Unverified
		return v
	}
	if c, ok := info.Added(); ok && c.HasVersion() && target.Version.Less(c.Version) {
		v.Status, v.Version, v.Source, v.Unverified = KeyNotYetAdded, c.Version, c.Source, c.Unverified
	}
	return v
}
