package tc

import (
	"strconv"
	"time"
)

// FormatRate writes a rate in bytes per second (what ParseRate returns)
// the way tc prints it, in the largest decimal bit unit that holds it
// exactly ("10Mbit", "1500bit"), or in bytes per second ("…bps") when
// its bits would not fit a float64 exactly. ParseRate reads it back to
// the same value for every rate ParseRate returns.
func FormatRate(bytesPerSec uint64) string {
	if bytesPerSec >= 1<<50 {
		return strconv.FormatUint(bytesPerSec, 10) + "bps"
	}
	bits := bytesPerSec * 8
	for _, u := range []struct {
		name  string
		scale uint64
	}{{"Tbit", 1e12}, {"Gbit", 1e9}, {"Mbit", 1e6}, {"Kbit", 1e3}} {
		if bits != 0 && bits%u.scale == 0 {
			return strconv.FormatUint(bits/u.scale, 10) + u.name
		}
	}
	return strconv.FormatUint(bits, 10) + "bit"
}

// FormatSize writes a size in bytes the way tc prints it, in the largest
// binary unit that holds it exactly ("6Kb", "1Mb", "1514b"). ParseSize
// reads it back to the same value for every size ParseSize returns.
func FormatSize(bytes uint64) string {
	for _, u := range []struct {
		name  string
		shift uint
	}{{"Gb", 30}, {"Mb", 20}, {"Kb", 10}} {
		if bytes != 0 && bytes&(1<<u.shift-1) == 0 {
			return strconv.FormatUint(bytes>>u.shift, 10) + u.name
		}
	}
	return strconv.FormatUint(bytes, 10) + "b"
}

// FormatTime writes a time in the largest of s, ms and us that holds it
// exactly ("400ms", "10us"), or in microseconds with three decimals
// ("1.500us") when it has nanoseconds. ParseTime reads it back to the
// same value for every time it returns below 2^50 ns (13 days): parsing
// goes through a float64, exact for whole microseconds at any size,
// within a nanosecond per 2^50 for the others.
func FormatTime(d time.Duration) string {
	neg := ""
	if d < 0 {
		neg, d = "-", -d
	}
	for _, u := range []struct {
		name string
		unit time.Duration
	}{{"s", time.Second}, {"ms", time.Millisecond}, {"us", time.Microsecond}} {
		if d != 0 && d%u.unit == 0 {
			return neg + strconv.FormatInt(int64(d/u.unit), 10) + u.name
		}
	}
	if d == 0 {
		return "0us"
	}
	frac := strconv.FormatInt(int64(d%time.Microsecond)+1000, 10)[1:]
	return neg + strconv.FormatInt(int64(d/time.Microsecond), 10) + "." + frac + "us"
}
