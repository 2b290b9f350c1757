package rtnl

import (
	"encoding/binary"
	"net"
	"slices"
	"strings"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// VF is the settings of one SR-IOV virtual function, sent in
// IFLA_VFINFO_LIST on a LinkSet of its physical function. Only the
// settings marked are sent.
//
//	IFLA_VFINFO_LIST
//	└─ IFLA_VF_INFO            one per VF
//	   ├─ IFLA_VF_MAC          struct ifla_vf_mac {u32 vf; u8 mac[32]}
//	   ├─ IFLA_VF_VLAN         struct ifla_vf_vlan {u32 vf, vlan, qos}
//	   ├─ IFLA_VF_TX_RATE      struct ifla_vf_tx_rate {u32 vf, rate}
//	   ├─ IFLA_VF_SPOOFCHK     struct ifla_vf_spoofchk {u32 vf, setting}
//	   ├─ IFLA_VF_LINK_STATE   struct ifla_vf_link_state {u32 vf, link_state}
//	   ├─ IFLA_VF_RATE         struct ifla_vf_rate {u32 vf, min, max}
//	   ├─ IFLA_VF_TRUST        struct ifla_vf_trust {u32 vf, setting}
//	   └─ IFLA_VF_VLAN_LIST    IFLA_VF_VLAN_INFO {u32 vf, vlan, qos; be16 proto; pad}…
type VF struct {
	Index uint32           // the VF number
	MAC   net.HardwareAddr // IFLA_VF_MAC when set
	// SetVLAN sends IFLA_VF_VLAN with VLAN and QoS (VLAN 0 clears it).
	SetVLAN   bool
	VLAN, QoS uint32
	// VLANs is a QinQ list, IFLA_VF_VLAN_LIST, each with its protocol.
	VLANs  []VFVLAN
	TxRate uint32 // IFLA_VF_TX_RATE in Mbit/s (the old max rate), when non-zero
	// SetRate sends IFLA_VF_RATE with MinTxRate and MaxTxRate (Mbit/s).
	SetRate              bool
	MinTxRate, MaxTxRate uint32
	SpoofCheck           Toggle      // IFLA_VF_SPOOFCHK
	Trust                Toggle      // IFLA_VF_TRUST
	LinkState            VFLinkState // IFLA_VF_LINK_STATE
}

// VFVLAN is one entry of a VF's QinQ VLAN list.
type VFVLAN struct {
	ID, QoS uint32
	Proto   uint16 // ETH_P_8021Q (0x8100) or ETH_P_8021AD (0x88a8); 0 is 0x8100
}

// VFLinkState is a VF's administrative link state; the zero value sends
// nothing.
type VFLinkState uint8

// The VF link states.
const (
	VFLinkUnset   VFLinkState = iota
	VFLinkAuto                // IFLA_VF_LINK_STATE_AUTO: follow the PF
	VFLinkEnable              // IFLA_VF_LINK_STATE_ENABLE
	VFLinkDisable             // IFLA_VF_LINK_STATE_DISABLE
)

func appendVFs(b *wire.Builder, vfs []VF) error {
	list := b.Nest(uapi.IFLA_VFINFO_LIST | wire.AttrNested)
	for i := range vfs {
		v := &vfs[i]
		if len(v.MAC) > 32 {
			return linkSpecError("vf.mac", v.MAC.String(), "is longer than 32 bytes")
		}
		info := b.Nest(uapi.IFLA_VF_INFO | wire.AttrNested)
		if len(v.MAC) > 0 {
			var p [36]byte
			binary.NativeEndian.PutUint32(p[:], v.Index)
			copy(p[4:], v.MAC)
			b.PutBytes(uapi.IFLA_VF_MAC, p[:])
		}
		if v.SetVLAN {
			putVFStruct(b, uapi.IFLA_VF_VLAN, v.Index, v.VLAN, v.QoS)
		}
		if v.TxRate != 0 {
			putVFStruct(b, uapi.IFLA_VF_TX_RATE, v.Index, v.TxRate)
		}
		if v.SpoofCheck != ToggleUnset {
			putVFStruct(b, uapi.IFLA_VF_SPOOFCHK, v.Index, uint32(2-v.SpoofCheck))
		}
		if v.LinkState != VFLinkUnset {
			putVFStruct(b, uapi.IFLA_VF_LINK_STATE, v.Index, uint32(v.LinkState-1))
		}
		if v.SetRate {
			putVFStruct(b, uapi.IFLA_VF_RATE, v.Index, v.MinTxRate, v.MaxTxRate)
		}
		if v.Trust != ToggleUnset {
			putVFStruct(b, uapi.IFLA_VF_TRUST, v.Index, uint32(2-v.Trust))
		}
		if len(v.VLANs) > 0 {
			vl := b.Nest(uapi.IFLA_VF_VLAN_LIST | wire.AttrNested)
			for _, q := range v.VLANs {
				var p [16]byte
				binary.NativeEndian.PutUint32(p[0:], v.Index)
				binary.NativeEndian.PutUint32(p[4:], q.ID)
				binary.NativeEndian.PutUint32(p[8:], q.QoS)
				proto := q.Proto
				if proto == 0 {
					proto = 0x8100
				}
				binary.BigEndian.PutUint16(p[12:], proto)
				b.PutBytes(uapi.IFLA_VF_VLAN_INFO, p[:])
			}
			b.EndNest(vl)
		}
		b.EndNest(info)
	}
	b.EndNest(list)
	return nil
}

// putVFStruct appends a struct of u32 fields (at most 3).
func putVFStruct(b *wire.Builder, typ uint16, fields ...uint32) {
	var p [12]byte
	for i, f := range fields {
		binary.NativeEndian.PutUint32(p[4*i:], f)
	}
	b.PutBytes(typ, p[:4*len(fields)])
}

// vfSpec translates pyroute2's "vf" keyword (one dict or a list) into
// the dict form of IFLA_VFINFO_LIST's attributes, in type order and
// flagged as the typed encoder flags them.
func vfSpec(v any) ([]any, error) {
	var vfs []any
	switch x := v.(type) {
	case []any:
		vfs = x
	case []map[string]any:
		vfs = lkAnySlice(x)
	default:
		vfs = []any{v}
	}
	out := make([]any, 0, len(vfs))
	for _, one := range vfs {
		m, ok := one.(map[string]any)
		if s, isSpec := one.(Spec); isSpec {
			m, ok = s, true
		}
		if !ok {
			return nil, linkSpecError("vf", one, "is not a VF dict")
		}
		attrs, err := vfAttrs(m)
		if err != nil {
			return nil, err
		}
		out = append(out, []any{"IFLA_VF_INFO", Spec{"attrs": attrs}, int(wire.AttrNested)})
	}
	return out, nil
}

var vfKeys = []string{"vf", "mac", "vlan", "qos", "tx_rate", "rate", "spoofchk", "trust", "link_state"}

// vfAttrs translates one VF dict into the attributes of its
// IFLA_VF_INFO, in type order.
func vfAttrs(m map[string]any) ([]any, error) {
	for k, v := range m {
		if !slices.Contains(vfKeys, k) {
			return nil, linkSpecError("vf."+k, v, "is not a VF setting (one of "+strings.Join(vfKeys, ", ")+")")
		}
	}
	d := vfDict{m: m}
	vf, err := d.u32("vf")
	if _, ok := m["vf"]; err != nil || !ok {
		return nil, linkSpecError("vf.vf", m["vf"], "is required: the VF number")
	}
	d.vf = vf
	if err := d.mac(); err != nil {
		return nil, err
	}
	qos, err := d.u32("qos")
	if err != nil {
		return nil, err
	}
	vlanList, err := d.vlan(qos)
	if err != nil {
		return nil, err
	}
	for _, step := range [...]func() error{
		d.txRate,
		func() error { return d.setting("spoofchk", "IFLA_VF_SPOOFCHK", nil) },
		func() error { return d.setting("link_state", "IFLA_VF_LINK_STATE", vfLinkStates) },
		d.rate,
		func() error { return d.setting("trust", "IFLA_VF_TRUST", nil) },
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if len(vlanList) > 0 {
		d.attrs = append(d.attrs, []any{"IFLA_VF_VLAN_LIST", Spec{"attrs": vlanList}, int(wire.AttrNested)})
	}
	return d.attrs, nil
}

// vfLinkStates names the values of "link_state".
var vfLinkStates = map[string]uint64{"auto": 0, "enable": 1, "disable": 2}

// vfDict reads the keywords of one VF dict m into attrs, each struct
// carrying the VF number vf.
type vfDict struct {
	m     map[string]any
	vf    uint64
	attrs []any
}

// add appends attribute attr with the struct fields f and the VF number.
func (d *vfDict) add(attr string, f map[string]any) {
	f["vf"] = d.vf
	d.attrs = append(d.attrs, []any{attr, f})
}

// u32 reads keyword k as a u32; a missing keyword is 0.
func (d *vfDict) u32(k string) (uint64, error) {
	v, ok := d.m[k]
	if !ok {
		return 0, nil
	}
	n, neg, ok := asInt(v)
	if !ok || neg || n > 0xffffffff {
		return 0, linkSpecError("vf."+k, v, "is not a u32")
	}
	return n, nil
}

// mac reads "mac" into IFLA_VF_MAC, struct ifla_vf_mac as raw bytes.
func (d *vfDict) mac() error {
	v, ok := d.m["mac"]
	if !ok {
		return nil
	}
	mac, err := parseMAC(v)
	if err != nil || len(mac) > 32 {
		return linkSpecError("vf.mac", v, "is not a MAC address")
	}
	p := make([]byte, 36)
	binary.NativeEndian.PutUint32(p, uint32(d.vf))
	copy(p[4:], mac)
	d.attrs = append(d.attrs, []any{"IFLA_VF_MAC", p})
	return nil
}

// vlan reads "vlan": an ID goes into IFLA_VF_VLAN with qos; a QinQ list
// is returned as the IFLA_VF_VLAN_INFO entries of IFLA_VF_VLAN_LIST,
// which comes last in type order.
func (d *vfDict) vlan(qos uint64) ([]any, error) {
	v, ok := d.m["vlan"]
	if !ok {
		return nil, nil
	}
	l, isList := v.([]any)
	if !isList {
		id, err := d.u32("vlan")
		if err != nil {
			return nil, err
		}
		d.add("IFLA_VF_VLAN", map[string]any{"vlan": id, "qos": qos})
		return nil, nil
	}
	var list []any
	for _, e := range l {
		em, ok := e.(map[string]any)
		if s, isSpec := e.(Spec); isSpec {
			em, ok = s, true
		}
		id, _, okID := asInt(em["vlan"])
		if !ok || !okID {
			return nil, linkSpecError("vf.vlan", e, "is not a {vlan, qos, proto} dict")
		}
		eq, _, _ := asInt(em["qos"])
		proto, _, okP := asInt(em["proto"])
		if !okP {
			proto = 0x8100
		}
		list = append(list, []any{"IFLA_VF_VLAN_INFO", map[string]any{"vf": d.vf, "vlan": id, "qos": eq, "vlan_proto": proto}})
	}
	return list, nil
}

// txRate reads "tx_rate" into IFLA_VF_TX_RATE.
func (d *vfDict) txRate() error {
	if _, ok := d.m["tx_rate"]; !ok {
		return nil
	}
	r, err := d.u32("tx_rate")
	if err != nil {
		return err
	}
	d.add("IFLA_VF_TX_RATE", map[string]any{"rate": r})
	return nil
}

// setting reads keyword k, a bool or (with names) a named value, into
// attr's setting field.
func (d *vfDict) setting(k, attr string, names map[string]uint64) error {
	v, ok := d.m[k]
	if !ok {
		return nil
	}
	var n uint64
	if s, isStr := v.(string); isStr && names != nil {
		var known bool
		if n, known = names[s]; !known {
			return linkSpecError("vf."+k, v, "is not auto, enable or disable")
		}
	} else if b, ok := lkTruthy(v); ok {
		if b {
			n = 1
		}
		if names != nil {
			n, _, _ = asInt(v)
		}
	} else {
		return linkSpecError("vf."+k, v, "is not a bool")
	}
	d.add(attr, map[string]any{"setting": n})
	return nil
}

// rate reads "rate", {min_tx_rate, max_tx_rate}, into IFLA_VF_RATE.
func (d *vfDict) rate() error {
	v, ok := d.m["rate"]
	if !ok {
		return nil
	}
	rm, isMap := v.(map[string]any)
	if s, isSpec := v.(Spec); isSpec {
		rm, isMap = s, true
	}
	lo, _, ok1 := asInt(rm["min_tx_rate"])
	hi, _, ok2 := asInt(rm["max_tx_rate"])
	if !isMap || (!ok1 && rm["min_tx_rate"] != nil) || (!ok2 && rm["max_tx_rate"] != nil) {
		return linkSpecError("vf.rate", v, "is not a {min_tx_rate, max_tx_rate} dict")
	}
	d.add("IFLA_VF_RATE", map[string]any{"min_tx_rate": lo, "max_tx_rate": hi})
	return nil
}
