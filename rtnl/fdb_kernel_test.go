package rtnl_test

import (
	"context"
	"encoding/json"
	"net"
	"net/netip"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

type bridgeFDB struct {
	MAC   string   `json:"mac"`
	Dev   string   `json:"ifname"`
	Dst   string   `json:"dst"`
	VLAN  int      `json:"vlan"`
	VNI   int      `json:"vni"`
	Port  int      `json:"port"`
	Flags []string `json:"flags"`
	State string   `json:"state"`
}

func bridgeFDBOf(t *testing.T, ns *testutil.NetNS, dev string) []bridgeFDB {
	t.Helper()
	var out []bridgeFDB
	if err := jsonUnmarshal(ns.Exec(t, "bridge", "-j", "fdb", "show", "dev", dev), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func findFDB(l []bridgeFDB, mac, dst string) (bridgeFDB, bool) {
	for _, e := range l {
		if e.MAC == mac && e.Dst == dst {
			return e, true
		}
	}
	return bridgeFDB{}, false
}

// TestFDBReference: the reference's simple FDB record on a bridge and
// its VXLAN record with port and vni, in both forms, checked through
// `bridge -j fdb`; append of several remotes; dump filters; del.
func TestFDBReference(t *testing.T) {
	testutil.RequireKernel(t, "link:vxlan")
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t, "link add br0 type bridge", "link add vx500 type vxlan id 500 dstport 4789 local 10.0.0.2 nolearning")
	br, vx := ns.IfIndex(t, "br0"), ns.IfIndex(t, "vx500")
	mac := "00:11:22:33:44:55"
	hw, _ := net.ParseMAC(mac)
	for _, form := range []string{"spec", "typed"} {
		var err error
		if form == "spec" {
			_, err = r.Do(ctx, "fdb", "add", rtnl.Spec{"ifindex": br, "lladdr": mac, "dst": "10.0.0.1"})
		} else {
			err = r.FDBAdd(ctx, rtnl.FDBEntry{IfIndex: br, LLAddr: hw, Dst: netip.MustParseAddr("10.0.0.1")})
		}
		if err != nil {
			t.Fatalf("%s simple: %v", form, err)
		}
		if e, ok := findFDB(bridgeFDBOf(t, ns, "br0"), mac, ""); !ok || e.State != "permanent" {
			t.Errorf("%s simple: %+v %v", form, e, ok)
		}
		if form == "spec" {
			_, err = r.Do(ctx, "fdb", "add", rtnl.Spec{"ifindex": vx, "lladdr": mac, "dst": "10.0.0.1", "port": 5678, "vni": 600})
		} else {
			err = r.FDBAdd(ctx, rtnl.FDBEntry{IfIndex: vx, LLAddr: hw, Dst: netip.MustParseAddr("10.0.0.1"), Port: 5678, VNI: 600})
		}
		if err != nil {
			t.Fatalf("%s vxlan: %v", form, err)
		}
		if e, ok := findFDB(bridgeFDBOf(t, ns, "vx500"), mac, "10.0.0.1"); !ok || e.Port != 5678 || e.VNI != 600 || e.State != "permanent" {
			t.Errorf("%s vxlan: %+v %v", form, e, ok)
		}
		// ip.fdb('dump', lladdr=…), dst=…
		for _, f := range []rtnl.Spec{{"lladdr": mac}, {"dst": "10.0.0.1"}, {"ifindex": vx, "vni": 600}} {
			msgs, err := r.Do(ctx, "fdb", "dump", f)
			if err != nil || len(msgs) == 0 {
				t.Errorf("%s dump %v: %d, %v", form, f, len(msgs), err)
			}
			for _, m := range msgs {
				if v := rtnl.AsNeigh(m); v.LLAddr().String() != mac && f["lladdr"] != nil {
					t.Errorf("dump %v yielded %v", f, v.LLAddr())
				}
			}
		}
		// Head-end replication: the zero address appended with two remotes.
		for _, d := range []string{"10.0.0.7", "10.0.0.8"} {
			if form == "spec" {
				_, err = r.Do(ctx, "fdb", "append", rtnl.Spec{"ifindex": vx, "lladdr": "00:00:00:00:00:00", "dst": d})
			} else {
				err = r.FDBAppend(ctx, rtnl.FDBEntry{IfIndex: vx, LLAddr: make(net.HardwareAddr, 6), Dst: netip.MustParseAddr(d)})
			}
			if err != nil {
				t.Fatalf("%s append %s: %v", form, d, err)
			}
		}
		l := bridgeFDBOf(t, ns, "vx500")
		_, ok1 := findFDB(l, "00:00:00:00:00:00", "10.0.0.7")
		_, ok2 := findFDB(l, "00:00:00:00:00:00", "10.0.0.8")
		if !ok1 || !ok2 {
			t.Errorf("%s append: %+v", form, l)
		}
		for _, d := range []string{"10.0.0.7", "10.0.0.8"} {
			if _, err := r.Do(ctx, "fdb", "del", rtnl.Spec{"ifindex": vx, "lladdr": "00:00:00:00:00:00", "dst": d}); err != nil {
				t.Errorf("del %s: %v", d, err)
			}
		}
		if form == "spec" {
			_, err = r.Do(ctx, "fdb", "del", rtnl.Spec{"ifindex": vx, "lladdr": mac, "dst": "10.0.0.1", "port": 5678, "vni": 600})
		} else {
			err = r.FDBDel(ctx, rtnl.FDBEntry{IfIndex: vx, LLAddr: hw, Dst: netip.MustParseAddr("10.0.0.1"), Port: 5678, VNI: 600})
		}
		if err != nil {
			t.Errorf("%s del vxlan: %v", form, err)
		}
		if err := r.FDBDel(ctx, rtnl.FDBEntry{IfIndex: br, LLAddr: hw}); err != nil {
			t.Errorf("%s del simple: %v", form, err)
		}
		if _, ok := findFDB(bridgeFDBOf(t, ns, "vx500"), mac, "10.0.0.1"); ok {
			t.Errorf("%s: entry survived del", form)
		}
	}
}

// TestFDBVLAN is the reference's record with vlan=200 (the VLAN must
// exist on the bridge: vlan_filter first). VM lane.
func TestFDBVLAN(t *testing.T) {
	testutil.RequireKernel(t, "bridge-vlan")
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t, "link add br0 type bridge vlan_filtering 1", "link add d0 type veth peer name d0p", "link set d0 master br0")
	br, d0 := ns.IfIndex(t, "br0"), ns.IfIndex(t, "d0")
	if _, err := r.Do(ctx, "vlan_filter", "add", rtnl.Spec{"index": br, "vlan_flags": "self", "vlan_info": map[string]any{"vid": 200}}); err != nil {
		t.Fatal(err)
	}
	if err := r.BridgeVLANAdd(ctx, rtnl.BridgeVLAN{Index: d0, VID: 200}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Do(ctx, "fdb", "add", rtnl.Spec{"ifindex": br, "lladdr": "00:11:22:33:44:55", "dst": "10.0.0.1", "vlan": 200}); err != nil {
		t.Fatal(err)
	}
	hw, _ := net.ParseMAC("00:11:22:33:44:66")
	if err := r.FDBAdd(ctx, rtnl.FDBEntry{IfIndex: d0, LLAddr: hw, VLAN: 200, Master: true}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dev, mac string }{{"br0", "00:11:22:33:44:55"}, {"d0", "00:11:22:33:44:66"}} {
		found := false
		for _, e := range bridgeFDBOf(t, ns, c.dev) {
			found = found || (e.MAC == c.mac && e.VLAN == 200)
		}
		if !found {
			t.Errorf("%s: no %s vlan 200 in %+v", c.dev, c.mac, bridgeFDBOf(t, ns, c.dev))
		}
	}
	msgs, err := r.Do(ctx, "fdb", "dump", rtnl.Spec{"vlan": 200})
	if err != nil || len(msgs) < 2 {
		t.Errorf("fdb dump vlan=200: %d, %v", len(msgs), err)
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
