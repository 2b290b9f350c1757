package rtnl

import (
	"bufio"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/nlroute/nlroute/internal/uapi"
)

// NameTable maps the names of kernel numbers (route tables, protocols,
// scopes, types) to numbers and back, as iproute2 reads and prints them:
// the built-in names, plus, for tables with a file, the names of
// /etc/iproute2/<file> and /etc/iproute2/<file>.d/*.conf when present.
// Files are read once, at the first lookup; a name in a file overrides a
// built-in one. A NameTable is safe for concurrent use.
type NameTable struct {
	file    string // "rt_tables"; "" for a table without a file
	builtin map[string]uint32
	max     uint64

	once   sync.Once
	byName map[string]uint32
	byNum  map[uint32]string
}

// The name tables of route messages. RouteTables, RouteProtos and
// RouteScopes also read /etc/iproute2/rt_tables, rt_protos and rt_scopes
// (and their .d directories); RouteTypes has only the built-in names.
var (
	RouteTables = newNameTable("rt_tables", 1<<32-1, map[string]uint32{
		"unspec": uapi.RT_TABLE_UNSPEC, "default": uapi.RT_TABLE_DEFAULT,
		"main": uapi.RT_TABLE_MAIN, "local": uapi.RT_TABLE_LOCAL,
	})
	RouteProtos = newNameTable("rt_protos", 255, map[string]uint32{
		"unspec": uapi.RTPROT_UNSPEC, "redirect": uapi.RTPROT_REDIRECT, "kernel": uapi.RTPROT_KERNEL,
		"boot": uapi.RTPROT_BOOT, "static": uapi.RTPROT_STATIC, "gated": uapi.RTPROT_GATED,
		"ra": uapi.RTPROT_RA, "mrt": uapi.RTPROT_MRT, "zebra": uapi.RTPROT_ZEBRA, "bird": uapi.RTPROT_BIRD,
		"dnrouted": uapi.RTPROT_DNROUTED, "xorp": uapi.RTPROT_XORP, "ntk": uapi.RTPROT_NTK,
		"dhcp": uapi.RTPROT_DHCP, "mrouted": uapi.RTPROT_MROUTED, "keepalived": uapi.RTPROT_KEEPALIVED,
		"babel": uapi.RTPROT_BABEL, "openr": uapi.RTPROT_OPENR, "bgp": uapi.RTPROT_BGP,
		"isis": uapi.RTPROT_ISIS, "ospf": uapi.RTPROT_OSPF, "rip": uapi.RTPROT_RIP, "eigrp": uapi.RTPROT_EIGRP,
	})
	RouteScopes = newNameTable("rt_scopes", 255, map[string]uint32{
		"global": uapi.RT_SCOPE_UNIVERSE, "universe": uapi.RT_SCOPE_UNIVERSE, "site": uapi.RT_SCOPE_SITE,
		"link": uapi.RT_SCOPE_LINK, "host": uapi.RT_SCOPE_HOST, "nowhere": uapi.RT_SCOPE_NOWHERE,
	})
	RouteTypes = newNameTable("", 255, map[string]uint32{
		"unspec": uapi.RTN_UNSPEC, "none": uapi.RTN_UNSPEC, "unicast": uapi.RTN_UNICAST, "local": uapi.RTN_LOCAL,
		"broadcast": uapi.RTN_BROADCAST, "anycast": uapi.RTN_ANYCAST, "multicast": uapi.RTN_MULTICAST,
		"blackhole": uapi.RTN_BLACKHOLE, "unreachable": uapi.RTN_UNREACHABLE, "prohibit": uapi.RTN_PROHIBIT,
		"throw": uapi.RTN_THROW, "nat": uapi.RTN_NAT, "xresolve": uapi.RTN_XRESOLVE,
	})
)

// nameDir is where iproute2 keeps its name files; a variable for tests.
var nameDir = "/etc/iproute2"

func newNameTable(file string, max uint64, builtin map[string]uint32) *NameTable {
	return &NameTable{file: file, builtin: builtin, max: max}
}

func (t *NameTable) load() {
	t.once.Do(func() {
		t.byName = make(map[string]uint32, len(t.builtin))
		t.byNum = make(map[uint32]string, len(t.builtin))
		for _, k := range sortedNames(t.builtin) {
			t.add(k, t.builtin[k])
		}
		if t.file == "" {
			return
		}
		t.readFile(filepath.Join(nameDir, t.file))
		conf, _ := filepath.Glob(filepath.Join(nameDir, t.file+".d", "*.conf"))
		sort.Strings(conf)
		for _, f := range conf {
			t.readFile(f)
		}
	})
}

func sortedNames(m map[string]uint32) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (t *NameTable) add(name string, n uint32) {
	t.byName[name] = n
	if _, ok := t.byNum[n]; !ok || t.builtin[name] != n {
		t.byNum[n] = name
	}
}

// readFile reads "number name" lines, '#' comments, as iproute2's
// rtnl_tab_initialize (numbers in decimal or 0x hex).
func (t *NameTable) readFile(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		fs := strings.Fields(line)
		if len(fs) < 2 {
			continue
		}
		n, err := strconv.ParseUint(fs[0], 0, 32)
		if err != nil || n > t.max {
			continue
		}
		t.add(fs[1], uint32(n))
	}
}

// Lookup returns the number of name: a name of the table, or a number
// in decimal or 0x hex no larger than the table's maximum.
func (t *NameTable) Lookup(name string) (uint32, bool) {
	t.load()
	if n, ok := t.byName[name]; ok {
		return n, true
	}
	n, err := strconv.ParseUint(name, 0, 32)
	if err != nil || n > t.max {
		return 0, false
	}
	return uint32(n), true
}

// Name returns the name of n, or n in decimal when it has none.
func (t *NameTable) Name(n uint32) string {
	t.load()
	if s, ok := t.byNum[n]; ok {
		return s
	}
	return strconv.FormatUint(uint64(n), 10)
}

// Names returns every name the table knows, sorted.
func (t *NameTable) Names() []string {
	t.load()
	return sortedNames(t.byName)
}

// addrFlagTable names the address flags (see [AddrFlagNames]); never changed
// after init.
var addrFlagTable = map[string]uint32{
	"secondary": uapi.IFA_F_SECONDARY, "temporary": uapi.IFA_F_SECONDARY,
	"nodad": uapi.IFA_F_NODAD, "optimistic": uapi.IFA_F_OPTIMISTIC,
	"dadfailed": uapi.IFA_F_DADFAILED, "home": uapi.IFA_F_HOMEADDRESS,
	"deprecated": uapi.IFA_F_DEPRECATED, "tentative": uapi.IFA_F_TENTATIVE,
	"permanent": uapi.IFA_F_PERMANENT, "mngtmpaddr": uapi.IFA_F_MANAGETEMPADDR,
	"noprefixroute": uapi.IFA_F_NOPREFIXROUTE, "autojoin": uapi.IFA_F_MCAUTOJOIN,
	"stable-privacy": uapi.IFA_F_STABLE_PRIVACY,
}

// AddrFlagNames returns the names of the address flags (IFA_F_*) as
// ip-address(8) spells them, sorted, in a new slice: "nodad",
// "noprefixroute", "home", "mngtmpaddr" …
func AddrFlagNames() []string { return slices.Sorted(maps.Keys(addrFlagTable)) }

// LookupAddrFlag returns the IFA_F_* bit of address flag name (see
// [AddrFlagNames]), and whether the name is known.
func LookupAddrFlag(name string) (uint32, bool) {
	bit, ok := addrFlagTable[name]
	return bit, ok
}

// routeFlagTable names the route and next-hop flags (see [RouteFlagNames]);
// never changed after init.
var routeFlagTable = map[string]uint32{
	"onlink": uapi.RTNH_F_ONLINK, "pervasive": uapi.RTNH_F_PERVASIVE,
}

// RouteFlagNames returns the names of the route and next-hop flags
// (RTNH_F_*) a request may carry, sorted, in a new slice: "onlink" and
// "pervasive".
func RouteFlagNames() []string { return slices.Sorted(maps.Keys(routeFlagTable)) }

// LookupRouteFlag returns the RTNH_F_* bit of route flag name (see
// [RouteFlagNames]), and whether the name is known.
func LookupRouteFlag(name string) (uint32, bool) {
	bit, ok := routeFlagTable[name]
	return bit, ok
}
