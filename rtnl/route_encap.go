package rtnl

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Lightweight tunnel encapsulations of routes (RTA_ENCAP_TYPE and
// RTA_ENCAP): the typed forms and the translation of pyroute2's encap
// dict ({"type": "mpls", "labels": "200/300"}) into them.

// Encap is a route's (or a next hop's) lightweight tunnel encapsulation:
// one of *MPLSEncap, *SEG6Encap, *SEG6LocalEncap, *IP6Encap, *BPFEncap.
// The interface is sealed.
type Encap interface {
	// EncapType returns the LWTUNNEL_ENCAP_* value.
	EncapType() uint16
	// appendEncap appends the attributes inside RTA_ENCAP, in type
	// order, without allocating.
	appendEncap(b *wire.Builder)
}

// MPLSLabelMax is the largest MPLS label, 2^20-1.
const MPLSLabelMax = 1<<20 - 1

// MPLSLabel is one entry of an MPLS label stack. The bottom-of-stack
// bit is set by the encoder on the last entry of a stack.
type MPLSLabel struct {
	Label uint32 // 0 … MPLSLabelMax
	TC    uint8  // traffic class, 0 … 7
	TTL   uint8
}

// lse returns the label stack entry, big-endian order applied by the
// caller: label(20) tc(3) bos(1) ttl(8).
func (l MPLSLabel) lse(bos bool) uint32 {
	v := l.Label<<12 | uint32(l.TC&7)<<9 | uint32(l.TTL)
	if bos {
		v |= 1 << 8
	}
	return v
}

// putLabels appends a label stack attribute of type t.
func putLabels(b *wire.Builder, t uint16, labels []MPLSLabel) {
	tok := b.Nest(t) // a plain attribute: the header, then the entries
	for i, l := range labels {
		p := b.Reserve(4)
		if p != nil {
			binary.BigEndian.PutUint32(p, l.lse(i == len(labels)-1))
		}
	}
	b.EndNest(tok)
}

// MPLSEncap pushes a label stack (LWTUNNEL_ENCAP_MPLS).
type MPLSEncap struct {
	Labels []MPLSLabel
	TTL    uint8 // MPLS_IPTUNNEL_TTL; 0 leaves it out
}

// EncapType returns LWTUNNEL_ENCAP_MPLS.
func (*MPLSEncap) EncapType() uint16 { return uapi.LWTUNNEL_ENCAP_MPLS }

func (e *MPLSEncap) appendEncap(b *wire.Builder) {
	putLabels(b, uapi.MPLS_IPTUNNEL_DST, e.Labels)
	if e.TTL != 0 {
		b.PutUint8(uapi.MPLS_IPTUNNEL_TTL, e.TTL)
	}
}

// SRH is an IPv6 segment routing header to build: the segments in path
// order (the first is visited first) and an optional HMAC key id.
type SRH struct {
	Segs []netip.Addr
	HMAC uint32 // the HMAC key id; 0 for none
}

// size returns the length of the header as built; reserve adds the
// first slot iproute2 leaves for the final destination (inline modes).
func (s *SRH) size(reserve bool) int {
	n := len(s.Segs)
	if reserve {
		n++
	}
	l := 8 + 16*n
	if s.HMAC != 0 {
		l += 40
	}
	return l
}

// put writes struct ipv6_sr_hdr into p (len(p) == s.size(reserve)):
// segments in reverse order, as the wire carries them, and the HMAC TLV.
func (s *SRH) put(p []byte, reserve bool) {
	n := len(s.Segs)
	if reserve {
		n++
	}
	p[0] = 0                  // nexthdr
	p[1] = byte(len(p)/8 - 1) // hdrlen
	p[2] = 4                  // type: IPV6_SRCRT_TYPE_4
	p[3] = byte(n - 1)        // segments_left
	p[4] = byte(n - 1)        // first_segment
	if s.HMAC != 0 {
		p[5] = 1 << 3 // SR6_FLAG1_HMAC
	}
	for i, a := range s.Segs {
		v := a.As16()
		copy(p[8+16*(n-1-i):], v[:])
	}
	if s.HMAC != 0 {
		t := p[8+16*n:]
		t[0], t[1] = 5, 38 // SR6_TLV_HMAC, sizeof(struct sr6_tlv_hmac) - 2
		binary.BigEndian.PutUint32(t[4:8], s.HMAC)
	}
}

// SEG6 encapsulation modes (SEG6_IPTUN_MODE_*).
const (
	SEG6ModeInline     = uapi.SEG6_IPTUN_MODE_INLINE
	SEG6ModeEncap      = uapi.SEG6_IPTUN_MODE_ENCAP
	SEG6ModeL2Encap    = uapi.SEG6_IPTUN_MODE_L2ENCAP
	SEG6ModeEncapRed   = uapi.SEG6_IPTUN_MODE_ENCAP_RED
	SEG6ModeL2EncapRed = uapi.SEG6_IPTUN_MODE_L2ENCAP_RED
)

var seg6Modes = map[string]uint32{
	"inline": SEG6ModeInline, "encap": SEG6ModeEncap, "l2encap": SEG6ModeL2Encap,
	"encap.red": SEG6ModeEncapRed, "l2encap.red": SEG6ModeL2EncapRed,
}

// SEG6Encap is an SRv6 tunnel (LWTUNNEL_ENCAP_SEG6): SEG6_IPTUNNEL_SRH,
// struct seg6_iptunnel_encap (the mode, then the routing header).
type SEG6Encap struct {
	Mode uint32 // SEG6Mode*
	SRH
}

// EncapType returns LWTUNNEL_ENCAP_SEG6.
func (*SEG6Encap) EncapType() uint16 { return uapi.LWTUNNEL_ENCAP_SEG6 }

func (e *SEG6Encap) appendEncap(b *wire.Builder) {
	inline := e.Mode == SEG6ModeInline
	tok := b.Nest(uapi.SEG6_IPTUNNEL_SRH)
	if p := b.Reserve(4 + e.SRH.size(inline)); p != nil {
		binary.NativeEndian.PutUint32(p, e.Mode)
		e.SRH.put(p[4:], inline)
	}
	b.EndNest(tok)
}

// seg6localActions names SEG6_LOCAL_ACTION_* as iproute2 does.
var seg6localActions = map[string]uint32{
	"End": uapi.SEG6_LOCAL_ACTION_END, "End.X": uapi.SEG6_LOCAL_ACTION_END_X,
	"End.T": uapi.SEG6_LOCAL_ACTION_END_T, "End.DX2": uapi.SEG6_LOCAL_ACTION_END_DX2,
	"End.DX6": uapi.SEG6_LOCAL_ACTION_END_DX6, "End.DX4": uapi.SEG6_LOCAL_ACTION_END_DX4,
	"End.DT6": uapi.SEG6_LOCAL_ACTION_END_DT6, "End.DT4": uapi.SEG6_LOCAL_ACTION_END_DT4,
	"End.B6": uapi.SEG6_LOCAL_ACTION_END_B6, "End.B6.Encaps": uapi.SEG6_LOCAL_ACTION_END_B6_ENCAP,
	"End.BM": uapi.SEG6_LOCAL_ACTION_END_BM, "End.S": uapi.SEG6_LOCAL_ACTION_END_S,
	"End.AS": uapi.SEG6_LOCAL_ACTION_END_AS, "End.AM": uapi.SEG6_LOCAL_ACTION_END_AM,
	"End.BPF": uapi.SEG6_LOCAL_ACTION_END_BPF, "End.DT46": uapi.SEG6_LOCAL_ACTION_END_DT46,
}

// SEG6LocalEncap is an SRv6 local behaviour (LWTUNNEL_ENCAP_SEG6_LOCAL).
// Zero fields are left out.
type SEG6LocalEncap struct {
	Action   uint32 // SEG6_LOCAL_ACTION_*
	SRH      SRH    // End.B6, End.B6.Encaps: SEG6_LOCAL_SRH when it has segments
	Table    uint32 // End.T, End.DT6: SEG6_LOCAL_TABLE
	NH4      netip.Addr
	NH6      netip.Addr
	IIF      int
	OIF      int    // End.DX2
	VRFTable uint32 // End.DT4, End.DT6, End.DT46: SEG6_LOCAL_VRFTABLE
}

// EncapType returns LWTUNNEL_ENCAP_SEG6_LOCAL.
func (*SEG6LocalEncap) EncapType() uint16 { return uapi.LWTUNNEL_ENCAP_SEG6_LOCAL }

func (e *SEG6LocalEncap) appendEncap(b *wire.Builder) {
	b.PutUint32(uapi.SEG6_LOCAL_ACTION, e.Action)
	if len(e.SRH.Segs) > 0 {
		reserve := e.Action != uapi.SEG6_LOCAL_ACTION_END_B6_ENCAP
		tok := b.Nest(uapi.SEG6_LOCAL_SRH)
		if p := b.Reserve(e.SRH.size(reserve)); p != nil {
			e.SRH.put(p, reserve)
		}
		b.EndNest(tok)
	}
	if e.Table != 0 {
		b.PutUint32(uapi.SEG6_LOCAL_TABLE, e.Table)
	}
	if e.NH4.IsValid() {
		b.PutAddr(uapi.SEG6_LOCAL_NH4, e.NH4)
	}
	if e.NH6.IsValid() {
		b.PutAddr(uapi.SEG6_LOCAL_NH6, e.NH6)
	}
	if e.IIF != 0 {
		b.PutUint32(uapi.SEG6_LOCAL_IIF, uint32(e.IIF))
	}
	if e.OIF != 0 {
		b.PutUint32(uapi.SEG6_LOCAL_OIF, uint32(e.OIF))
	}
	if e.VRFTable != 0 {
		b.PutUint32(uapi.SEG6_LOCAL_VRFTABLE, e.VRFTable)
	}
}

// IP6Encap is tunnel metadata for a collect_md IPv6 tunnel device
// (LWTUNNEL_ENCAP_IP6). Zero fields are left out.
type IP6Encap struct {
	ID       uint64
	Dst, Src netip.Addr
	HopLimit uint8
	TC       uint8
}

// EncapType returns LWTUNNEL_ENCAP_IP6.
func (*IP6Encap) EncapType() uint16 { return uapi.LWTUNNEL_ENCAP_IP6 }

func (e *IP6Encap) appendEncap(b *wire.Builder) {
	if e.ID != 0 {
		b.PutUint64BE(uapi.LWTUNNEL_IP6_ID, e.ID)
	}
	if e.Dst.IsValid() {
		b.PutAddr(uapi.LWTUNNEL_IP6_DST, e.Dst)
	}
	if e.Src.IsValid() {
		b.PutAddr(uapi.LWTUNNEL_IP6_SRC, e.Src)
	}
	if e.HopLimit != 0 {
		b.PutUint8(uapi.LWTUNNEL_IP6_HOPLIMIT, e.HopLimit)
	}
	if e.TC != 0 {
		b.PutUint8(uapi.LWTUNNEL_IP6_TC, e.TC)
	}
}

// BPFProg names a loaded BPF program by file descriptor and name.
type BPFProg struct {
	FD   int // 0 leaves the program out
	Name string
}

// BPFEncap runs BPF programs on a route's packets (LWTUNNEL_ENCAP_BPF).
type BPFEncap struct {
	In, Out, Xmit BPFProg
	Headroom      uint32 // LWT_BPF_XMIT_HEADROOM; 0 leaves it out
}

// EncapType returns LWTUNNEL_ENCAP_BPF.
func (*BPFEncap) EncapType() uint16 { return uapi.LWTUNNEL_ENCAP_BPF }

func (e *BPFEncap) appendEncap(b *wire.Builder) {
	for _, p := range [...]struct {
		t uint16
		p *BPFProg
	}{{uapi.LWT_BPF_IN, &e.In}, {uapi.LWT_BPF_OUT, &e.Out}, {uapi.LWT_BPF_XMIT, &e.Xmit}} {
		if p.p.FD == 0 {
			continue
		}
		tok := b.Nest(p.t | wire.AttrNested)
		b.PutUint32(uapi.LWT_BPF_PROG_FD, uint32(p.p.FD))
		if p.p.Name != "" {
			b.PutString(uapi.LWT_BPF_PROG_NAME, p.p.Name)
		}
		b.EndNest(tok)
	}
	if e.Headroom != 0 {
		b.PutUint32(uapi.LWT_BPF_XMIT_HEADROOM, e.Headroom)
	}
}

// putEncap appends RTA_ENCAP_TYPE and RTA_ENCAP for e.
func putEncap(b *wire.Builder, e Encap) {
	b.PutUint16(uapi.RTA_ENCAP_TYPE, e.EncapType())
	tok := b.Nest(uapi.RTA_ENCAP | wire.AttrNested)
	e.appendEncap(b)
	b.EndNest(tok)
}

// ---- the Spec form ----

// specErr is a bad value of a route or address keyword.
func specErr(schema, key string, v any, why string) error {
	return &codec.SpecError{Schema: schema, Keyword: key, Value: v, Reason: why}
}

// ParseMPLSLabels reads an MPLS label stack in any of pyroute2's
// notations: an integer (300), a string ("300", "200/300"), a list of
// integers or strings ([200, 300]), a dict {"label": 300, "tc": 0,
// "bos": 1, "ttl": 16} or a list of such dicts. "bos" is accepted and
// ignored: the bottom-of-stack bit is always set on the last entry.
// key names the keyword in errors.
func ParseMPLSLabels(key string, v any) ([]MPLSLabel, error) {
	var out []MPLSLabel
	bad := func(x any, why string) ([]MPLSLabel, error) { return nil, specErr("route", key, x, why) }
	var one func(x any) error
	one = func(x any) error {
		switch y := x.(type) {
		case string:
			for _, s := range strings.Split(y, "/") {
				n, err := strconv.ParseUint(strings.TrimSpace(s), 0, 64)
				if err != nil {
					return specErr("route", key, x, "is not an MPLS label stack")
				}
				if n > MPLSLabelMax {
					return specErr("route", key, x, "has a label above 1048575")
				}
				out = append(out, MPLSLabel{Label: uint32(n)})
			}
			return nil
		case map[string]any, Spec:
			m, _ := asMap(y)
			var l MPLSLabel
			for k, f := range m {
				n, neg, ok := asInt(f)
				if !ok || neg {
					return specErr("route", key+"."+k, f, "is not a non-negative integer")
				}
				switch k {
				case "label":
					if n > MPLSLabelMax {
						return specErr("route", key+".label", f, "is above 1048575")
					}
					l.Label = uint32(n)
				case "tc":
					if n > 7 {
						return specErr("route", key+".tc", f, "is above 7")
					}
					l.TC = uint8(n)
				case "ttl":
					if n > 255 {
						return specErr("route", key+".ttl", f, "is above 255")
					}
					l.TTL = uint8(n)
				case "bos":
				default:
					return specErr("route", key+"."+k, f, "is not label, tc, bos or ttl")
				}
			}
			out = append(out, l)
			return nil
		}
		if n, neg, ok := asInt(x); ok {
			if neg || n > MPLSLabelMax {
				return specErr("route", key, x, "is not a label in 0 … 1048575")
			}
			out = append(out, MPLSLabel{Label: uint32(n)})
			return nil
		}
		if l, ok := asList(x); ok {
			for _, e := range l {
				if err := one(e); err != nil {
					return err
				}
			}
			return nil
		}
		return specErr("route", key, x, "is not an MPLS label stack")
	}
	if err := one(v); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return bad(v, "is an empty label stack")
	}
	return out, nil
}

// labelsValue is a label stack as the codec's KindBE32 array takes it.
func labelsValue(l []MPLSLabel) []any {
	out := make([]any, len(l))
	for i, x := range l {
		out[i] = uint64(x.lse(i == len(l)-1))
	}
	return out
}

// parseSegs reads segments: "2000::5,2000::6" or a list of addresses.
func parseSegs(key string, v any) ([]netip.Addr, error) {
	var parts []any
	if s, ok := v.(string); ok {
		for _, p := range strings.Split(s, ",") {
			parts = append(parts, strings.TrimSpace(p))
		}
	} else if l, ok := asList(v); ok {
		parts = l
	} else {
		return nil, specErr("route", key, v, "is not a list of IPv6 segments")
	}
	out := make([]netip.Addr, 0, len(parts))
	for _, p := range parts {
		a, ok := asAddr(p)
		if !ok || !a.Is6() || a.Is4In6() {
			return nil, specErr("route", key, p, "is not an IPv6 segment")
		}
		out = append(out, a)
	}
	if len(out) == 0 || len(out) > 100 {
		return nil, specErr("route", key, v, "must hold 1 … 100 segments")
	}
	return out, nil
}

// parseEncap reads pyroute2's encap dict into a typed Encap.
func parseEncap(key string, v any) (Encap, error) {
	m, ok := asMap(v)
	if !ok {
		return nil, specErr("route", key, v, "is not an encap dict")
	}
	typ, _ := m["type"].(string)
	fail := func(k string, x any, why string) (Encap, error) { return nil, specErr("route", key+"."+k, x, why) }
	for k := range m {
		if !encapKeyOK(typ, k) {
			return fail(k, m[k], "is not a keyword of encap type "+strconv.Quote(typ))
		}
	}
	switch typ {
	case "mpls":
		l, err := ParseMPLSLabels(key+".labels", m["labels"])
		if err != nil {
			return nil, err
		}
		e := &MPLSEncap{Labels: l}
		if t, ok := m["ttl"]; ok {
			n, neg, ok := asInt(t)
			if !ok || neg || n > 255 {
				return fail("ttl", t, "is not a TTL in 0 … 255")
			}
			e.TTL = uint8(n)
		}
		return e, nil
	case "seg6":
		e := &SEG6Encap{Mode: SEG6ModeEncap}
		if mo, ok := m["mode"]; ok {
			s, _ := mo.(string)
			if e.Mode, ok = seg6Modes[s]; !ok {
				return fail("mode", mo, "is not one of inline, encap, l2encap, encap.red, l2encap.red")
			}
		}
		var err error
		if e.SRH, err = parseSRH(key, m); err != nil {
			return nil, err
		}
		return e, nil
	case "seg6local":
		return parseSEG6Local(key, m)
	case "ip6":
		return parseIP6Encap(key, m)
	case "bpf":
		return parseBPFEncap(key, m)
	}
	return fail("type", m["type"], "is not one of mpls, seg6, seg6local, ip6, bpf")
}

var encapKeys = map[string]string{
	"mpls":      " type labels ttl ",
	"seg6":      " type mode segs hmac ",
	"seg6local": " type action srh table vrf_table vrftable nh4 nh6 iif oif ",
	"ip6":       " type id dst src hoplimit tc ",
	"bpf":       " type in out xmit headroom ",
}

func encapKeyOK(typ, k string) bool {
	s, ok := encapKeys[typ]
	return !ok || strings.Contains(s, " "+k+" ")
}

// parseSRH reads "segs" and "hmac" of m.
func parseSRH(key string, m map[string]any) (SRH, error) {
	var s SRH
	var err error
	if s.Segs, err = parseSegs(key+".segs", m["segs"]); err != nil {
		return s, err
	}
	if h, ok := m["hmac"]; ok {
		n, neg, ok := asInt(h)
		if !ok || neg || n > 1<<32-1 {
			return s, specErr("route", key+".hmac", h, "is not a 32-bit HMAC key id")
		}
		s.HMAC = uint32(n)
	}
	return s, nil
}

func parseSEG6Local(key string, m map[string]any) (Encap, error) {
	e := &SEG6LocalEncap{}
	a, _ := m["action"].(string)
	var ok bool
	if e.Action, ok = seg6localActions[a]; !ok {
		return nil, specErr("route", key+".action", m["action"], "is not a seg6local action (End, End.X, End.DT6 …)")
	}
	u32 := func(k string, dst *uint32) error {
		v, ok := m[k]
		if !ok {
			return nil
		}
		if s, isStr := v.(string); isStr {
			if n, ok := RouteTables.Lookup(s); ok {
				*dst = n
				return nil
			}
		}
		n, neg, ok := asInt(v)
		if !ok || neg || n > 1<<32-1 {
			return specErr("route", key+"."+k, v, "is not a 32-bit unsigned integer")
		}
		*dst = uint32(n)
		return nil
	}
	var iif, oif uint32
	for k, dst := range map[string]*uint32{"table": &e.Table, "vrf_table": &e.VRFTable, "vrftable": &e.VRFTable, "iif": &iif, "oif": &oif} {
		if err := u32(k, dst); err != nil {
			return nil, err
		}
	}
	e.IIF, e.OIF = int(iif), int(oif)
	for k, dst := range map[string]*netip.Addr{"nh4": &e.NH4, "nh6": &e.NH6} {
		if v, ok := m[k]; ok {
			a, ok := asAddr(v)
			if !ok || (k == "nh4") != a.Is4() {
				return nil, specErr("route", key+"."+k, v, "is not an IPv"+k[2:]+" address")
			}
			*dst = a
		}
	}
	if v, ok := m["srh"]; ok {
		sm, ok := asMap(v)
		if !ok {
			return nil, specErr("route", key+".srh", v, "is not a dict with segs (and hmac)")
		}
		var err error
		if e.SRH, err = parseSRH(key+".srh", sm); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func parseIP6Encap(key string, m map[string]any) (Encap, error) {
	e := &IP6Encap{}
	for k, v := range m {
		switch k {
		case "type":
		case "dst", "src":
			a, ok := asAddr(v)
			if !ok {
				return nil, specErr("route", key+"."+k, v, "is not an IP address")
			}
			if k == "dst" {
				e.Dst = a
			} else {
				e.Src = a
			}
		default:
			n, neg, ok := asInt(v)
			max := uint64(255)
			if k == "id" {
				max = 1<<64 - 1
			}
			if !ok || neg || n > max {
				return nil, specErr("route", key+"."+k, v, "is out of range")
			}
			switch k {
			case "id":
				e.ID = n
			case "hoplimit":
				e.HopLimit = uint8(n)
			case "tc":
				e.TC = uint8(n)
			}
		}
	}
	return e, nil
}

func parseBPFEncap(key string, m map[string]any) (Encap, error) {
	e := &BPFEncap{}
	for k, dst := range map[string]*BPFProg{"in": &e.In, "out": &e.Out, "xmit": &e.Xmit} {
		v, ok := m[k]
		if !ok {
			continue
		}
		pm, ok := asMap(v)
		if !ok {
			return nil, specErr("route", key+"."+k, v, "is not a dict with fd and name")
		}
		fd, neg, ok := asInt(pm["fd"])
		if !ok || neg || fd == 0 || fd > 1<<31-1 {
			return nil, specErr("route", key+"."+k+".fd", pm["fd"], "is not a file descriptor")
		}
		dst.FD = int(fd)
		dst.Name, _ = pm["name"].(string)
	}
	if v, ok := m["headroom"]; ok {
		n, neg, ok := asInt(v)
		if !ok || neg || n > 1<<32-1 {
			return nil, specErr("route", key+".headroom", v, "is not a 32-bit unsigned integer")
		}
		e.Headroom = uint32(n)
	}
	return e, nil
}

// asAddr reads an address from a string or netip.Addr.
func asAddr(v any) (netip.Addr, bool) {
	switch x := v.(type) {
	case netip.Addr:
		return x, x.IsValid()
	case string:
		a, err := netip.ParseAddr(x)
		return a, err == nil
	}
	return netip.Addr{}, false
}

// asList reads a list of any element type.
func asList(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []int:
		return anyOf(x), true
	case []uint32:
		return anyOf(x), true
	case []string:
		return anyOf(x), true
	case []netip.Addr:
		return anyOf(x), true
	case []map[string]any:
		return anyOf(x), true
	case []Spec:
		return anyOf(x), true
	}
	return nil, false
}

func anyOf[T any](x []T) []any {
	out := make([]any, len(x))
	for i, e := range x {
		out[i] = e
	}
	return out
}

// encapSpec returns e as the keyword maps of the codec: RTA_ENCAP_TYPE
// and the RTA_ENCAP chain, so that the Spec form encodes what the typed
// form does.
func encapSpec(e Encap) (uint16, Spec) {
	var b wire.Builder
	b.Reset(make([]byte, 0, 256))
	b.Begin(0, 0, 0)
	e.appendEncap(&b)
	b.End()
	// The chain as raw attributes in the dict form: exact bytes, order kept.
	attrs := []any{}
	raw := b.Bytes()[wire.HeaderLen:]
	for len(raw) >= 4 {
		n := int(binary.NativeEndian.Uint16(raw))
		t := binary.NativeEndian.Uint16(raw[2:])
		if n < 4 || n > len(raw) {
			break
		}
		attrs = append(attrs, []any{fmt.Sprintf("UNKNOWN_%d", t&wire.AttrTypeMask), map[string]any{"hex": fmt.Sprintf("%x", raw[4:n])}, uint64(t &^ wire.AttrTypeMask)})
		raw = raw[min(wire.Align(n), len(raw)):]
	}
	return e.EncapType(), Spec{"attrs": attrs}
}
