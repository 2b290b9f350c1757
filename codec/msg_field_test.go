package codec_test

import (
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// Get reads family-header fields as pyroute2's msg.get does: "index",
// "family", "flags", "ifi_type" of a link, "state" of a neighbour, and a
// link's derived "state"; attributes still come first, and a name that is
// neither is absent. It allocates nothing.
func TestGetHeaderFields(t *testing.T) {
	decode := func(s *codec.Schema, typ wire.MsgType, spec codec.Spec) *codec.Msg {
		t.Helper()
		var b wire.Builder
		b.Reset(nil)
		if err := s.Encode(&b, typ, 0, 0, spec); err != nil {
			t.Fatal(err)
		}
		var m codec.Msg
		if err := m.ResetBytes(s, b.Bytes()); err != nil {
			t.Fatal(err)
		}
		return &m
	}
	l := decode(codec.Link, uapi.RTM_NEWLINK, codec.Spec{"index": 7, "flags": 0x1003, "ifi_type": 772, "ifname": "lo"})
	for name, want := range map[string]uint64{"index": 7, "flags": 0x1003, "ifi_type": 772, "family": 0} {
		v, ok := l.Get(name)
		if u, uok := v.Uint(); !ok || !uok || u != want || v.Name() != name {
			t.Errorf("link Get(%q) = %d %v %v (%q), want %d", name, u, ok, uok, v.Name(), want)
		}
	}
	if v, ok := l.Get("state"); !ok || string(v.Bytes()) != "up" || v.Kind() != codec.KindString {
		t.Errorf("link Get(state) = %q %v", v.Bytes(), ok)
	}
	if v, ok := l.Get("ifname"); !ok || string(v.Bytes()[:2]) != "lo" {
		t.Errorf("attributes still come first: %q %v", v.Bytes(), ok)
	}
	if _, ok := l.Get("nosuch"); ok {
		t.Error("Get(nosuch) found something")
	}
	down := decode(codec.Link, uapi.RTM_NEWLINK, codec.Spec{"index": 2, "flags": 0x1002})
	if v, _ := down.Get("state"); string(v.Bytes()) != "down" {
		t.Errorf("Get(state) of a down link = %q", v.Bytes())
	}
	n := decode(codec.Neigh, uapi.RTM_NEWNEIGH, codec.Spec{"family": 2, "ifindex": 3, "state": uapi.NUD_PERMANENT, "dst": "192.0.2.1"})
	if v, ok := n.Get("state"); !ok {
		t.Error("neigh Get(state) absent")
	} else if u, _ := v.Uint(); u != uapi.NUD_PERMANENT {
		t.Errorf("neigh Get(state) = %d", u)
	}
	if v, _ := n.Get("family"); v.Kind() != codec.KindU8 {
		t.Errorf("family kind %v", v.Kind())
	}
	if a := testing.AllocsPerRun(100, func() {
		l.Get("index")
		l.Get("state")
	}); a != 0 {
		t.Errorf("Get of header fields: %v allocs", a)
	}
}
