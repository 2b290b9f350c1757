package pfroute

import (
	"github.com/nlroute/nlroute/internal/rtemu"
	"github.com/nlroute/nlroute/wire"
)

// Sysctl names a routing sysctl a transport reads.
type Sysctl uint8

// The routing sysctls, {CTL_NET, PF_ROUTE, 0, 0, op, arg}.
const (
	SysctlIfList Sysctl = iota + 1 // NET_RT_IFLIST: interfaces and their addresses
	SysctlDump                     // NET_RT_DUMP: the routing tables
	SysctlLLInfo                   // NET_RT_FLAGS with RTF_LLINFO: ARP and NDP entries
)

// FetchFunc reads one routing sysctl into a new buffer.
type FetchFunc func(Sysctl) ([]byte, error)

// Tables returns the tables of a transport for the system o, each read
// afresh with fetch per request and translated by AppendLinks,
// AppendAddrs, AppendRoutes and AppendNeighbours. An error of fetch or
// of the translation refuses the request it answers, its text becoming
// the reply's extended-ack message.
func Tables(o OS, fetch FetchFunc) rtemu.Tables {
	from := func(s Sysctl, tr func(*wire.Builder, OS, []byte, uint32) error) rtemu.AppendFunc {
		return func(b *wire.Builder, seq uint32) error {
			buf, err := fetch(s)
			if err != nil {
				return err
			}
			return tr(b, o, buf, seq)
		}
	}
	return rtemu.Tables{
		GOOS:       o.String(),
		Links:      from(SysctlIfList, AppendLinks),
		Addrs:      from(SysctlIfList, AppendAddrs),
		Routes:     from(SysctlDump, AppendRoutes),
		Neighbours: from(SysctlLLInfo, AppendNeighbours),
	}
}

// NewTransport returns a ring.Transport that answers rtnetlink requests
// for the system o from the routing sysctl buffers fetch reads (see
// package rtemu for what it answers). On the BSDs HostTransport passes
// the real sysctl; tests pass buffers laid out byte for byte.
func NewTransport(o OS, fetch FetchFunc) *rtemu.Transport { return rtemu.New(Tables(o, fetch)) }
