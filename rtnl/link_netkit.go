package rtnl

import (
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Netkit is kind "netkit" (Linux 6.7): a veth-like pair driven by BPF
// programs. Peer describes the other end, as Veth's. Mode, Policy and
// PeerPolicy are the kernel's values plus one (0 sends nothing): mode
// l2 = 1, l3 = 2; policy forward = 1, blackhole = 3.
type Netkit struct {
	Peer       Link
	Primary    Toggle
	Policy     uint32
	PeerPolicy uint32
	Mode       uint32
}

// Kind returns "netkit".
func (Netkit) Kind() string { return "netkit" }

func (n Netkit) appendData(b *wire.Builder, e linkEnc) error {
	if n.Peer.Name != "" || n.Peer.NetNSFD != 0 || n.Peer.NetNS != "" || n.Peer.NetNSPID != 0 {
		if err := appendPeer(b, uapi.IFLA_NETKIT_PEER_INFO, &n.Peer, e); err != nil {
			return err
		}
	}
	n.Primary.put(b, uapi.IFLA_NETKIT_PRIMARY)
	if n.Policy != 0 {
		b.PutUint32(uapi.IFLA_NETKIT_POLICY, n.Policy-1)
	}
	if n.PeerPolicy != 0 {
		b.PutUint32(uapi.IFLA_NETKIT_PEER_POLICY, n.PeerPolicy-1)
	}
	if n.Mode != 0 {
		b.PutUint32(uapi.IFLA_NETKIT_MODE, n.Mode-1)
	}
	return nil
}
