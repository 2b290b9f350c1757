package fib

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/netns"
)

// NexthopCompat says what New does with the sysctl
// net.ipv4.nexthop_compat_mode of the FIB's namespace (both families).
// With it at 1, the kernel's default, every replace of a nexthop object
// makes the kernel send an RTM_NEWROUTE per route using it, in the old
// form (next hops inline): a peer going away over a million routes then
// costs the kernel seconds of notifications (9.8 s for 1M routes against
// 0.017 s at 0, measured by nlbench fib). At 0 the kernel sends none:
// listeners that do not know nexthop objects no longer learn of such
// changes, which is why it is not the default.
type NexthopCompat uint8

// Compat modes.
const (
	// NexthopCompatLeave leaves the sysctl as it is; Stats reports it.
	NexthopCompatLeave NexthopCompat = iota
	// NexthopCompatOff sets it to 0 in the FIB's namespace (only there)
	// when the FIB uses nexthop objects.
	NexthopCompatOff
)

// String returns "leave" or "off".
func (c NexthopCompat) String() string {
	switch c {
	case NexthopCompatLeave:
		return "leave"
	case NexthopCompatOff:
		return "off"
	}
	return "NexthopCompat(" + strconv.Itoa(int(c)) + ")"
}

const compatSysctl = "/proc/sys/net/ipv4/nexthop_compat_mode"

// compat reads (and with NexthopCompatOff sets) the sysctl in the
// IPRoute's namespace, for Stats.NexthopCompatMode: -1 when it cannot
// be read (a kernel without it, a namespace not known).
func (f *FIB) compat() error {
	f.stats.NexthopCompatMode = -1
	name, known := f.r.NetNS()
	if !known {
		if f.cfg.NexthopCompat == NexthopCompatOff && f.mode == NexthopObjects {
			return fmt.Errorf("fib: config: NexthopCompat off: the IPRoute's namespace is not known (dialled by fd or pid, or made with New), so its sysctl cannot be set")
		}
		return nil
	}
	set := f.cfg.NexthopCompat == NexthopCompatOff && f.mode == NexthopObjects
	mode := -1
	err := netns.Of(name).Do(func() error {
		b, err := os.ReadFile(compatSysctl)
		if err != nil {
			return err
		}
		if mode, err = strconv.Atoi(strings.TrimSpace(string(b))); err != nil {
			return fmt.Errorf("%s reads %q: %w", compatSysctl, b, err)
		}
		if set && mode != 0 {
			if err := os.WriteFile(compatSysctl, []byte("0\n"), 0o644); err != nil {
				return err
			}
			mode = 0
		}
		return nil
	})
	switch {
	case err != nil && set:
		return fmt.Errorf("fib: config: NexthopCompat off: %w", err)
	case err != nil:
		return nil // not readable: reported as -1
	}
	f.stats.NexthopCompatMode = mode
	return nil
}
