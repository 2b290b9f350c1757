// Package uapi holds kernel constants of the rtnetlink UAPI (IFLA_*,
// RTA_*, RTM_* …) under the kernel's own names, for the code that must
// build on every platform nlroute supports.
//
// It keeps only what that code needs: every package of the module also
// builds for FreeBSD, OpenBSD, Darwin and Windows (internal/pfroute and
// internal/iphlp emulate rtnetlink there), where golang.org/x/sys/unix has
// no rtnetlink constants. A constant that unix exports on Linux with the
// same value and that no portable file uses is not declared here:
// Linux-only files (build-tagged linux, bench/) use unix.NAME instead.
//
// The tables were extracted once from the Linux 6.1 headers in
// /usr/include/linux and are maintained by hand since; each file names the
// header it comes from, and members newer than 6.1 carry the release that
// introduced them. TestHeaders checks every value against the headers
// installed on the machine. The package holds no code.
package uapi
