package rtnl

import (
	"encoding/binary"
	"net/netip"
	"strings"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// SRv6 encapsulations: the segment routing header, the SEG6 tunnel
// (LWTUNNEL_ENCAP_SEG6) and the SEG6 local behaviours
// (LWTUNNEL_ENCAP_SEG6_LOCAL).

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

// parseSEG6Encap reads the "mode", "segs" and "hmac" of an encap dict of
// type seg6; the mode defaults to encap.
func parseSEG6Encap(key string, m map[string]any) (Encap, error) {
	e := &SEG6Encap{Mode: SEG6ModeEncap}
	if mo, ok := m["mode"]; ok {
		s, _ := mo.(string)
		if e.Mode, ok = seg6Modes[s]; !ok {
			return nil, specErr("route", key+".mode", mo, "is not one of inline, encap, l2encap, encap.red, l2encap.red")
		}
	}
	var err error
	if e.SRH, err = parseSRH(key, m); err != nil {
		return nil, err
	}
	return e, nil
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
