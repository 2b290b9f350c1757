package rtnl

import (
	"errors"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Veth is kind "veth": a pair of linked devices. Peer describes the other
// end (its Name, Address, MTU, NetNS to put it in another namespace …);
// its Info must be nil.
//
//	IFLA_INFO_DATA
//	└─ VETH_INFO_PEER   struct ifinfomsg, then the peer's IFLA_* attributes
type Veth struct {
	Peer Link
}

// Kind returns "veth".
func (Veth) Kind() string { return "veth" }

func (v Veth) appendData(b *wire.Builder, e linkEnc) error {
	return appendPeer(b, uapi.VETH_INFO_PEER, &v.Peer, e)
}

// appendPeer appends a peer nest (VETH_INFO_PEER, IFLA_NETKIT_PEER_INFO):
// an ifinfomsg and link attributes.
func appendPeer(b *wire.Builder, typ uint16, p *Link, e linkEnc) error {
	if p.Info != nil {
		return linkSpecError("peer.kind", p.Info.Kind(), "is not allowed: a peer has its pair's kind")
	}
	if p.NetNS != "" && e.peerFD == 0 {
		return linkSpecError("peer.net_ns_fd", p.NetNS, "must be opened first: use the Link methods, or NetNSFD")
	}
	tok := b.Nest(typ | wire.AttrNested)
	if err := p.body(b, e, e.peerFD); err != nil {
		return prefixPeer(err)
	}
	b.EndNest(tok)
	return nil
}

// prefixPeer puts "peer." before the keyword of a *codec.SpecError met
// in a peer's attributes.
func prefixPeer(err error) error {
	var se *codec.SpecError
	if errors.As(err, &se) {
		c := *se
		c.Keyword = "peer." + c.Keyword
		return &c
	}
	return err
}
