package rtnl

import "github.com/nlroute/nlroute/wire"

// The kinds that take no IFLA_INFO_DATA.
type (
	// Dummy is kind "dummy": a device that drops what it is sent.
	Dummy struct{}
	// IFB is kind "ifb": the intermediate functional block, for ingress
	// shaping.
	IFB struct{}
	// Team is kind "team" (configured by teamd over generic netlink).
	Team struct{}
	// Wireguard is kind "wireguard": the link only; keys and peers are set
	// over generic netlink.
	Wireguard struct{}
	// NLMon is kind "nlmon": a netlink monitor device.
	NLMon struct{}
)

// Kind returns "dummy".
func (Dummy) Kind() string { return "dummy" }

// Kind returns "ifb".
func (IFB) Kind() string { return "ifb" }

// Kind returns "team".
func (Team) Kind() string { return "team" }

// Kind returns "wireguard".
func (Wireguard) Kind() string { return "wireguard" }

// Kind returns "nlmon".
func (NLMon) Kind() string { return "nlmon" }

func (Dummy) appendData(*wire.Builder, linkEnc) error     { return nil }
func (IFB) appendData(*wire.Builder, linkEnc) error       { return nil }
func (Team) appendData(*wire.Builder, linkEnc) error      { return nil }
func (Wireguard) appendData(*wire.Builder, linkEnc) error { return nil }
func (NLMon) appendData(*wire.Builder, linkEnc) error     { return nil }
