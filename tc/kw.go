package tc

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// Spec is a qdisc, class, filter or action described in pyroute2's
// keyword style: {"rate": "10mbit", "burst": 6144}. Values are Go
// integers, floats, strings with tc's units, bools, handles, lists and
// nested maps, as each kind's Help says. It has the same shape as
// rtnl.Spec and codec.Spec.
type Spec = map[string]any

// kw reads the keywords of one kind's Spec, with a sticky error naming
// the first bad keyword. Every keyword read is marked; done reports the
// ones nobody read as unknown.
type kw struct {
	kind   string
	m      map[string]any
	params []Param
	err    error
}

func newKW(kind string, m map[string]any, params []Param) *kw {
	return &kw{kind: kind, m: m, params: params}
}

func (k *kw) fail(name string, v any, why string) {
	if k.err == nil {
		k.err = &ParamError{Kind: k.kind, Param: name, Value: v, Reason: why}
	}
}

// check rejects keywords the kind does not list, except those in skip
// (the object's generic keywords: parent, handle …).
func (k *kw) check(skip ...string) {
	for name := range k.m {
		if k.known(name) || contains(skip, name) {
			continue
		}
		k.fail(name, nil, "unknown parameter")
		return
	}
	for _, p := range k.params {
		if _, ok := k.m[p.Name]; p.Required && !ok {
			k.fail(p.Name, nil, "missing required parameter")
			return
		}
	}
}

func (k *kw) known(name string) bool {
	for _, p := range k.params {
		if p.Name == name {
			return true
		}
	}
	return false
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func (k *kw) get(name string) (any, bool) {
	v, ok := k.m[name]
	return v, ok && v != nil
}

func (k *kw) has(name string) bool { _, ok := k.get(name); return ok }

func (k *kw) uint(name string, def uint64, max uint64) uint64 {
	v, ok := k.get(name)
	if !ok {
		return def
	}
	if b, isBool := v.(bool); isBool {
		if b {
			return 1
		}
		return 0
	}
	u, err := toUint(v)
	if err != nil {
		k.fail(name, v, "not a non-negative integer")
		return def
	}
	if u > max {
		k.fail(name, v, "out of range")
		return def
	}
	return u
}

func (k *kw) u32(name string, def uint32) uint32 {
	return uint32(k.uint(name, uint64(def), math.MaxUint32))
}
func (k *kw) u16(name string, def uint16) uint16 {
	return uint16(k.uint(name, uint64(def), math.MaxUint16))
}
func (k *kw) u8(name string, def uint8) uint8 { return uint8(k.uint(name, uint64(def), math.MaxUint8)) }

func (k *kw) str(name, def string) string {
	v, ok := k.get(name)
	if !ok {
		return def
	}
	s, isStr := v.(string)
	if !isStr {
		k.fail(name, v, "not a string")
		return def
	}
	return s
}

func (k *kw) flag(name string) bool {
	v, ok := k.get(name)
	if !ok {
		return false
	}
	switch x := v.(type) {
	case bool:
		return x
	case string:
		b, err := strconv.ParseBool(x)
		if err != nil {
			k.fail(name, v, "not a boolean")
		}
		return b
	}
	u, err := toUint(v)
	if err != nil || u > 1 {
		k.fail(name, v, "not a boolean")
	}
	return u == 1
}

func (k *kw) float(name string, def float64) float64 {
	v, ok := k.get(name)
	if !ok {
		return def
	}
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			k.fail(name, v, "not a number")
		}
		return f
	case string:
		f, err := strconv.ParseFloat(strings.TrimSuffix(x, "%"), 64)
		if err != nil {
			k.fail(name, v, "not a number")
		}
		if strings.HasSuffix(x, "%") {
			f /= 100
		}
		return f
	}
	u, err := toUint(v)
	if err != nil {
		k.fail(name, v, "not a number")
	}
	return float64(u)
}

// rate reads a rate: an integer in bytes/s or a string with tc's units.
func (k *kw) rate(name string, def uint64) uint64 {
	v, ok := k.get(name)
	if !ok {
		return def
	}
	if s, isStr := v.(string); isStr {
		r, err := ParseRate(s)
		if err != nil {
			k.fail(name, v, "bad rate: "+err.Error())
			return 0
		}
		if r == 0 {
			k.zeroRate(name, v, s)
		}
		return r
	}
	u, err := toUint(v)
	if err != nil {
		k.fail(name, v, "bad rate")
	}
	if u == 0 && err == nil {
		k.zeroRate(name, v, "")
	}
	return u
}

// zeroRate refuses a rate that is, or rounds to, 0 bytes/s where it
// matters: a rate below 8bit is never meant as "none", and a required
// rate of 0 is not "missing" but out of range.
func (k *kw) zeroRate(name string, v any, s string) {
	if s != "" {
		if bits, err := parseUnit(s, rateUnits, "rate"); err == nil && bits > 0 {
			k.fail(name, v, "rounds to 0 bytes/s: the smallest rate is 8bit (1 byte/s)")
			return
		}
	}
	if k.required(name) {
		k.fail(name, v, "is 0: the rate must be at least 8bit (1 byte/s)")
	}
}

// required reports whether the kind lists name as a required parameter.
func (k *kw) required(name string) bool {
	for _, p := range k.params {
		if p.Name == name {
			return p.Required
		}
	}
	return false
}

// size reads a size: an integer in bytes or a string with tc's units.
func (k *kw) size(name string, def uint64) uint64 {
	v, ok := k.get(name)
	if !ok {
		return def
	}
	if s, isStr := v.(string); isStr {
		r, err := ParseSize(s)
		if err != nil {
			k.fail(name, v, "bad size")
		}
		return r
	}
	u, err := toUint(v)
	if err != nil {
		k.fail(name, v, "bad size")
	}
	return u
}

func (k *kw) size32(name string, def uint32) uint32 {
	s := k.size(name, uint64(def))
	if s > math.MaxUint32 {
		k.fail(name, k.m[name], "out of range")
	}
	return uint32(s)
}

// dur reads a time: a time.Duration, an integer in microseconds or a
// string with tc's units.
func (k *kw) dur(name string, def time.Duration) time.Duration {
	v, ok := k.get(name)
	if !ok {
		return def
	}
	switch x := v.(type) {
	case time.Duration:
		return x
	case string:
		d, err := ParseTime(x)
		if err != nil {
			k.fail(name, v, "bad time")
		}
		return d
	}
	u, err := toUint(v)
	if err != nil {
		k.fail(name, v, "bad time")
	}
	return time.Duration(u) * time.Microsecond
}

func (k *kw) handle(name string, def Handle) Handle {
	v, ok := k.get(name)
	if !ok {
		return def
	}
	h, err := handleOf(v)
	if err != nil {
		k.fail(name, v, "bad handle")
	}
	return h
}

// enum reads a string keyword that must be one of names (or its index as
// an integer value when values is nil) and returns its value.
func (k *kw) enum(name string, def uint32, names map[string]uint32) uint32 {
	v, ok := k.get(name)
	if !ok {
		return def
	}
	if s, isStr := v.(string); isStr {
		if n, ok := names[strings.ToLower(s)]; ok {
			return n
		}
		k.fail(name, v, "unknown value")
		return def
	}
	u, err := toUint(v)
	if err != nil || u > math.MaxUint32 {
		k.fail(name, v, "unknown value")
	}
	return uint32(u)
}
