package rtnl

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// TestAccessorsOverCaptures walks every message of the populated
// namespace's captures through every typed accessor of its view: every
// exported method that takes no arguments is called (iterators drained),
// and none may panic; a view's Msg must be the message it wraps, and
// Clone must give a view that outlives the buffer with the same values.
func TestAccessorsOverCaptures(t *testing.T) {
	views := map[wire.MsgType]func(*codec.Msg) any{
		uapi.RTM_NEWLINK:    func(m *codec.Msg) any { return AsLink(m) },
		uapi.RTM_NEWADDR:    func(m *codec.Msg) any { return AsAddr(m) },
		uapi.RTM_NEWROUTE:   func(m *codec.Msg) any { return AsRoute(m) },
		uapi.RTM_NEWRULE:    func(m *codec.Msg) any { return AsRule(m) },
		uapi.RTM_NEWNEIGH:   func(m *codec.Msg) any { return AsNeigh(m) },
		uapi.RTM_NEWNEXTHOP: func(m *codec.Msg) any { return AsNexthop(m) },
		uapi.RTM_NEWQDISC:   func(m *codec.Msg) any { return AsTC(m) },
		uapi.RTM_NEWTCLASS:  func(m *codec.Msg) any { return AsTC(m) },
		uapi.RTM_NEWTFILTER: func(m *codec.Msg) any { return AsTC(m) },
	}
	captures := []string{"links-full.bin", "brlinks.bin", "addrs-full.bin", "routes-full.bin", "rules.bin",
		"neigh.bin", "fdb.bin", "nexthops.bin", "qdiscs.bin", "classes.bin", "filters.bin", "filters-clsact.bin"}
	calls := 0
	for _, name := range captures {
		buf := testutil.Capture(t, name)
		it := wire.NewMessages(buf)
		for it.Next() {
			msg := it.Message()
			mk, ok := views[msg.Header.Type]
			if !ok {
				continue
			}
			var m codec.Msg
			if err := m.Reset(codec.SchemaFor(msg.Header.Type), msg); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			v := mk(&m)
			got := callAll(t, fmt.Sprintf("%s@%d", name, msg.Offset), v)
			calls += len(got)
			c := reflect.ValueOf(v).MethodByName("Clone").Call(nil)[0].Interface()
			if want := callAll(t, name, c); !reflect.DeepEqual(got, want) {
				t.Errorf("%s@%d: clone reads differently:\n got %v\nwant %v", name, msg.Offset, want, got)
			}
		}
		if it.Err() != nil {
			t.Fatal(it.Err())
		}
	}
	if calls == 0 {
		t.Fatal("no accessor was called")
	}
	t.Logf("%d accessor calls", calls)
}

// callAll calls every exported niladic method of v except Msg and Clone
// and returns a printable record of the results (iterators are drained
// and counted).
func callAll(t *testing.T, where string, v any) map[string]string {
	t.Helper()
	out := map[string]string{}
	rv := reflect.ValueOf(v)
	for i := range rv.NumMethod() {
		meth := rv.Type().Method(i)
		if meth.Type.NumIn() != 1 || meth.Name == "Msg" || meth.Name == "Clone" {
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: %s panicked: %v", where, meth.Name, r)
				}
			}()
			res := rv.Method(i).Call(nil)
			out[meth.Name] = describe(res)
		}()
	}
	return out
}

// describe renders results, draining anything with Next() bool.
func describe(res []reflect.Value) string {
	s := ""
	for _, r := range res {
		if r.Kind() == reflect.Struct {
			p := reflect.New(r.Type())
			p.Elem().Set(r)
			if next := p.MethodByName("Next"); next.IsValid() && next.Type().NumIn() == 0 && next.Type().NumOut() == 1 && next.Type().Out(0).Kind() == reflect.Bool {
				n := 0
				for next.Call(nil)[0].Bool() {
					n++
				}
				s += fmt.Sprintf("iter(%d) ", n)
				continue
			}
		}
		s += fmt.Sprintf("%v ", r.Interface())
	}
	return s
}
