package rtnl

import (
	"encoding/binary"
	"fmt"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// EventFilter describes which notifications a [Monitor]'s socket keeps;
// Compile turns it into a classic BPF socket filter that the kernel runs
// on every notification before queueing it, so the rest never takes room
// in the receive buffer (nor a wake-up). Empty fields select nothing out;
// the conditions of the fields set must all hold:
//
//   - Types: the message type is one of these (RTM_NEWROUTE …).
//   - Tables: a route notification's RTA_TABLE is one of these (other
//     objects pass).
//   - IfIndexes: the interface index of a link, address or neighbour
//     notification (the family header's index), or a route's RTA_OIF, is
//     one of these. Multipath routes, which have no RTA_OIF, pass; other
//     objects pass.
//   - DropPortIDs: drop notifications caused by requests from these
//     ports (nlmsg_pid): the way to skip the echoes of one's own changes,
//     DropPortIDs: []uint32{ipr.Conn().PortID()}.
//
// The program reads the first message of each datagram; the kernel sends
// every notification in a datagram of its own. It has a few instructions
// per value given; at most 200 values in all.
type EventFilter struct {
	Types       []wire.MsgType
	Tables      []uint32
	IfIndexes   []int
	DropPortIDs []uint32
}

// Classic BPF opcodes (linux/filter.h, linux/bpf_common.h).
const (
	bpfLdW    = 0x00 | 0x00 | 0x20 // BPF_LD|BPF_W|BPF_ABS
	bpfLdH    = 0x00 | 0x08 | 0x20 // BPF_LD|BPF_H|BPF_ABS
	bpfLdImm  = 0x00               // BPF_LD|BPF_W|BPF_IMM
	bpfLdInd  = 0x00 | 0x40        // BPF_LD|BPF_W|BPF_IND
	bpfLdxImm = 0x01               // BPF_LDX|BPF_W|BPF_IMM
	bpfJeq    = 0x05 | 0x10        // BPF_JMP|BPF_JEQ|BPF_K
	bpfJa     = 0x05               // BPF_JMP|BPF_JA
	bpfRet    = 0x06               // BPF_RET|BPF_K
	bpfTax    = 0x07               // BPF_MISC|BPF_TAX

	skfAdNlattr = 0xfffff000 + 12 // SKF_AD_OFF + SKF_AD_NLATTR

	// Offsets in a notification: the nlmsghdr, then the family header.
	offType    = 4
	offPID     = 12
	offIndex   = wire.HeaderLen + 4  // ifi_index, ifa_index, ndm_ifindex
	offRtAttrs = wire.HeaderLen + 12 // the attributes after struct rtmsg

	maxFilterValues = 200
)

// label names a place in a program being assembled.
type label int

const (
	lAccept label = -1 - iota
	lDrop
	lTypeOK
	lTable
	lTableOK
	lFixed
	lRouteOIF
)

// asm assembles a classic BPF program with forward jumps to labels.
type asm struct {
	ins    []ring.SockFilter
	jt, jf []label // 0: fall through
	at     map[label]int
}

func (a *asm) op(code uint16, k uint32) {
	a.ins = append(a.ins, ring.SockFilter{Code: code, K: k})
	a.jt, a.jf = append(a.jt, 0), append(a.jf, 0)
}

// jeq jumps to t when A == k, falls through otherwise.
func (a *asm) jeq(k uint32, t label) {
	a.op(bpfJeq, k)
	a.jt[len(a.jt)-1] = t
}

// ja jumps to t.
func (a *asm) ja(t label) {
	a.op(bpfJa, 0)
	a.jt[len(a.jt)-1] = t
}

func (a *asm) mark(l label) { a.at[l] = len(a.ins) }

// resolve fills in the jump offsets.
func (a *asm) resolve() ([]ring.SockFilter, error) {
	for i := range a.ins {
		off := func(l label) (int, error) {
			if l == 0 {
				return 0, nil
			}
			at, ok := a.at[l]
			if !ok || at <= i {
				return 0, fmt.Errorf("rtnl: event filter: bad jump at %d", i)
			}
			return at - i - 1, nil
		}
		t, err := off(a.jt[i])
		if err != nil {
			return nil, err
		}
		f, err := off(a.jf[i])
		if err != nil {
			return nil, err
		}
		if a.ins[i].Code == bpfJa {
			a.ins[i].K = uint32(t)
			continue
		}
		if t > 255 || f > 255 {
			return nil, fmt.Errorf("rtnl: event filter: program too long (jump of %d)", max(t, f))
		}
		a.ins[i].Jt, a.ins[i].Jf = uint8(t), uint8(f)
	}
	return a.ins, nil
}

// be16 and be32 return the value a BPF load (network order) reads from a
// field the kernel wrote in native order.
func be16(v uint16) uint32 {
	var b [2]byte
	binary.NativeEndian.PutUint16(b[:], v)
	return uint32(binary.BigEndian.Uint16(b[:]))
}

func be32(v uint32) uint32 {
	var b [4]byte
	binary.NativeEndian.PutUint32(b[:], v)
	return binary.BigEndian.Uint32(b[:])
}

// Compile returns the socket filter program f describes, for
// ring.Config.Filter (MonitorConfig.Filter compiles it for you). A filter
// with every field empty compiles to a program accepting everything. An
// error names a value out of range or a program that would be too long.
func (f *EventFilter) Compile() ([]ring.SockFilter, error) {
	if n := len(f.Types) + len(f.Tables) + len(f.IfIndexes) + len(f.DropPortIDs); n > maxFilterValues {
		return nil, fmt.Errorf("rtnl: event filter: %d values, at most %d", n, maxFilterValues)
	}
	a := &asm{at: map[label]int{}}
	if len(f.DropPortIDs) > 0 {
		a.op(bpfLdW, offPID)
		for _, p := range f.DropPortIDs {
			a.jeq(be32(p), lDrop)
		}
	}
	if len(f.Types) > 0 {
		a.op(bpfLdH, offType)
		for _, t := range f.Types {
			a.jeq(be16(uint16(t)), lTypeOK)
		}
		a.ja(lDrop)
		a.mark(lTypeOK)
	}
	if len(f.Tables) > 0 {
		a.op(bpfLdH, offType)
		a.jeq(be16(uapi.RTM_NEWROUTE), lTable)
		a.jeq(be16(uapi.RTM_DELROUTE), lTable)
		a.ja(lTableOK)
		a.mark(lTable)
		a.attrU32(uapi.RTA_TABLE, lDrop)
		for _, t := range f.Tables {
			a.jeq(be32(t), lTableOK)
		}
		a.ja(lDrop)
		a.mark(lTableOK)
	}
	if len(f.IfIndexes) > 0 {
		if err := f.ifIndexes(a); err != nil {
			return nil, err
		}
	}
	a.mark(lAccept)
	a.op(bpfRet, 0xffffffff)
	a.mark(lDrop)
	a.op(bpfRet, 0)
	return a.resolve()
}

// attrU32 loads the u32 value of route attribute t into A, jumping to
// missing when the notification has none.
func (a *asm) attrU32(t uint16, missing label) {
	a.op(bpfLdImm, offRtAttrs)
	a.op(bpfLdxImm, uint32(t))
	a.op(bpfLdW, skfAdNlattr) // A = offset of attribute X from offset A, or 0
	a.jeq(0, missing)
	a.op(bpfTax, 0)
	a.op(bpfLdInd, 4) // the value, after the 4-byte nlattr header
}

func (f *EventFilter) ifIndexes(a *asm) error {
	a.op(bpfLdH, offType)
	for _, t := range []uint16{uapi.RTM_NEWLINK, uapi.RTM_DELLINK, uapi.RTM_NEWADDR,
		uapi.RTM_DELADDR, uapi.RTM_NEWNEIGH, uapi.RTM_DELNEIGH} {
		a.jeq(be16(t), lFixed)
	}
	a.jeq(be16(uapi.RTM_NEWROUTE), lRouteOIF)
	a.jeq(be16(uapi.RTM_DELROUTE), lRouteOIF)
	a.ja(lAccept)
	a.mark(lFixed)
	a.op(bpfLdW, offIndex)
	for _, i := range f.IfIndexes {
		if i <= 0 || i > 1<<31-1 {
			return fmt.Errorf("rtnl: event filter: interface index %d out of range", i)
		}
		a.jeq(be32(uint32(i)), lAccept)
	}
	a.ja(lDrop)
	a.mark(lRouteOIF)
	a.attrU32(uapi.RTA_OIF, lAccept)
	for _, i := range f.IfIndexes {
		a.jeq(be32(uint32(i)), lAccept)
	}
	a.ja(lDrop)
	return nil
}
