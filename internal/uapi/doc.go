// Package uapi holds kernel constants of the rtnetlink UAPI (IFLA_*,
// RTA_*, RTM_* …) under the kernel's own names, so code can be checked
// against the C headers line by line.
//
// The tables were extracted once from the Linux 6.1 headers in
// /usr/include/linux and are maintained by hand since; each file names the
// header it comes from, and members newer than 6.1 carry the release that
// introduced them. The package holds no code.
package uapi
