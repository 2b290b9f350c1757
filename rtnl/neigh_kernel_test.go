package rtnl_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

type ipNeigh struct {
	Dst    string   `json:"dst"`
	Dev    string   `json:"dev"`
	LLAddr string   `json:"lladdr"`
	State  []string `json:"state"`
}

func ipNeighOf(t *testing.T, ns *testutil.NetNS, args ...string) []ipNeigh {
	t.Helper()
	var out []ipNeigh
	ns.RunJSON(t, &out, append(append([]string{"-d", "neigh", "show"}, args...), "nud", "all")...)
	return out
}

// TestNeighReference runs the neigh examples of the reference (add and
// set of a permanent record on veth0, dump, get, change, replace, del)
// in the Spec and the typed form, for IPv4 and IPv6, and proxy entries.
func TestNeighReference(t *testing.T) {
	r, ns := dialNS(t)
	ctx := context.Background()
	ns.Batch(t, "link add veth0 type veth peer name veth1", "link set veth0 up", "link set veth1 up")
	idx := ns.IfIndex(t, "veth0")
	mac, _ := net.ParseMAC("00:11:22:33:44:55")
	mac2, _ := net.ParseMAC("00:11:22:33:44:66")
	for _, dst := range []string{"172.16.45.1", "2001:db8::45:1"} {
		a := netip.MustParseAddr(dst)
		for _, form := range []string{"spec", "typed"} {
			add := func(cmd string, lladdr net.HardwareAddr, state any) error {
				if form == "spec" {
					_, err := r.Do(ctx, "neigh", cmd, rtnl.Spec{"dst": dst, "lladdr": lladdr.String(), "ifindex": idx, "state": state})
					return err
				}
				st := map[string]rtnl.NeighState{"permanent": rtnl.NeighPermanent, "reachable": rtnl.NeighReachable, "noarp": rtnl.NeighNoARP}[state.(string)]
				x := rtnl.Neigh{Dst: a, LLAddr: lladdr, IfIndex: idx, State: st}
				switch cmd {
				case "add":
					return r.NeighAdd(ctx, x)
				case "set":
					return r.NeighSet(ctx, x)
				case "replace":
					return r.NeighReplace(ctx, x)
				}
				return r.NeighChange(ctx, x)
			}
			if err := add("add", mac, "permanent"); err != nil {
				t.Fatalf("%s add %s: %v", form, dst, err)
			}
			if got := ipNeighOf(t, ns, dst); len(got) != 1 || got[0].LLAddr != mac.String() || got[0].State[0] != "PERMANENT" {
				t.Errorf("%s add %s: %+v", form, dst, got)
			}
			if err := add("add", mac, "permanent"); !errors.Is(err, syscall.EEXIST) {
				t.Errorf("%s second add: %v", form, err)
			}
			if err := add("set", mac2, "permanent"); err != nil {
				t.Fatalf("%s set: %v", form, err)
			}
			if err := add("change", mac, "noarp"); err != nil {
				t.Fatalf("%s change: %v", form, err)
			}
			if got := ipNeighOf(t, ns, dst); len(got) != 1 || got[0].LLAddr != mac.String() || got[0].State[0] != "NOARP" {
				t.Errorf("%s change %s: %+v", form, dst, got)
			}
			var v rtnl.NeighView
			if form == "spec" {
				msgs, err := r.Do(ctx, "neigh", "get", rtnl.Spec{"dst": dst, "ifindex": idx})
				if err != nil || len(msgs) != 1 {
					t.Fatalf("get: %d, %v", len(msgs), err)
				}
				v = rtnl.AsNeigh(msgs[0])
			} else {
				var err error
				if v, err = r.NeighGet(ctx, rtnl.Neigh{Dst: a, IfIndex: idx}); err != nil {
					t.Fatal(err)
				}
			}
			if v.Dst() != a || v.LLAddr().String() != mac.String() || v.IfIndex() != idx {
				t.Errorf("%s get: %v %v %d", form, v.Dst(), v.LLAddr(), v.IfIndex())
			}
			msgs, err := r.Do(ctx, "neigh", "dump", rtnl.Spec{"ifindex": idx, "dst": dst, "state": "noarp"})
			if err != nil || len(msgs) != 1 {
				t.Errorf("%s dump filtered: %d, %v", form, len(msgs), err)
			}
			if form == "spec" {
				_, err = r.Do(ctx, "neigh", "del", rtnl.Spec{"dst": dst, "ifindex": idx})
			} else {
				err = r.NeighDel(ctx, rtnl.Neigh{Dst: a, IfIndex: idx})
			}
			if err != nil {
				t.Fatalf("%s del: %v", form, err)
			}
			if got := ipNeighOf(t, ns, dst); len(got) != 0 {
				t.Errorf("%s after del: %+v", form, got)
			}
			if err := add("change", mac, "permanent"); err == nil {
				t.Errorf("%s change of a missing entry succeeded", form)
			}
			if err := add("replace", mac, "reachable"); err != nil {
				t.Errorf("%s replace of a missing entry: %v", form, err)
			}
			if _, err := r.Do(ctx, "neigh", "del", rtnl.Spec{"dst": dst, "ifindex": idx}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Proxy entries.
	if _, err := r.Do(ctx, "neigh", "add", rtnl.Spec{"dst": "172.16.45.9", "ifindex": idx, "proxy": true}); err != nil {
		t.Fatal(err)
	}
	if err := r.NeighAdd(ctx, rtnl.Neigh{Dst: netip.MustParseAddr("2001:db8::9"), IfIndex: idx, Proxy: true}); err != nil {
		t.Fatal(err)
	}
	var proxies []ipNeigh
	ns.RunJSON(t, &proxies, "neigh", "show", "proxy")
	if len(proxies) != 2 {
		t.Errorf("ip neigh show proxy: %+v", proxies)
	}
	got, err := r.GetNeighbours(ctx, rtnl.Match{"flags": 8})
	if err != nil || len(got) != 2 {
		t.Errorf("proxy dump: %d, %v", len(got), err)
	}
	if err := r.NeighDel(ctx, rtnl.Neigh{Dst: netip.MustParseAddr("2001:db8::9"), IfIndex: idx, Proxy: true}); err != nil {
		t.Error(err)
	}
}
