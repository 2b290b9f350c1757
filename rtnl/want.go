package rtnl

import (
	"bytes"
	"encoding/json"
	"math"
	"net"
	"net/netip"
	"strconv"

	"github.com/nlroute/nlroute/codec"
)

type wantKind uint8

const (
	wantInt     wantKind = iota // u (neg: a negative number)
	wantString                  // s, plus whatever it parses as
	wantAddr                    // a
	wantPrefix                  // p
	wantBytes                   // b
	wantPresent                 // present
	wantFunc                    // fn
)

// want is a compiled Match value.
type want struct {
	kind    wantKind
	u       uint64
	neg     bool
	s       string
	a       netip.Addr
	p       netip.Prefix
	b       []byte
	present bool
	isInt   bool // a string that parses as an integer (u)
	isAddr  bool // a string that parses as an address (a)
	isMAC   bool // a string that parses as a MAC (b)
	fn      any
}

// compileWant turns a Match value into a want; kind is the attribute's
// kind when known (KindBinary otherwise), for error messages only. The
// string result is the reason for a value it cannot take.
func compileWant(v any, kind codec.Kind) (want, string) {
	var w want
	if u, neg, ok := asInt(v); ok {
		w.kind, w.u, w.neg = wantInt, u, neg
		return w, ""
	}
	switch x := v.(type) {
	case string:
		w.kind, w.s = wantString, x
		if p, err := netip.ParsePrefix(x); err == nil {
			w.kind, w.p = wantPrefix, p
			return w, ""
		}
		if a, err := netip.ParseAddr(x); err == nil {
			w.isAddr, w.a = true, a
		}
		if hw, err := net.ParseMAC(x); err == nil {
			w.isMAC, w.b = true, hw
		}
		if u, err := strconv.ParseUint(x, 0, 64); err == nil {
			w.isInt, w.u = true, u
		}
	case netip.Addr:
		w.kind, w.a = wantAddr, x
	case netip.Prefix:
		w.kind, w.p = wantPrefix, x
	case net.HardwareAddr:
		w.kind, w.b = wantBytes, x
	case []byte:
		w.kind, w.b = wantBytes, x
	case bool:
		w.kind, w.present = wantPresent, x
	case func(uint64) bool, func(int64) bool, func(int) bool, func(string) bool,
		func([]byte) bool, func(netip.Addr) bool, func(netip.Prefix) bool,
		func(net.HardwareAddr) bool, func(codec.Value) bool, func(any) bool:
		w.kind, w.fn = wantFunc, x
	default:
		return w, "cannot be compared with a " + kind.String() + " (see rtnl.Match)"
	}
	// A string that cannot be an integer never equals an integer field
	// or attribute: say so now rather than match nothing.
	if w.kind == wantString && kind.IsInt() && !w.isInt {
		return w, "is not an integer (the keyword holds a " + kind.String() + ")"
	}
	return w, ""
}

// asInt reads the integer values of a Match: Go integers, and float64 and
// json.Number holding integers.
func asInt(v any) (u uint64, neg, ok bool) {
	switch x := v.(type) {
	case int:
		return uint64(x), x < 0, true
	case int8:
		return uint64(x), x < 0, true
	case int16:
		return uint64(x), x < 0, true
	case int32:
		return uint64(x), x < 0, true
	case int64:
		return uint64(x), x < 0, true
	case uint:
		return uint64(x), false, true
	case uint8:
		return uint64(x), false, true
	case uint16:
		return uint64(x), false, true
	case uint32:
		return uint64(x), false, true
	case uint64:
		return x, false, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return uint64(int64(x)), x < 0, true
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return uint64(n), n < 0, true
		}
		if n, err := strconv.ParseUint(string(x), 10, 64); err == nil {
			return n, false, true
		}
	}
	return 0, false, false
}

// absent reports whether the want matches a missing attribute: only
// "present: false" does.
func (w *want) absent() bool { return w.kind == wantPresent && !w.present }

// uint compares an integer (a field, or an integer attribute).
func (w *want) uint(u uint64, signed bool) bool {
	switch w.kind {
	case wantInt:
		return u == w.u && (!signed || w.neg == (int64(u) < 0))
	case wantString:
		return w.isInt && u == w.u
	case wantPresent:
		return w.present
	case wantFunc:
		switch fn := w.fn.(type) {
		case func(uint64) bool:
			return fn(u)
		case func(int64) bool:
			return fn(int64(u))
		case func(int) bool:
			return fn(int(u))
		case func(any) bool:
			return fn(u)
		}
	}
	return false
}

// value compares an attribute.
func (w *want) value(v codec.Value) bool {
	k := v.Kind()
	if k.IsInt() {
		if w.kind == wantFunc {
			if fn, ok := w.fn.(func(codec.Value) bool); ok {
				return fn(v)
			}
		}
		u, ok := v.Uint()
		return ok && w.uint(u, k.IsSigned())
	}
	switch w.kind {
	case wantPresent:
		return w.present
	case wantFunc:
		return w.call(v)
	case wantInt:
		return false
	case wantAddr:
		a, ok := v.Addr()
		return ok && a == w.a
	case wantPrefix:
		a, ok := v.Addr()
		return ok && w.p.Bits() == a.BitLen() && a == w.p.Addr()
	case wantBytes:
		if k == codec.KindString {
			return bytes.Equal(v.StringBytes(), w.b)
		}
		return bytes.Equal(v.Value, w.b)
	}
	// wantString
	switch k {
	case codec.KindString, codec.KindText:
		return string(v.StringBytes()) == w.s
	case codec.KindAddr:
		a, ok := v.Addr()
		return ok && w.isAddr && a == w.a
	case codec.KindMAC:
		return w.isMAC && bytes.Equal(v.Value, w.b)
	}
	return string(v.StringBytes()) == w.s
}

// call runs a predicate on a non-integer attribute.
func (w *want) call(v codec.Value) bool {
	switch fn := w.fn.(type) {
	case func(codec.Value) bool:
		return fn(v)
	case func([]byte) bool:
		return fn(v.Value)
	case func(net.HardwareAddr) bool:
		return fn(net.HardwareAddr(v.Value))
	case func(string) bool:
		return fn(string(v.StringBytes()))
	case func(netip.Addr) bool:
		a, ok := v.Addr()
		return ok && fn(a)
	case func(netip.Prefix) bool:
		a, ok := v.Addr()
		return ok && fn(netip.PrefixFrom(a, a.BitLen()))
	case func(any) bool:
		switch v.Kind() {
		case codec.KindString, codec.KindText:
			return fn(string(v.StringBytes()))
		case codec.KindAddr:
			if a, ok := v.Addr(); ok {
				return fn(a)
			}
		}
		return fn(v.Value)
	}
	return false
}
