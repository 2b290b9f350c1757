//go:build nlroute_debug || race

package rtnl

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// viewChecks is on in race builds and debug builds (tag nlroute_debug):
// a view read after its iterator advanced or was closed panics, naming
// the view type and the lifetime rule, instead of reading another
// message's data. Each step allocates a fresh message there.
const viewChecks = true

// The schemas a retired message is reset to: an accessor seeing one
// knows its view is stale, and why.
var (
	staleAdvanced = &codec.Schema{Name: "stale: advanced", Header: &codec.Struct{}, Attrs: &codec.Table{}}
	staleClosed   = &codec.Schema{Name: "stale: closed", Header: &codec.Struct{}, Attrs: &codec.Table{}}
)

func checkView(m *codec.Msg, view string) {
	if m == nil {
		return
	}
	switch m.Schema() {
	case staleAdvanced:
		panic("rtnl: " + view + " used after its iterator advanced: a view is valid only until the next call to Next; Clone() it to keep it")
	case staleClosed:
		panic("rtnl: " + view + " used after its iterator was closed: a view is valid only until the next call to Next or Close; Clone() it to keep it")
	}
}

func (it *Iter) retire() {
	if it.msg != nil && it.msg.Schema() != nil {
		_ = it.msg.Reset(staleAdvanced, wire.Message{})
		it.msg = new(codec.Msg)
	}
}

func (it *Iter) release() bool {
	if it.msg != nil && it.msg.Schema() != nil && it.msg.Schema() != staleAdvanced {
		_ = it.msg.Reset(staleClosed, wire.Message{})
	}
	return false
}
