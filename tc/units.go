package tc

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Units as tc parses them (tc(8) "UNITS"). Rates are bits per second
// with decimal (kbit) or binary (kibit) multipliers, or bytes per second
// (bps, kbps …); sizes are bytes, with k/m/g meaning 1024-based bytes
// and kbit/mbit/gbit 1024-based bits; times are microseconds by default.

type unit struct {
	name  string
	scale float64
}

var rateUnits = []unit{
	{"bit", 1}, {"kibit", 1024}, {"kbit", 1000}, {"mibit", 1024 * 1024}, {"mbit", 1e6},
	{"gibit", 1024 * 1024 * 1024}, {"gbit", 1e9}, {"tibit", 1024 * 1024 * 1024 * 1024}, {"tbit", 1e12},
	{"bps", 8}, {"kibps", 8 * 1024}, {"kbps", 8e3}, {"mibps", 8 * 1024 * 1024}, {"mbps", 8e6},
	{"gibps", 8 * 1024 * 1024 * 1024}, {"gbps", 8e9}, {"tibps", 8 * 1024 * 1024 * 1024 * 1024}, {"tbps", 8e12},
}

var sizeUnits = []unit{
	{"", 1}, {"b", 1}, {"k", 1024}, {"kb", 1024}, {"kbit", 1024 / 8.},
	{"m", 1024 * 1024}, {"mb", 1024 * 1024}, {"mbit", 1024 * 1024 / 8.},
	{"g", 1024 * 1024 * 1024}, {"gb", 1024 * 1024 * 1024}, {"gbit", 1024 * 1024 * 1024 / 8.},
}

var timeUnits = []unit{
	{"", 1}, {"s", 1e6}, {"sec", 1e6}, {"secs", 1e6},
	{"ms", 1e3}, {"msec", 1e3}, {"msecs", 1e3},
	{"us", 1}, {"usec", 1}, {"usecs", 1},
	{"ns", 1e-3}, {"nsec", 1e-3}, {"nsecs", 1e-3},
}

func parseUnit(s string, units []unit, what string) (float64, error) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || (i > 0 && (s[i] == 'e' || s[i] == 'E') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9')) {
		i++
	}
	if i == 0 {
		return 0, fmt.Errorf("tc: bad %s %q", what, s)
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("tc: bad %s %q", what, s)
	}
	suffix := strings.ToLower(s[i:])
	for _, u := range units {
		if u.name == suffix {
			return v * u.scale, nil
		}
	}
	return 0, fmt.Errorf("tc: bad %s %q: unknown unit %q", what, s, s[i:])
}

// ParseRate parses a rate as tc does ("10mbit", "1gbit", "100kbps",
// "64kibit"; a bare number is bits per second) and returns it in bytes
// per second, the kernel's unit. Rates above 32 Gbit (2^32 bytes/s) are
// fine: kinds that need it send the 64-bit attribute.
func ParseRate(s string) (uint64, error) {
	in := s
	if s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9' {
		s += "bit"
	}
	v, err := parseUnit(s, rateUnits, "rate")
	if err != nil {
		if s != in { // name what was given, not the unit added to it
			return 0, fmt.Errorf("tc: bad rate %q", in)
		}
		return 0, err
	}
	v /= 8
	if v >= math.MaxUint64 {
		return 0, fmt.Errorf("tc: rate %q out of range", in)
	}
	return uint64(v), nil
}

// ParseSize parses a size as tc does ("6k" is 6144 bytes, "1mb" is
// 1048576, "10kbit" is 1280; a bare number is bytes) and returns bytes.
func ParseSize(s string) (uint64, error) {
	v, err := parseUnit(s, sizeUnits, "size")
	if err != nil {
		return 0, err
	}
	if v >= 1<<63 {
		return 0, fmt.Errorf("tc: size %q out of range", s)
	}
	return uint64(v), nil
}

// ParseTime parses a time as tc does ("400ms", "10us", "1s", "500ns"; a
// bare number is microseconds). It keeps nanoseconds, which netem's
// delay and jitter use; the kinds that send whole microseconds refuse a
// non-zero time under 1µs with a *ParamError rather than send 0 (tc
// itself has no "ns" there and truncates "0.5us" to 0).
func ParseTime(s string) (time.Duration, error) {
	v, err := parseUnit(s, timeUnits, "time")
	if err != nil {
		return 0, err
	}
	if v*1e3 >= math.MaxInt64 {
		return 0, fmt.Errorf("tc: time %q out of range", s)
	}
	return time.Duration(math.Round(v * 1e3)), nil
}

// toUint converts an integer given in any Go integer type, a float64 or
// json.Number holding a whole number, or a decimal or 0x string.
func toUint(v any) (uint64, error) {
	switch x := v.(type) {
	case int:
		if x >= 0 {
			return uint64(x), nil
		}
	case int8:
		if x >= 0 {
			return uint64(x), nil
		}
	case int16:
		if x >= 0 {
			return uint64(x), nil
		}
	case int32:
		if x >= 0 {
			return uint64(x), nil
		}
	case int64:
		if x >= 0 {
			return uint64(x), nil
		}
	case uint:
		return uint64(x), nil
	case uint8:
		return uint64(x), nil
	case uint16:
		return uint64(x), nil
	case uint32:
		return uint64(x), nil
	case uint64:
		return x, nil
	case Handle:
		return uint64(x), nil
	case float64:
		if x >= 0 && x == math.Trunc(x) && x < 1<<64 {
			return uint64(x), nil
		}
	case json.Number:
		return toUint(string(x))
	case string:
		if u, err := strconv.ParseUint(x, 0, 64); err == nil {
			return u, nil
		}
	}
	return 0, fmt.Errorf("not a non-negative integer")
}

// timeParam is a duration field and the keyword that sets it.
type timeParam struct {
	name string
	d    time.Duration
}

// checkTimes checks durations that go to the kernel in whole units of
// unit (time.Microsecond for most, 1 for nanoseconds): a negative one,
// or a non-zero one under one unit — it would go as 0, which the kernel
// reads as "default" or "off" — is a *ParamError naming the keyword and
// the value. Larger values are truncated to whole units.
func checkTimes(kind string, unit time.Duration, ps ...timeParam) error {
	for _, p := range ps {
		switch {
		case p.d < 0:
			return &ParamError{Kind: kind, Param: p.name, Value: p.d, Reason: "negative duration"}
		case p.d > 0 && p.d < unit:
			return &ParamError{Kind: kind, Param: p.name, Value: p.d,
				Reason: "non-zero duration under " + unit.String() + ": the kernel takes whole " + unitName(unit)}
		}
	}
	return nil
}

func unitName(unit time.Duration) string {
	if unit == time.Second {
		return "seconds"
	}
	return "microseconds"
}
