//go:build linux

package bpf

import (
	"encoding/binary"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
)

// Test programs, built with cilium/ebpf/asm so no C compiler is needed.

const testPort = 9999 // the UDP port the counting programs count

// Return codes.
const (
	tcActOK     = 0  // TC_ACT_OK
	tcActShot   = 2  // TC_ACT_SHOT
	tcActUnspec = -1 // TC_ACT_UNSPEC: cls_bpf's "use the filter's classid"
	xdpDrop     = 1  // XDP_DROP
	xdpPass     = 2  // XDP_PASS
)

// be16 returns v as the kernel reads a big-endian u16 from a packet into
// a register on this host.
func be16(v uint16) int32 {
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], v)
	return int32(binary.NativeEndian.Uint16(b[:]))
}

// countInsns counts IPv4 UDP datagrams to testPort in slot 0 of m, a
// per-CPU array of u64, and returns ret for every packet. dataOff and
// endOff are the offsets of the packet pointers in the context
// (__sk_buff: 76, 80; xdp_md: 0, 4).
//
//	r2 = data; r3 = data_end
//	if data+42 > data_end: pass      (Ethernet 14 + IPv4 20 + UDP 8)
//	if ethertype != IPv4 || proto != UDP || dport != testPort: pass
//	(*lookup(m, 0))++
//	pass: return ret
func countInsns(m *ebpf.Map, dataOff, endOff int16, ret int32) asm.Instructions {
	return asm.Instructions{
		asm.LoadMem(asm.R2, asm.R1, dataOff, asm.Word),
		asm.LoadMem(asm.R3, asm.R1, endOff, asm.Word),
		asm.Mov.Reg(asm.R4, asm.R2),
		asm.Add.Imm(asm.R4, 42),
		asm.JGT.Reg(asm.R4, asm.R3, "pass"),
		asm.LoadMem(asm.R5, asm.R2, 12, asm.Half),
		asm.JNE.Imm(asm.R5, be16(0x0800), "pass"),
		asm.LoadMem(asm.R5, asm.R2, 23, asm.Byte),
		asm.JNE.Imm(asm.R5, 17, "pass"),
		asm.LoadMem(asm.R5, asm.R2, 36, asm.Half),
		asm.JNE.Imm(asm.R5, be16(testPort), "pass"),
		asm.StoreImm(asm.RFP, -4, 0, asm.Word),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, -4),
		asm.LoadMapPtr(asm.R1, m.FD()),
		asm.FnMapLookupElem.Call(),
		asm.JEq.Imm(asm.R0, 0, "pass"),
		asm.LoadMem(asm.R1, asm.R0, 0, asm.DWord),
		asm.Add.Imm(asm.R1, 1),
		asm.StoreMem(asm.R0, 0, asm.R1, asm.DWord),
		asm.Mov.Imm(asm.R0, ret).WithSymbol("pass"),
		asm.Return(),
	}
}

// retInsns returns ret for every packet.
func retInsns(ret int32) asm.Instructions {
	return asm.Instructions{asm.Mov.Imm(asm.R0, ret), asm.Return()}
}

// loadProg loads a program, skipping t when the kernel refuses BPF
// altogether, and closes it with t.
func loadProg(t *testing.T, typ ebpf.ProgramType, name string, insns asm.Instructions) *ebpf.Program {
	t.Helper()
	p, err := ebpf.NewProgram(&ebpf.ProgramSpec{Name: name, Type: typ, Instructions: insns, License: "GPL"})
	if err != nil {
		t.Fatalf("load %s program %s: %v", typ, name, err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// counter is a per-CPU array with one u64 slot.
type counter struct{ m *ebpf.Map }

func newCounter(t *testing.T) counter {
	t.Helper()
	m, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.PerCPUArray, KeySize: 4, ValueSize: 8, MaxEntries: 1})
	if err != nil {
		t.Fatalf("new per-cpu array: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return counter{m}
}

// sum returns the slot's total over every CPU.
func (c counter) sum(t *testing.T) uint64 {
	t.Helper()
	var vs []uint64
	if err := c.m.Lookup(uint32(0), &vs); err != nil {
		t.Fatalf("read counter: %v", err)
	}
	var n uint64
	for _, v := range vs {
		n += v
	}
	return n
}

// The programs of the tests.
func tcCounter(t *testing.T, c counter) *ebpf.Program {
	return loadProg(t, ebpf.SchedCLS, "nlr_count", countInsns(c.m, 76, 80, tcActOK))
}

func tcDropper(t *testing.T) *ebpf.Program {
	return loadProg(t, ebpf.SchedCLS, "nlr_drop", retInsns(tcActShot))
}

func xdpCounter(t *testing.T, c counter) *ebpf.Program {
	return loadProg(t, ebpf.XDP, "nlr_xcount", countInsns(c.m, 0, 4, xdpPass))
}

func xdpDropper(t *testing.T) *ebpf.Program {
	return loadProg(t, ebpf.XDP, "nlr_xdrop", retInsns(xdpDrop))
}
