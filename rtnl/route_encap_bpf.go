package rtnl

import (
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

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
