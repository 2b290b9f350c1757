// Code generated once from /usr/include/linux/net_namespace.h (Linux 6.1 UAPI) by extracting its enums
// and defines; edited by hand since. Members newer than 6.1 are added by
// hand with the kernel release that introduced them. Names are the
// kernel's.

package uapi

// Network namespace id attributes (NETNSA_*), RTM_NEWNSID.
const (
	NETNSA_NSID         = 1
	NETNSA_PID          = 2
	NETNSA_FD           = 3
	NETNSA_TARGET_NSID  = 4
	NETNSA_CURRENT_NSID = 5
)
