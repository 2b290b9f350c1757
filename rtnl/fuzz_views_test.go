package rtnl

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// FuzzViews reads arbitrary netlink message streams through the typed
// views of every RTNL family (LinkView, AddrView, RouteView, RuleView,
// NeighView, NexthopView, TCView; the message type picks the view, so a
// link message can arrive under a route type too). Properties:
//   - every accessor of every view returns without panicking (the
//     accessors are called explicitly, not through reflection, so the
//     target runs at full speed; TestFuzzViewsCallsEveryAccessor fails
//     when a view gains a method this target does not call),
//   - the views agree with the generic codec lookups of the same
//     attributes (name, MTU, kind, table, priority …) and with
//     themselves (NameString and Name, Prefix and PrefixLen …),
//   - a Clone reads the same values after the input buffer has been
//     overwritten: it owns its bytes,
//   - every message is also taken as a Monitor Event (every accessor
//     called) and applied to a Cache of every kind, as the event loop
//     would: the cache's tables stay readable through their views, and
//     read the same after the input buffer has been overwritten.
func FuzzViews(f *testing.F) {
	for _, name := range []string{"links-full.bin", "brlinks.bin", "addrs-full.bin", "routes-full.bin",
		"routes6.bin", "rules.bin", "neigh.bin", "fdb.bin", "nexthops.bin", "qdiscs.bin", "classes.bin", "filters.bin"} {
		b := testutil.Capture(f, name)
		f.Add(b[:streamPrefix(b, 8192)])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		data = bytes.Clone(data) // overwritten below
		it := wire.NewMessages(data)
		type cloned struct {
			read  func() []any
			clone []any
		}
		var clones []cloned
		cache := offlineCache()
		for it.Next() {
			msg := it.Message()
			schema := codec.SchemaFor(msg.Header.Type)
			if schema == nil {
				continue
			}
			var m codec.Msg
			if err := m.Reset(schema, msg); err != nil {
				continue // a short fixed header: no view is built over it
			}
			ev := Event{typ: msg.Header.Type, msg: &m, raw: msg}
			readEvent(&ev)
			cache.apply(&ev)
			read, ok := viewReader(msg.Header.Type, &m)
			if !ok {
				continue
			}
			first := read()
			if again := read(); !reflect.DeepEqual(first, again) {
				t.Fatalf("type %d: two reads differ:\n%v\n%v", msg.Header.Type, first, again)
			}
			viewsAgreeWithCodec(t, msg.Header.Type, &m)
			c := m.Clone()
			cread, _ := viewReader(msg.Header.Type, c)
			clones = append(clones, cloned{cread, first})
		}
		_ = it.Err() // fuzzed bytes may end malformed: the views before it were read
		before := readCache(cache)
		for i := range data {
			data[i] = 0xa5
		}
		if after := readCache(cache); !reflect.DeepEqual(before, after) {
			t.Fatalf("the cache changed with the buffer its events came from:\n got %v\nwant %v", after, before)
		}
		for _, c := range clones {
			if got := c.read(); !reflect.DeepEqual(got, c.clone) {
				t.Fatalf("a clone changed with the buffer it was cloned from:\n got %v\nwant %v", got, c.clone)
			}
		}
	})
}

// streamPrefix returns the length of the longest run of whole messages
// at the start of b that fits in max bytes (at least one message).
func streamPrefix(b []byte, max int) int {
	n := 0
	it := wire.NewMessages(b)
	for it.Next() {
		end := it.Message().Offset + int(it.Message().Header.Len+3)&^3
		if end > max && n > 0 {
			break
		}
		n = min(end, len(b))
	}
	_ = it.Err() // a malformed tail just ends the prefix
	return n
}

// viewReader returns a function that reads every accessor of the view of
// message type t over m, and false for a type no view reads.
func viewReader(t wire.MsgType, m *codec.Msg) (func() []any, bool) {
	switch t {
	case uapi.RTM_NEWLINK, uapi.RTM_DELLINK:
		return func() []any { return readLinkView(AsLink(m)) }, true
	case uapi.RTM_NEWADDR, uapi.RTM_DELADDR:
		return func() []any { return readAddrView(AsAddr(m)) }, true
	case uapi.RTM_NEWROUTE, uapi.RTM_DELROUTE:
		return func() []any { return readRouteView(AsRoute(m)) }, true
	case uapi.RTM_NEWRULE, uapi.RTM_DELRULE:
		return func() []any { return readRuleView(AsRule(m)) }, true
	case uapi.RTM_NEWNEIGH, uapi.RTM_DELNEIGH:
		return func() []any { return readNeighView(AsNeigh(m)) }, true
	case uapi.RTM_NEWNEXTHOP, uapi.RTM_DELNEXTHOP:
		return func() []any { return readNexthopView(AsNexthop(m)) }, true
	case uapi.RTM_NEWQDISC, uapi.RTM_DELQDISC, uapi.RTM_NEWTCLASS, uapi.RTM_DELTCLASS,
		uapi.RTM_NEWTFILTER, uapi.RTM_DELTFILTER, uapi.RTM_NEWCHAIN, uapi.RTM_DELCHAIN:
		return func() []any { return readTCView(AsTC(m)) }, true
	}
	return nil, false
}

// drain records every value of an attribute iterator (bytes copied)
// and its error.
func drain(it codec.AttrIter) []any {
	var out []any
	for it.Next() {
		v := it.Value()
		out = append(out, v.Name(), string(v.Bytes()), it.Offset())
	}
	return append(out, fmt.Sprint(it.Err()))
}

func two[A, B any](a A, b B) []any { return []any{a, b} }

func readLinkView(v LinkView) []any {
	st, stOK := v.Stats()
	xdp, xdpOK := v.XDP()
	nsid, nsidOK := v.LinkNetNSID()
	info := v.Info()
	out := []any{v.Family(), v.Index(), v.Type(), v.Flags(), v.Change(), v.Up(),
		string(v.Name()), v.NameString(), v.MTU(), v.MinMTU(), v.MaxMTU(), v.TxQLen(), v.Group(),
		v.Master(), v.Link(), nsid, nsidOK, v.OperState(), v.OperStateString(), v.LinkMode(), v.Carrier(),
		v.Address().String(), v.Broadcast().String(), v.PermAddress().String(), string(v.Alias()),
		string(v.Kind()), v.KindString(), string(v.SlaveKind()), string(info.Bytes()),
		st, stOK, xdp, xdpOK}
	out = append(out, drain(info.Attrs())...)
	return append(out, drain(v.AltNames())...)
}

func readAddrView(v AddrView) []any {
	return []any{v.Family(), v.PrefixLen(), v.Flags(), v.Scope(), v.Index(), v.Address(), v.Local(),
		v.Prefix(), v.Broadcast(), string(v.Label()), v.Proto()}
}

func readRouteView(v RouteView) []any {
	out := []any{v.Family(), v.DstLen(), v.SrcLen(), v.TOS(), v.Table(), v.Proto(), v.Scope(), v.Type(),
		v.Flags(), v.Dst(), v.Src(), v.IsDefault(), v.Gateway(), v.Via(), v.PrefSrc(), v.OIF(), v.IIF(),
		v.Priority(), v.Mark(), v.NHID(), v.Pref(), v.EncapType()}
	for _, rtax := range []uint16{uapi.RTAX_MTU, uapi.RTAX_HOPLIMIT, uapi.RTAX_CC_ALGO, 0, 0xffff} {
		out = append(out, two(v.Metric(rtax))...)
	}
	out = append(out, drain(v.Metrics())...)
	hops := v.Multipath()
	for hops.Next() {
		h := hops.Hop()
		out = append(out, h.Flags, h.Weight, h.OIF, h.Gateway(), string(h.Attrs()))
	}
	return append(out, fmt.Sprint(hops.Err()))
}

func readRuleView(v RuleView) []any {
	return []any{v.Family(), v.DstLen(), v.SrcLen(), v.TOS(), v.Action(), v.Flags(), v.Table(),
		v.Priority(), v.FwMark(), v.FwMask(), v.Goto(), v.Proto(), string(v.IIFName()), string(v.OIFName()),
		v.Src(), v.Dst()}
}

func readNeighView(v NeighView) []any {
	return []any{v.Family(), v.IfIndex(), v.State(), v.Flags(), v.NdmType(), v.Dst(),
		v.LLAddr().String(), v.VLAN(), v.Master(), v.VNI()}
}

func readNexthopView(v NexthopView) []any {
	out := []any{v.Family(), v.Scope(), v.Proto(), v.Flags(), v.ID(), v.OIF(), v.Gateway(),
		v.Blackhole(), v.IsGroup(), v.Group()}
	n := v.Group()
	for i := -1; i <= n; i++ { // one before and one past the ends too
		out = append(out, two(v.GroupMember(i))...)
	}
	return out
}

func readTCView(v TCView) []any {
	return []any{v.Family(), v.Index(), v.Handle(), v.Parent(), v.Info(), string(v.Kind()), v.KindString()}
}

// viewsAgreeWithCodec checks the typed views against the codec's generic
// lookups by name, and the views' accessors against each other.
func viewsAgreeWithCodec(t *testing.T, typ wire.MsgType, m *codec.Msg) {
	t.Helper()
	str := func(name string) (string, bool) {
		v, ok := m.GetAttr(name)
		if !ok {
			return "", false
		}
		return v.Attr.String(), true // C string: up to the first NUL
	}
	u32 := func(name string) (uint64, bool) {
		v, ok := m.GetAttr(name)
		if !ok || len(v.Bytes()) != 4 {
			return 0, false
		}
		return v.Uint()
	}
	fail := func(what string, got, want any) {
		t.Fatalf("type %d: %s: the view reads %v, the codec %v", typ, what, got, want)
	}
	switch typ {
	case uapi.RTM_NEWLINK, uapi.RTM_DELLINK:
		v := AsLink(m)
		if v.NameString() != string(v.Name()) || v.KindString() != string(v.Kind()) {
			fail("name/kind string", v.NameString()+"/"+v.KindString(), string(v.Name())+"/"+string(v.Kind()))
		}
		if s, ok := str("IFLA_IFNAME"); ok && s != v.NameString() {
			fail("IFLA_IFNAME", v.NameString(), s)
		}
		if mtu, ok := u32("IFLA_MTU"); ok && uint32(mtu) != v.MTU() {
			fail("IFLA_MTU", v.MTU(), mtu)
		}
		if k, ok := m.Get("linkinfo", "kind"); ok && k.Attr.String() != v.KindString() {
			fail("IFLA_INFO_KIND", v.KindString(), string(k.Bytes()))
		}
		if v.Up() != (v.Flags()&1 != 0) {
			fail("Up", v.Up(), v.Flags())
		}
	case uapi.RTM_NEWADDR, uapi.RTM_DELADDR:
		v := AsAddr(m)
		if p := v.Prefix(); p.IsValid() && p.Bits() != v.PrefixLen() {
			fail("Prefix bits", p.Bits(), v.PrefixLen())
		}
		if s, ok := str("IFA_LABEL"); ok && s != string(v.Label()) {
			fail("IFA_LABEL", string(v.Label()), s)
		}
	case uapi.RTM_NEWROUTE, uapi.RTM_DELROUTE:
		v := AsRoute(m)
		if d := v.Dst(); d.IsValid() && d.Bits() != v.DstLen() {
			fail("Dst bits", d.Bits(), v.DstLen())
		}
		if p, ok := u32("RTA_PRIORITY"); ok && uint32(p) != v.Priority() {
			fail("RTA_PRIORITY", v.Priority(), p)
		}
		if tb, ok := u32("RTA_TABLE"); ok && uint32(tb) != uint32(v.Table()) {
			fail("RTA_TABLE", v.Table(), tb)
		}
		if v.IsDefault() && v.DstLen() != 0 {
			fail("IsDefault", v.IsDefault(), v.DstLen())
		}
	case uapi.RTM_NEWRULE, uapi.RTM_DELRULE:
		v := AsRule(m)
		if p, ok := u32("FRA_PRIORITY"); ok && uint32(p) != v.Priority() {
			fail("FRA_PRIORITY", v.Priority(), p)
		}
	case uapi.RTM_NEWNEXTHOP, uapi.RTM_DELNEXTHOP:
		v := AsNexthop(m)
		if id, ok := u32("NHA_ID"); ok && uint32(id) != v.ID() {
			fail("NHA_ID", v.ID(), id)
		}
	case uapi.RTM_NEWQDISC, uapi.RTM_NEWTCLASS, uapi.RTM_NEWTFILTER:
		v := AsTC(m)
		if s, ok := str("TCA_KIND"); ok && s != v.KindString() {
			fail("TCA_KIND", v.KindString(), s)
		}
	}
}

// TestFuzzViewsCallsEveryAccessor: every exported method of every view
// (and of what they return: Hop, HopIter; and of Event) is called by
// FuzzViews — by the reader of that view, so a method name another view
// shares cannot stand in for it. A new accessor cannot escape the fuzzer.
func TestFuzzViewsCallsEveryAccessor(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "fuzz_views_test.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	called := map[string]map[string]bool{} // reader function → method names it calls
	for _, d := range file.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		names := map[string]bool{}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
					names[sel.Sel.Name] = true
				}
			}
			return true
		})
		called[fn.Name.Name] = names
	}
	for _, c := range []struct {
		view   any
		reader string
		skip   []string
	}{
		{LinkView{}, "readLinkView", []string{"Msg", "Clone"}},
		{AddrView{}, "readAddrView", []string{"Msg", "Clone"}},
		{RouteView{}, "readRouteView", []string{"Msg", "Clone"}},
		{Hop{}, "readRouteView", nil},
		{&HopIter{}, "readRouteView", nil},
		{RuleView{}, "readRuleView", []string{"Msg", "Clone"}},
		{NeighView{}, "readNeighView", []string{"Msg", "Clone"}},
		{NexthopView{}, "readNexthopView", []string{"Msg", "Clone"}},
		{TCView{}, "readTCView", []string{"Msg", "Clone"}},
		{&Event{}, "readEvent", nil},
	} {
		typ := reflect.TypeOf(c.view)
		for i := range typ.NumMethod() {
			name := typ.Method(i).Name
			if !slices.Contains(c.skip, name) && !called[c.reader][name] {
				t.Errorf("%v.%s is not called by %s: add it there", typ, name, c.reader)
			}
		}
	}
}

// TestFuzzViewsSeeds runs the target's reader over every capture: the
// same checks as the fuzzer, over whole dumps.
func TestFuzzViewsSeeds(t *testing.T) {
	for _, name := range []string{"links-full.bin", "brlinks.bin", "addrs-full.bin", "routes-full.bin", "routes6.bin",
		"rules.bin", "neigh.bin", "fdb.bin", "nexthops.bin", "qdiscs.bin", "classes.bin", "filters.bin", "filters-clsact.bin"} {
		b := testutil.Capture(t, name)
		it := wire.NewMessages(b)
		n := 0
		for it.Next() {
			msg := it.Message()
			schema := codec.SchemaFor(msg.Header.Type)
			if schema == nil {
				continue // NLMSG_DONE
			}
			var m codec.Msg
			if err := m.Reset(schema, msg); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if read, ok := viewReader(msg.Header.Type, &m); ok {
				read()
				viewsAgreeWithCodec(t, msg.Header.Type, &m)
				n++
			}
		}
		if err := it.Err(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n == 0 {
			t.Errorf("%s: no message read through a view", name)
		}
	}
}

// offlineCache returns a Cache of every kind with no connection behind
// it: events are applied by hand.
func offlineCache() *Cache {
	c := &Cache{cfg: CacheConfig{Notify: -1}, linkFlags: map[int32]uint32{}}
	if err := c.parseKinds(nil); err != nil {
		panic(err)
	}
	c.fillDefaults()
	for k := range c.tabs {
		c.tabs[k] = map[string]*codec.Msg{}
	}
	return c
}

// readEvent calls every accessor of an Event.
func readEvent(e *Event) []any {
	nsid, hasNSID := e.NSID()
	out := []any{e.Type(), e.IsOverrun(), e.Overrun(), e.Msg() != nil, e.Raw().Offset, nsid, hasNSID,
		e.Groups(), e.IsDel(), e.Object(), e.String()}
	if v, ok := e.Link(); ok {
		out = append(out, readLinkView(v)...)
	}
	if v, ok := e.Addr(); ok {
		out = append(out, readAddrView(v)...)
	}
	if v, ok := e.Route(); ok {
		out = append(out, readRouteView(v)...)
	}
	if v, ok := e.Neigh(); ok {
		out = append(out, readNeighView(v)...)
	}
	if v, ok := e.Rule(); ok {
		out = append(out, readRuleView(v)...)
	}
	if v, ok := e.Nexthop(); ok {
		out = append(out, readNexthopView(v)...)
	}
	c := e.Clone()
	return append(out, c.String())
}

// readCache reads every table of c through its views, as sorted lines
// (the tables are maps: no order).
func readCache(c *Cache) []string {
	var out []string
	add := func(r []any) { out = append(out, fmt.Sprint(r...)) }
	for _, k := range CacheKindNames() {
		add([]any{k, c.Len(k)})
	}
	for _, v := range c.GetLinks() {
		l, ok := c.Link(v.Index())
		add(append(readLinkView(v), ok, l.Index()))
	}
	for _, v := range c.GetAddrs() {
		add(readAddrView(v))
	}
	for _, v := range c.GetRoutes() {
		add(readRouteView(v))
	}
	for _, v := range c.GetNeighbours() {
		add(readNeighView(v))
	}
	for _, v := range c.GetRules() {
		add(readRuleView(v))
	}
	for _, v := range c.GetNexthops() {
		add(readNexthopView(v))
	}
	slices.Sort(out)
	return out
}
