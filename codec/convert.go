package codec

import (
	"encoding/hex"
	"encoding/json"
	"math"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// Conversions from the Go values a Spec may hold to wire values. Each
// returns a reason ("is not an integer") when the value does not fit.

func toInt(v any) (u uint64, neg bool, why string) {
	switch x := v.(type) {
	case int:
		return sint(int64(x))
	case int8:
		return sint(int64(x))
	case int16:
		return sint(int64(x))
	case int32:
		return sint(int64(x))
	case int64:
		return sint(x)
	case uint:
		return uint64(x), false, ""
	case uint8:
		return uint64(x), false, ""
	case uint16:
		return uint64(x), false, ""
	case uint32:
		return uint64(x), false, ""
	case uint64:
		return x, false, ""
	case float64:
		if x != math.Trunc(x) || math.Abs(x) >= 1<<64 {
			return 0, false, "is not an integer"
		}
		if x < 0 {
			return sint(int64(x))
		}
		return uint64(x), false, ""
	case json.Number:
		if n, err := strconv.ParseUint(string(x), 10, 64); err == nil {
			return n, false, ""
		}
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return sint(n)
		}
	}
	return 0, false, "is not an integer"
}

func sint(n int64) (uint64, bool, string) { return uint64(n), n < 0, "" }

// toAddr accepts netip.Addr, netip.Prefix, net.IP, 4 or 16 bytes, and
// strings of an address or a prefix. bits is -1 without a prefix length.
func toAddr(v any) (a netip.Addr, bits int, why string) {
	bits = -1
	switch x := v.(type) {
	case netip.Addr:
		a = x
	case netip.Prefix:
		a, bits = x.Addr(), x.Bits()
	case net.IP:
		a, _ = netip.AddrFromSlice(x)
		a = a.Unmap()
		if len(x) == 16 && x.To4() == nil {
			a = netip.AddrFrom16([16]byte(x))
		}
	case []byte:
		a, _ = netip.AddrFromSlice(x)
	case string:
		if strings.Contains(x, "/") {
			p, err := netip.ParsePrefix(x)
			if err != nil {
				return a, -1, "is not an IP address or prefix"
			}
			a, bits = p.Addr(), p.Bits()
		} else {
			a, _ = netip.ParseAddr(x)
		}
	default:
		return a, -1, "is not an IP address"
	}
	if !a.IsValid() {
		return a, -1, "is not an IP address"
	}
	return a, bits, ""
}

// toBytes accepts []byte, net.HardwareAddr, and hex strings with or
// without ':' separators ("52:54:00:12:34:56", "deadbeef").
func toBytes(v any) ([]byte, string) {
	switch x := v.(type) {
	case []byte:
		return x, ""
	case net.HardwareAddr:
		return x, ""
	case string:
		b, err := hex.DecodeString(strings.ReplaceAll(x, ":", ""))
		if err != nil {
			return nil, "is not hex bytes"
		}
		return b, ""
	}
	return nil, "is not bytes"
}

func toString(v any) (string, string) {
	switch x := v.(type) {
	case string:
		return x, ""
	case []byte:
		return string(x), ""
	}
	return "", "is not a string"
}

// AsList returns v as a list when it has one of the list shapes a Spec
// or a decoded JSON document holds ([]any, []map[string]any, []Spec,
// slices of integers); packages that translate Spec keywords use it so a
// list means the same everywhere.
func AsList(v any) ([]any, bool) { return toList(v) }

// toList accepts the list shapes a Spec or a decoded JSON document holds.
func toList(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []map[string]any:
		l := make([]any, len(x))
		for i := range x {
			l[i] = x[i]
		}
		return l, true
	case []Spec:
		l := make([]any, len(x))
		for i := range x {
			l[i] = map[string]any(x[i])
		}
		return l, true
	case []int:
		return anyList(x), true
	case []uint32:
		return anyList(x), true
	case []int32:
		return anyList(x), true
	case []uint64:
		return anyList(x), true
	}
	return nil, false
}

func anyList[T any](x []T) []any {
	l := make([]any, len(x))
	for i := range x {
		l[i] = x[i]
	}
	return l
}

func toMap(v any) (map[string]any, bool) {
	switch x := v.(type) {
	case map[string]any:
		return x, true
	case Spec:
		return x, true
	}
	return nil, false
}
