package kernel

// ReadRegularFile reads a regular file at a host path (not inside a root),
// refusing FIFOs, devices, directories and files larger than limit bytes,
// without ever blocking on a FIFO. It exists so other packages reading
// untrusted files (fleet reports) get the same protections as sysctl files.
// Errors wrap ErrNotRegular or ErrTooLarge where they apply.
func ReadRegularFile(hostPath string, limit int64) ([]byte, error) {
	return readRegular(hostPath, limit)
}
