package tc

import (
	"fmt"
	"strconv"
	"strings"
)

// Handle is a traffic control handle or class id: a 16-bit major number
// (the qdisc) and a 16-bit minor number (the class), written "maj:min" in
// hexadecimal as tc writes it. "1:0" is 0x10000, "ffff:1" is 0xffff0001.
type Handle uint32

// Well-known handles and parents.
const (
	HandleNone    Handle = 0          // TC_H_UNSPEC: no handle, let the kernel choose
	HandleRoot    Handle = 0xffffffff // TC_H_ROOT: the root of a link's egress
	HandleIngress Handle = 0xfffffff1 // TC_H_INGRESS, TC_H_CLSACT: the ingress and clsact qdiscs' parent
	// HandleMinIngress and HandleMinEgress are the minor numbers of the
	// clsact qdisc's ingress and egress hooks: filters attach to parent
	// ffff:fff2 (ingress) and ffff:fff3 (egress).
	HandleMinIngress Handle = 0xfff2 // TC_H_MIN_INGRESS
	HandleMinEgress  Handle = 0xfff3 // TC_H_MIN_EGRESS
	// HandleClsactIngress and HandleClsactEgress are the full parents of
	// clsact filters.
	HandleClsactIngress Handle = 0xfffffff2
	HandleClsactEgress  Handle = 0xfffffff3
	// HandleIngressQdisc is the handle the ingress and clsact qdiscs get
	// when none is given (ffff:0).
	HandleIngressQdisc Handle = 0xffff0000
)

// MakeHandle returns the handle maj:min.
func MakeHandle(maj, min uint16) Handle { return Handle(uint32(maj)<<16 | uint32(min)) }

// Major returns the major number (the qdisc).
func (h Handle) Major() uint16 { return uint16(h >> 16) }

// Minor returns the minor number (the class).
func (h Handle) Minor() uint16 { return uint16(h) }

// String formats h as tc does: "root", "none", "1:", ":1", "1:10".
func (h Handle) String() string {
	switch {
	case h == HandleRoot:
		return "root"
	case h == HandleNone:
		return "none"
	case h.Major() == 0:
		return ":" + strconv.FormatUint(uint64(h.Minor()), 16)
	case h.Minor() == 0:
		return strconv.FormatUint(uint64(h.Major()), 16) + ":"
	}
	return strconv.FormatUint(uint64(h.Major()), 16) + ":" + strconv.FormatUint(uint64(h.Minor()), 16)
}

// ParseHandle parses a handle as tc does: "maj:min" in hexadecimal with
// either half optional ("1:", ":1", "1:0", "ffff:fff1"), a bare
// hexadecimal number taken whole ("10000"), or one of the names "root",
// "none", "ingress" and "clsact" (both ffff:fff1), "egress" (ffff:fff3).
// It returns an error naming the text for anything else ("1:2:3", "zz:").
// It does not allocate on success.
func ParseHandle(s string) (Handle, error) {
	switch strings.ToLower(s) {
	case "root":
		return HandleRoot, nil
	case "none":
		return HandleNone, nil
	case "ingress", "clsact":
		return HandleIngress, nil
	case "egress":
		return HandleClsactEgress, nil
	}
	maj, min, colon := strings.Cut(s, ":")
	if !colon {
		v, err := strconv.ParseUint(s, 16, 32)
		if err != nil {
			return 0, fmt.Errorf("tc: bad handle %q", s)
		}
		return Handle(v), nil
	}
	var hi, lo uint64
	var err error
	if maj != "" {
		if hi, err = strconv.ParseUint(maj, 16, 16); err != nil {
			return 0, fmt.Errorf("tc: bad handle %q: major %q", s, maj)
		}
	}
	if min != "" {
		if lo, err = strconv.ParseUint(min, 16, 16); err != nil {
			return 0, fmt.Errorf("tc: bad handle %q: minor %q", s, min)
		}
	}
	if maj == "" && min == "" {
		return 0, fmt.Errorf("tc: bad handle %q", s)
	}
	return Handle(hi<<16 | lo), nil
}

// MustParseHandle is ParseHandle for constants: it panics on an error.
func MustParseHandle(s string) Handle {
	h, err := ParseHandle(s)
	if err != nil {
		panic(err)
	}
	return h
}

// handleOf converts a handle given in pyroute2's style: a Handle, an
// integer, or a string ParseHandle accepts. nil is HandleNone.
func handleOf(v any) (Handle, error) {
	switch x := v.(type) {
	case nil:
		return HandleNone, nil
	case Handle:
		return x, nil
	case string:
		return ParseHandle(x)
	}
	u, err := toUint(v)
	if err != nil || u > 0xffffffff {
		return 0, fmt.Errorf("tc: bad handle %v (%T)", v, v)
	}
	return Handle(u), nil
}
