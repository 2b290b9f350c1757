// Code generated once from /usr/include/linux/if_addr.h (Linux 6.1 UAPI) by extracting its enums
// and defines; edited by hand since. Members newer than 6.1 are added by
// hand with the kernel release that introduced them. Names are the
// kernel's.

package uapi

// Address attributes (IFA_*).
const (
	IFA_ADDRESS        = 1
	IFA_LOCAL          = 2
	IFA_LABEL          = 3
	IFA_BROADCAST      = 4
	IFA_ANYCAST        = 5
	IFA_CACHEINFO      = 6
	IFA_MULTICAST      = 7
	IFA_FLAGS          = 8
	IFA_RT_PRIORITY    = 9
	IFA_TARGET_NETNSID = 10
	IFA_PROTO          = 11
)

// Address flags (ifa_flags, IFA_FLAGS).
const (
	IFA_F_SECONDARY      = 0x01
	IFA_F_NODAD          = 0x02
	IFA_F_OPTIMISTIC     = 0x04
	IFA_F_DADFAILED      = 0x08
	IFA_F_HOMEADDRESS    = 0x10
	IFA_F_DEPRECATED     = 0x20
	IFA_F_TENTATIVE      = 0x40
	IFA_F_PERMANENT      = 0x80
	IFA_F_MANAGETEMPADDR = 0x100
	IFA_F_NOPREFIXROUTE  = 0x200
	IFA_F_MCAUTOJOIN     = 0x400
	IFA_F_STABLE_PRIVACY = 0x800
)

// Address protocols (IFA_PROTO).
const (
	IFAPROT_UNSPEC    = 0
	IFAPROT_KERNEL_LO = 1
	IFAPROT_KERNEL_RA = 2
	IFAPROT_KERNEL_LL = 3
)
