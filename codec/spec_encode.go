package codec

import (
	"slices"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/wire"
)

// item is one attribute waiting to be encoded.
type item struct {
	typ uint16 // with flags in the dict form
	sp  *AttrSpec
	key string
	val any
}

// siblings is the chain an attribute is encoded in, for selectors.
type siblings struct {
	m     map[string]any
	l     []any
	table *Table
}

func (e *encoder) message(t wire.MsgType, flags wire.HeaderFlags, seq uint32, spec Spec) error {
	hs := e.schema.Header
	var fixed [maxFixed]byte
	e.fixed = fixed[:hs.Size]
	var buf [32]item
	var items []item
	var err error
	sib := siblings{table: e.schema.Attrs}
	if e.exact {
		sib.l = spec["attrs"].([]any)
		if err = e.dictFields(spec); err == nil {
			items, err = e.dictItems(e.schema.Attrs, sib.l, buf[:0])
		}
	} else {
		sib.m = spec
		items, err = e.keywordItems(e.schema.Attrs, spec, buf[:0], true)
	}
	if err != nil {
		return err
	}
	e.b.Begin(t, flags, seq)
	e.b.PutFixed(e.fixed)
	if err := e.items(items, sib); err != nil {
		return err
	}
	// After the attributes, so an address of the other family is named
	// before the prefix length it implied.
	if !e.exact {
		if err := e.checkPrefixes(); err != nil {
			return err
		}
		if err := e.checkTOS(); err != nil {
			return err
		}
	}
	e.b.End()
	return nil
}

// dictFields sets the family header from the dict form's field keys.
func (e *encoder) dictFields(d map[string]any) error {
	hs := e.schema.Header
	for i, f := range hs.Fields {
		v, ok := d[f.Name]
		if !ok {
			continue
		}
		if err := e.setField(i, f.Name, v, false); err != nil {
			return err
		}
	}
	return nil
}

func (e *encoder) setField(i int, key string, v any, mirror bool) error {
	f := &e.schema.Header.Fields[i]
	u, neg, why := toInt(v)
	if why == "" && !intFits(f.Kind, u, neg) {
		if !mirror || f.Overflow == 0 {
			why = "is out of range for " + f.Kind.String()
		} else {
			u = f.Overflow
		}
	}
	if why != "" {
		e.push(key)
		defer e.pop()
		return e.fail(v, why)
	}
	e.schema.Header.Put(e.fixed, i, u)
	return nil
}

func sortedKeys(m map[string]any, buf []string) []string {
	for k := range m {
		buf = append(buf, k)
	}
	slices.Sort(buf)
	return buf
}

// keywordItems resolves the keywords of m against table; at the top level
// it also sets family-header fields.
func (e *encoder) keywordItems(table *Table, m map[string]any, items []item, top bool) ([]item, error) {
	var kb [32]string
	var set uint64
	hs := e.schema.Header
	for _, k := range sortedKeys(m, kb[:0]) {
		v := m[k]
		if i := hs.FieldIndex(k); top && i >= 0 {
			f := &hs.Fields[i]
			if err := e.setField(i, k, v, f.Mirror != 0); err != nil {
				return nil, err
			}
			set |= 1 << i
			if f.Mirror != 0 {
				items = append(items, item{typ: f.Mirror, sp: table.Lookup(f.Mirror), key: k, val: v})
			}
			continue
		}
		sp := table.ByName(k)
		if sp == nil {
			return nil, e.unknown(k)
		}
		items = append(items, item{typ: sp.Type, sp: sp, key: k, val: v})
	}
	slices.SortStableFunc(items, func(a, b item) int { return int(a.typ) - int(b.typ) })
	if top {
		return items, e.derive(items, set)
	}
	return items, nil
}

// derive fills header fields the keywords imply: the prefix length of
// "dst": "10.0.0.0/24" (a bare address: the full length, 32 or 128,
// unless an address before gave one) and the family of the first
// address, unless given. Prefix lengths that disagree are an error.
func (e *encoder) derive(items []item, set uint64) error {
	hs := e.schema.Header
	fam := hs.FieldIndex(e.schema.FamilyField)
	var derived uint64 // prefix fields an earlier address set
	for _, it := range items {
		if it.sp == nil || it.sp.Kind != KindAddr {
			continue
		}
		a, bits, why := toAddr(it.val)
		if why != "" {
			e.push(it.key)
			defer e.pop()
			return e.fail(it.val, why)
		}
		i := hs.FieldIndex(it.sp.PrefixField)
		explicit := bits >= 0
		if !explicit {
			if i >= 0 && derived&(1<<i) != 0 {
				// "address": "10.0.0.9/24", "local": "10.0.0.9": the
				// prefix is the one given.
				i = -1
			}
			// A bare address is a host prefix, as iproute2 reads
			// "ip route get 10.0.0.1" or "ip addr add 10.0.0.1".
			bits = a.Unmap().BitLen()
		}
		if explicit && i >= 0 && set&(1<<i) == 0 && derived&(1<<i) != 0 && hs.Get(e.fixed, i) != uint64(bits) {
			e.push(it.key)
			defer e.pop()
			return e.fail(it.val, "has a prefix length other than the /"+strconv.FormatUint(hs.Get(e.fixed, i), 10)+" given before")
		}
		if i >= 0 && set&(1<<i) == 0 {
			hs.Put(e.fixed, i, uint64(bits))
			if explicit {
				derived |= 1 << i
			}
		} else if i >= 0 && bits != a.Unmap().BitLen() && hs.Get(e.fixed, i) != uint64(bits) {
			given := hs.Get(e.fixed, i)
			// "dst": "10.0.0.0/24" with "dst_len": 16: which one?
			e.push(it.sp.PrefixField)
			defer e.pop()
			return e.fail(given, "disagrees with the /"+strconv.Itoa(bits)+" of "+it.key)
		}
		if fam >= 0 && set&(1<<fam) == 0 && hs.Get(e.fixed, fam) == 0 {
			if a.Unmap().Is4() {
				hs.Put(e.fixed, fam, 2) // AF_INET
			} else {
				hs.Put(e.fixed, fam, 10) // AF_INET6
			}
		}
	}
	return nil
}

// dictItems resolves the dict form's ordered [name, value(, flags)]
// pairs; order and flags are kept as given.
func (e *encoder) dictItems(table *Table, l []any, items []item) ([]item, error) {
	for i, p := range l {
		pair, ok := p.([]any)
		if !ok || len(pair) < 2 || len(pair) > 3 {
			e.push("attrs[" + strconv.Itoa(i) + "]")
			defer e.pop()
			return nil, e.fail(p, "is not a [name, value] pair")
		}
		name, _ := pair[0].(string)
		it := item{key: name, val: pair[1]}
		if it.sp = table.ByName(name); it.sp != nil {
			it.typ = it.sp.Type
		} else if n, err := strconv.ParseUint(strings.TrimPrefix(name, "UNKNOWN_"), 10, 14); err == nil && strings.HasPrefix(name, "UNKNOWN_") {
			it.typ = uint16(n)
		} else {
			return nil, e.unknown(name)
		}
		if len(pair) == 3 {
			f, _, why := toInt(pair[2])
			if why != "" || f&^uint64(^wire.AttrTypeMask) != 0 {
				e.push(name)
				defer e.pop()
				return nil, e.fail(pair[2], "is not NLA flags")
			}
			it.typ |= uint16(f)
		}
		items = append(items, it)
	}
	return items, nil
}

func (e *encoder) items(items []item, sib siblings) error {
	for _, it := range items {
		e.push(it.key)
		err := e.put(it.typ, it.sp, it.val, sib)
		e.pop()
		if err != nil {
			return err
		}
	}
	return nil
}

// chain encodes the attributes of a nested value: a keyword map, or the
// dict form {"attrs": [...]}.
func (e *encoder) chain(table *Table, v any) error {
	m, ok := toMap(v)
	if !ok {
		return e.fail(v, "is not a map of attributes")
	}
	var buf [16]item
	var items []item
	var err error
	sib := siblings{table: table}
	exact := e.exact
	defer func() { e.exact = exact }()
	if l, ok := m["attrs"].([]any); ok {
		sib.l, e.exact = l, true
		items, err = e.dictItems(table, l, buf[:0])
	} else {
		sib.m, e.exact = m, false
		items, err = e.keywordItems(table, m, buf[:0], false)
	}
	if err != nil {
		return err
	}
	return e.items(items, sib)
}
