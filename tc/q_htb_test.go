package tc

import (
	"context"
	"testing"
)

// TestHTBTree is the reference's htb example: root 1:0, class 1:1, two
// branches 1:10/1:20 with sfq leaves and two u32 filters. sfq needs the
// full-kernel lane; TestHTBClasses runs the htb part here.
func TestHTBTree(t *testing.T) {
	k := newKernel(t, "qdisc:sfq", "filter:u32")
	buildHTBClasses(t, k)
	k.do(t, "add", "sfq", 0x100000, Spec{"parent": 0x10010, "perturb": 10})
	k.do(t, "add", "sfq", 0x200000, Spec{"parent": 0x10020, "perturb": 10})
	k.do(t, "add-filter", "u32", nil, Spec{"parent": 0x10000, "prio": 10, "protocol": 2, // socket.AF_INET
		"target": 0x10010, "keys": []any{"0x0006/0x00ff+8", "0x0000/0xffc0+2"}})
	k.do(t, "add-filter", "u32", nil, Spec{"parent": 0x10000, "prio": 10, "protocol": 2,
		"target": 0x10020, "keys": []any{"0x5/0xf+0", "0x10/0xff+33"}})

	qs := k.tcJSON(t, "qdisc", "show", "dev", "v0")
	for _, h := range []string{"10:", "20:"} {
		q := find(t, qs, "handle", h)
		if q["kind"] != "sfq" || opt(q, "perturb") != 10.0 {
			t.Errorf("sfq %s: %v", h, q)
		}
	}
	fs := k.tcJSON(t, "filter", "show", "dev", "v0")
	var classids []any
	for _, f := range fs {
		if o, ok := f["options"].(map[string]any); ok && o["flowid"] != nil {
			classids = append(classids, o["flowid"])
		}
	}
	if len(classids) != 2 || classids[0] != "1:10" || classids[1] != "1:20" {
		t.Errorf("filter classids %v, want [1:10 1:20]\n%v", classids, fs)
	}
	got, err := GetFilters(context.Background(), k.c, k.idx, MustParseHandle("1:"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range got {
		if u, ok := f.Options.(U32); ok && u.ClassID != 0 {
			n++
			if f.Priority != 10 || f.Protocol != ProtoIP || len(u.Keys) != 2 {
				t.Errorf("filter %+v", f)
			}
		}
	}
	if n != 2 {
		t.Errorf("decoded %d u32 filters with a classid, want 2: %+v", n, got)
	}
}

func buildHTBClasses(t *testing.T, k *kernel) {
	k.do(t, "add", "htb", 0x10000, Spec{"default": 0x200000})
	k.do(t, "add-class", "htb", 0x10001, Spec{"parent": 0x10000, "rate": "256kbit", "burst": 1024 * 6})
	k.do(t, "add-class", "htb", 0x10010, Spec{"parent": 0x10001, "rate": "192kbit", "burst": 1024 * 6, "prio": 1})
	k.do(t, "add-class", "htb", 0x10020, Spec{"parent": 0x10001, "rate": "128kbit", "burst": 1024 * 6, "prio": 2})
}

func TestHTBClasses(t *testing.T) {
	k := newKernel(t, "qdisc:htb")
	buildHTBClasses(t, k)
	q := find(t, k.tcJSON(t, "qdisc", "show", "dev", "v0"), "kind", "htb")
	if q["handle"] != "1:" || opt(q, "default") != "0x200000" {
		t.Errorf("htb qdisc %v", q)
	}
	cs := k.tcText(t, "class")
	for _, w := range []struct{ handle, parent, rate, prio string }{
		{"1:1", "", "256Kbit", ""}, {"1:10", "1:1", "192Kbit", "1"}, {"1:20", "1:1", "128Kbit", "2"},
	} {
		c := findText(t, cs, w.handle)
		if c["rate"] != w.rate || c["ceil"] != w.rate || c["burst"] != "6Kb" || c["parent"] != w.parent || c["prio"] != w.prio {
			t.Errorf("class %s: %v", w.handle, c)
		}
	}
	got, err := GetClasses(context.Background(), k.c, k.idx)
	if err != nil {
		t.Fatal(err)
	}
	find2 := func(h Handle) HTBClass {
		for _, c := range got {
			if c.Handle == h {
				return c.Options.(HTBClass)
			}
		}
		t.Fatalf("no class %v in %+v", h, got)
		return HTBClass{}
	}
	if c := find2(0x10010); c.Rate != 24000 || c.Ceil != 24000 || c.Prio != 1 || c.Burst < 6100 || c.Burst > 6144 {
		t.Errorf("decoded 1:10: %+v", c)
	}
	qs, err := GetQdiscs(context.Background(), k.c, k.idx)
	if err != nil {
		t.Fatal(err)
	}
	// The dump includes the invisible default qdiscs (TCA_DUMP_INVISIBLE,
	// as pyroute2's get_qdiscs): a pfifo under each leaf class.
	htb, leaves := 0, 0
	for _, q := range qs {
		switch {
		case q.Kind == "htb" && q.Options.(HTB).Default == 0x200000 && q.Handle == 0x10000 && q.Parent == HandleRoot:
			htb++
		case q.Kind == "pfifo" && (q.Parent == 0x10010 || q.Parent == 0x10020):
			leaves++
		default:
			t.Errorf("unexpected qdisc %+v", q)
		}
	}
	if htb != 1 || leaves != 2 {
		t.Errorf("qdiscs %+v: want the htb root and a default pfifo under 1:10 and 1:20", qs)
	}
}
