package fib

import (
	"fmt"
	"net/netip"

	"github.com/nlroute/nlroute/rtnl"
)

// routeMsg fills b.rt with the route p over set (nil set: a delete).
func (b *batch) routeMsg(p netip.Prefix, set uint32) *rtnl.Route {
	f := b.f
	v6 := !p.Addr().Is4()
	fam := uint8(afInet)
	if v6 {
		fam = afInet6
	}
	b.rt = rtnl.Route{Family: fam, Dst: p, Table: f.cfg.Table, Proto: f.cfg.Protocol, Priority: f.metric(v6)}
	if set == 0 {
		return &b.rt
	}
	s := f.nh.sets[set]
	switch {
	case f.mode == NexthopObjects:
		b.rt.NHID = s.gid
	case len(s.hops) == 1:
		b.rt.Gateway, b.rt.OIF = s.hops[0].Gateway, s.hops[0].Ifindex
	default:
		b.hops = b.hops[:0]
		for _, h := range s.hops {
			b.hops = append(b.hops, rtnl.RouteHop{Gateway: h.Gateway, OIF: h.Ifindex, Weight: int(h.Weight)})
		}
		b.rt.Multipath = b.hops
	}
	return &b.rt
}

// writeRoute sends op for route p with set (the route's new set; old is
// the one it leaves, for a revert).
func (b *batch) writeRoute(op Op, p netip.Prefix, set, old uint32, restore bool) {
	pend := pending{prefix: p, op: op, kind: pendRoute, set: set, old: old, restore: restore}
	if op != OpDel && set == 0 {
		// An adopted route over a nexthop object the FIB does not know:
		// only a Sync or Update, which give its next hops, can write it.
		pend.kind, pend.err = pendNone, &RouteError{Prefix: p, Field: "Nexthops", Value: "nhid", Reason: "is a nexthop object the FIB did not make: give the route's next hops"}
		b.settle(&pend)
		return
	}
	if op != OpDel && b.f.mode == NexthopObjects {
		if err := b.ensureSet(set); err != nil {
			pend.kind, pend.err = pendNone, err
			b.settle(&pend)
			return
		}
	}
	cmd := "add"
	switch op {
	case OpReplace:
		cmd = "replace"
	case OpDel:
		cmd = "del"
		set = 0
	}
	rt := b.routeMsg(p, set)
	b.send(pend, func() (int, error) { return b.s.route(cmd, rt) })
}

// ensureSet makes set's group (and its members) in the kernel unless it
// is there.
func (b *batch) ensureSet(id uint32) error {
	t := &b.f.nh
	s := t.sets[id]
	if s.live {
		return nil
	}
	if len(s.members) != len(s.hops) {
		s.members = make([]uint32, len(s.hops))
	}
	group := make([]rtnl.NexthopMember, len(s.hops))
	for i, h := range s.hops {
		sg, err := b.ensureSingle(h)
		if err != nil {
			return err
		}
		if s.members[i] == 0 {
			sg.refs++
			s.members[i] = sg.id
		}
		group[i] = rtnl.NexthopMember{ID: sg.id, Weight: int(h.Weight)}
	}
	if s.gid == 0 {
		s.gid = t.allocID()
		t.byGID[s.gid] = id
	}
	s.live, s.err = true, nil
	nh := rtnl.Nexthop{ID: s.gid, Group: group, Protocol: b.f.cfg.Protocol}
	b.send(pending{kind: pendGroup, op: OpAdd, set: id}, func() (int, error) { return b.s.nexthop("replace", &nh) })
	return nil
}

// ensureSingle makes the single nexthop object of h unless it is there.
func (b *batch) ensureSingle(h Nexthop) (*single, error) {
	t := &b.f.nh
	k := hopKey{h.Gateway, h.Ifindex}
	sg := t.singles[k]
	if sg == nil {
		sg = &single{id: t.allocID(), oif: h.Ifindex}
		t.singles[k] = sg
		t.byID[sg.id] = k
	}
	if sg.live {
		return sg, nil
	}
	if sg.oif == 0 && !h.Gateway.IsValid() {
		return nil, fmt.Errorf("fib: next hop has neither gateway nor interface")
	}
	sg.live, sg.err = true, nil
	nh := rtnl.Nexthop{ID: sg.id, Gateway: h.Gateway, OIF: sg.oif, Protocol: b.f.cfg.Protocol}
	b.send(pending{kind: pendSingle, op: OpAdd, hop: k}, func() (int, error) { return b.s.nexthop("replace", &nh) })
	return sg, nil
}

// gc deletes, after the route writes, the groups no route uses and the
// singles no group uses.
func (b *batch) gc() {
	t := &b.f.nh
	if len(t.gcSets) == 0 && !t.unusedSingles() {
		return
	}
	if err := b.s.flush(); err != nil && b.err == nil {
		b.err = err
	}
	b.drain()
	ids := t.gcSets
	t.gcSets = nil
	for _, id := range ids {
		s := t.sets[id]
		if s.free || s.refs > 0 {
			continue
		}
		if s.gid != 0 && s.live && b.f.mode == NexthopObjects {
			nh := rtnl.Nexthop{ID: s.gid}
			b.send(pending{kind: pendGroup, op: OpDel, set: id}, func() (int, error) { return b.s.nexthop("del", &nh) })
		}
		t.release(id)
	}
	for k, sg := range t.singles {
		if sg.refs > 0 {
			continue
		}
		if sg.live && b.f.mode == NexthopObjects {
			nh := rtnl.Nexthop{ID: sg.id}
			b.send(pending{kind: pendSingle, op: OpDel, hop: k}, func() (int, error) { return b.s.nexthop("del", &nh) })
		}
		delete(t.singles, k)
		delete(t.byID, sg.id)
	}
}
