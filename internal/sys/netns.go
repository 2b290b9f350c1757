package sys

import "strconv"

// NetNS names a network namespace. The zero value is the caller's own
// namespace; the others come from [NetNSPath], [NetNSFD] and [NetNSPID].
// A NetNS is a plain value: it holds no descriptor and needs no closing.
type NetNS struct {
	kind nsKind
	path string // nsPath
	n    int    // fd for nsFD, pid for nsPID
}

type nsKind uint8

const (
	nsCurrent nsKind = iota
	nsPath
	nsFD
	nsPID
)

// NetNSPath names the namespace bound at path, such as
// "/var/run/netns/NAME" (what `ip netns add NAME` creates) or
// "/proc/PID/ns/net".
func NetNSPath(path string) NetNS { return NetNS{kind: nsPath, path: path} }

// NetNSFD names the namespace referred to by the open descriptor fd. The
// caller keeps ownership of fd and must keep it open while the NetNS is in
// use.
func NetNSFD(fd int) NetNS { return NetNS{kind: nsFD, n: fd} }

// NetNSPID names the network namespace of process pid, through
// /proc/PID/ns/net.
func NetNSPID(pid int) NetNS { return NetNS{kind: nsPID, n: pid} }

// IsCurrent reports whether ns is the zero NetNS, the caller's own
// namespace.
func (ns NetNS) IsCurrent() bool { return ns.kind == nsCurrent }

// String describes ns for messages: "current", "path /var/run/netns/x",
// "fd 7" or "pid 42".
func (ns NetNS) String() string {
	switch ns.kind {
	case nsPath:
		return "path " + ns.path
	case nsFD:
		return "fd " + strconv.Itoa(ns.n)
	case nsPID:
		return "pid " + strconv.Itoa(ns.n)
	}
	return "current"
}
