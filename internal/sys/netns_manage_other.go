//go:build !linux

package sys

// CreateNetNS fails with an *Error wrapping ErrNotSupported: network
// namespaces are Linux's. See the Linux documentation.
func CreateNetNS(dir, name string) error { return unsupported("create netns") }

// RemoveNetNS fails with an *Error wrapping ErrNotSupported.
func RemoveNetNS(path string) error { return unsupported("remove netns") }

// IsNetNS reports false: there are no network namespaces here.
func IsNetNS(path string) bool { return false }
