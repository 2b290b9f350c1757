package rtnl

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// RequestError is the failure of one request that was sent: a typed
// call's (RouteAdd …), a [Writer]'s or a batch's. It reads
//
//	rtnl: <object> <command> <identity>: <errno text>: <extended ack>
//
// for instance "rtnl: route add 10.1.0.0/24 via 10.0.0.9 table 100:
// network is unreachable: Nexthop has invalid gateway". errors.Is(err,
// syscall.EEXIST) reaches the errno, and errors.As reaches both the
// *RequestError (for Index) and the kernel's *wire.OpError.
//
// Bad input is not a RequestError: it is refused before anything is
// sent, as a *codec.SpecError naming the keyword, the value and the rule.
type RequestError struct {
	// Index is the request's position among those of its Writer or batch,
	// from 0; 0 for a single typed call.
	Index int

	Object  string // "route", "addr", "link", "neigh", "fdb", "nexthop", "rule" …
	Command string // "add", "replace", "del" …

	// Name identifies the object as the request gave it: a route's
	// destination (with "via" gateway, "dev" and a table other than
	// main), an address with its prefix length and device, a link's name
	// or index, a neighbour's address and device, an FDB entry's MAC,
	// device and VLAN, a nexthop's id, a rule's priority and selectors.
	// "" when it is not known (a Writer names it from the kernel's echo
	// of the request, which a socket with ring.Config.CapAck cuts to the
	// header).
	Name string

	// Err is the kernel's refusal, a *wire.OpError, or the I/O error that
	// left the request's outcome unknown.
	Err error
}

// Error returns the message in the shape above.
func (e *RequestError) Error() string {
	s := "rtnl: " + e.Object + " " + e.Command
	if e.Name != "" {
		s += " " + e.Name
	}
	var oe *wire.OpError
	if errors.As(e.Err, &oe) && e.Err == error(oe) {
		return s + ": " + oe.Detail()
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *RequestError) Unwrap() error { return e.Err }

// wrapReq wraps the error of the request req sent as op ("route add"):
// the request's identity is decoded from its bytes, on the failure path
// only.
func wrapReq(op string, req []byte, err error) error {
	if err == nil {
		return nil
	}
	object, command, _ := strings.Cut(op, " ")
	return &RequestError{Object: object, Command: command, Name: requestName(req), Err: err}
}

// requestOp names the operation of request req from its message type and
// flags, as the typed calls name theirs.
func requestOp(req []byte) *opNames {
	h, err := wire.ParseHeader(req)
	if err != nil {
		return &writeOps[opRaw]
	}
	obj := -1
	switch h.Type {
	case uapi.RTM_NEWROUTE, uapi.RTM_DELROUTE:
		obj = 0
	case uapi.RTM_NEWADDR, uapi.RTM_DELADDR:
		obj = 1
	case uapi.RTM_NEWLINK, uapi.RTM_SETLINK, uapi.RTM_DELLINK:
		obj = 2
	case uapi.RTM_NEWNEIGH, uapi.RTM_DELNEIGH:
		obj = 3
		if len(req) > wire.HeaderLen && req[wire.HeaderLen] == uapi.AF_BRIDGE {
			obj = 4
		}
	case uapi.RTM_NEWNEXTHOP, uapi.RTM_DELNEXTHOP:
		obj = 5
	case uapi.RTM_NEWRULE, uapi.RTM_DELRULE:
		obj = 6
	default:
		return &writeOps[opRaw]
	}
	return &rawOps[obj][requestCommand(h)]
}

// rawOps names every object and command Append may see, so naming one
// on the success path allocates nothing.
var rawOps = func() (t [7][len(rawCommands)]opNames) {
	for i, object := range [...]string{"route", "addr", "link", "neigh", "fdb", "nexthop", "rule"} {
		for j, command := range rawCommands {
			t[i][j] = opNames{object, command, object + " " + command}
		}
	}
	return t
}()

var rawCommands = [...]string{"add", "del", "set", "append", "replace", "change"}

// requestCommand is the index in rawCommands of pyroute2's verb for a
// request's type and flags.
func requestCommand(h wire.Header) int {
	f := h.Flags
	switch {
	case h.Type == uapi.RTM_DELROUTE || h.Type == uapi.RTM_DELADDR || h.Type == uapi.RTM_DELLINK ||
		h.Type == uapi.RTM_DELNEIGH || h.Type == uapi.RTM_DELNEXTHOP || h.Type == uapi.RTM_DELRULE:
		return 1
	case h.Type == uapi.RTM_SETLINK:
		return 2
	case f&wire.FlagExcl != 0:
		return 0
	case f&wire.FlagAppend != 0:
		return 3
	case f&wire.FlagReplace != 0 && f&wire.FlagCreate != 0:
		return 4
	case f&wire.FlagReplace != 0:
		return 5
	case f&wire.FlagCreate != 0:
		return 0
	}
	return 2
}

// requestName decodes the identity of the object the request req (one
// netlink message, header included) is about; "" when req is not one of
// the typed objects' requests or does not decode.
func requestName(req []byte) string {
	h, err := wire.ParseHeader(req)
	if err != nil || int(h.Len) > len(req) {
		return ""
	}
	s := codec.SchemaFor(h.Type)
	if s == nil {
		return ""
	}
	var m codec.Msg
	if m.ResetBytes(s, req[:h.Len]) != nil {
		return ""
	}
	switch h.Type {
	case uapi.RTM_NEWROUTE, uapi.RTM_DELROUTE:
		return routeName(RouteView{&m})
	case uapi.RTM_NEWADDR, uapi.RTM_DELADDR:
		a := AddrView{&m}
		return joinName(prefixName(a.Prefix()), devName(a.Index()))
	case uapi.RTM_NEWLINK, uapi.RTM_SETLINK, uapi.RTM_DELLINK:
		l := LinkView{&m}
		if n := l.Name(); len(n) > 0 {
			return string(n)
		}
		return "#" + strconv.Itoa(l.Index())
	case uapi.RTM_NEWNEIGH, uapi.RTM_DELNEIGH:
		return neighName(NeighView{&m})
	case uapi.RTM_NEWNEXTHOP, uapi.RTM_DELNEXTHOP:
		return "id " + strconv.FormatUint(uint64(NexthopView{&m}.ID()), 10)
	case uapi.RTM_NEWRULE, uapi.RTM_DELRULE:
		return ruleName(RuleView{&m})
	}
	return ""
}

func routeName(r RouteView) string {
	s := "default"
	if d := r.Dst(); d.IsValid() && d.Bits() > 0 {
		s = d.String()
	}
	if g := r.Gateway(); g.IsValid() {
		s += " via " + g.String()
	} else if v := r.Via(); v.IsValid() {
		s += " via " + v.String()
	}
	if id := r.NHID(); id != 0 {
		s += " nhid " + strconv.FormatUint(uint64(id), 10)
	}
	s = joinName(s, devName(r.OIF()))
	if t := r.Table(); t != TableMain && t != TableUnspec {
		s += " table " + t.String()
	}
	if p := r.Priority(); p != 0 {
		s += " metric " + strconv.FormatUint(uint64(p), 10)
	}
	return s
}

func neighName(n NeighView) string {
	if n.Family() == uapi.AF_BRIDGE {
		s := joinName(n.LLAddr().String(), devName(n.IfIndex()))
		if v := n.VLAN(); v != 0 {
			s += " vlan " + strconv.Itoa(int(v))
		}
		if d := n.Dst(); d.IsValid() {
			s += " dst " + d.String()
		}
		return s
	}
	return joinName(n.Dst().String(), devName(n.IfIndex()))
}

func ruleName(r RuleView) string {
	s := "priority " + strconv.FormatUint(uint64(r.Priority()), 10)
	if p := r.Src(); p.IsValid() {
		s += " from " + p.String()
	}
	if p := r.Dst(); p.IsValid() {
		s += " to " + p.String()
	}
	if n := r.IIFName(); len(n) > 0 {
		s += " iif " + string(n)
	}
	if n := r.OIFName(); len(n) > 0 {
		s += " oif " + string(n)
	}
	if m := r.FwMark(); m != 0 {
		s += " fwmark " + strconv.FormatUint(uint64(m), 10)
	}
	if t := r.Table(); t != TableUnspec {
		s += " table " + t.String()
	}
	return s
}

func prefixName(p netip.Prefix) string {
	if !p.IsValid() {
		return ""
	}
	return p.String()
}

func devName(index int) string {
	if index == 0 {
		return ""
	}
	return "dev #" + strconv.Itoa(index)
}

func joinName(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}
