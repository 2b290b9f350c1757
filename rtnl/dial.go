package rtnl

import "syscall"

// ErrNotSupported matches (errors.Is) the error of a request the
// platform cannot carry out: on FreeBSD, OpenBSD, Darwin and Windows
// every request but the getters [Dial] documents is answered with
// EOPNOTSUPP and the extended-ack text "not supported on GOOS". It is
// that errno, so a Linux kernel's own EOPNOTSUPP refusal (an operation
// a driver or link kind lacks) matches it too, and it matches
// errors.ErrUnsupported as every EOPNOTSUPP does.
var ErrNotSupported error = syscall.EOPNOTSUPP
