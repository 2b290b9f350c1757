package tc

import (
	"context"
	"fmt"

	"github.com/nlroute/nlroute/rtnl"
)

// Generic keywords of each object, read by Do itself rather than by the
// kind.
var (
	qdiscKeywords  = []string{"parent", "handle", "index"}
	filterKeywords = []string{"parent", "handle", "index", "prio", "protocol"}
)

// Do is pyroute2's tc(command, kind, index, handle, **kwarg): command is
// one of [CommandNames] ("add", "add-class", "del-filter" …), kind a kind of
// the catalogue, index the interface, handle a Handle, integer or string
// ("1:", 0x10000), spec the kind's keywords (see Help) plus "parent"
// (and, for filters, "prio" and "protocol").
//
// Bad input — an unknown command or kind, an unknown keyword, a bad
// value or handle, a missing required keyword — is a *ParamError (or a
// handle error) before anything is sent. Kernel refusals come back as
// *wire.OpError, matching the errno with errors.Is.
func Do(ctx context.Context, r *rtnl.IPRoute, command, kind string, index int, handle any, spec rtnl.Spec) error {
	cmd, ok := commands[command]
	if !ok {
		return fmt.Errorf("tc: unknown command %q", command)
	}
	return DoCommand(ctx, r, cmd, kind, index, handle, spec)
}

// DoCommand is Do with a raw request type and flags, as pyroute2's
// tc((RTM_NEWQDISC, flags), …) takes them.
func DoCommand(ctx context.Context, r *rtnl.IPRoute, cmd Command, kind string, index int, handle any, spec rtnl.Spec) error {
	op := cmd.object() + " " + kind
	switch cmd.object() {
	case "qdisc":
		q, err := qdiscFromSpec(kind, index, handle, spec, cmd.Type != msgDelQdisc)
		if err != nil {
			return fmt.Errorf("tc: %s: %w", op, err)
		}
		return qdiscCmd(ctx, r.Conn(), op, cmd, &q)
	case "class":
		cl, err := ClassFromSpec(kind, index, handle, spec, cmd.Type != msgDelClass)
		if err != nil {
			return fmt.Errorf("tc: %s: %w", op, err)
		}
		return classCmd(ctx, r.Conn(), op, cmd, &cl)
	case "filter":
		f, err := FilterFromSpec(kind, index, handle, spec, cmd.Type != msgDelFilter)
		if err != nil {
			return fmt.Errorf("tc: %s: %w", op, err)
		}
		return filterCmd(ctx, r.Conn(), op, cmd, &f)
	}
	return fmt.Errorf("tc: request type %d is not a qdisc, class or filter request", cmd.Type)
}

// QdiscFromSpec builds a typed Qdisc from pyroute2's keyword form,
// checking every keyword; see Do.
func QdiscFromSpec(kind string, index int, handle any, spec Spec) (Qdisc, error) {
	return qdiscFromSpec(kind, index, handle, spec, true)
}

// qdiscFromSpec is QdiscFromSpec; options are read only when withOptions,
// so a delete names a qdisc by index, parent, handle and kind alone
// (pyroute2's tc("del", "tbf", idx, "1:") without the add-time rate).
func qdiscFromSpec(kind string, index int, handle any, spec Spec, withOptions bool) (Qdisc, error) {
	q := Qdisc{Link: index, Kind: kind}
	d, err := lookupKind(kind, "qdisc")
	if err != nil {
		if withOptions || kind != "" {
			return q, err
		}
		d = &kindDef{}
	}
	k := newKW(kind, spec, d.Params)
	q.Handle = handleArg(k, handle)
	q.Parent = k.handle("parent", 0)
	if withOptions {
		k.check(qdiscKeywords...)
		if k.err == nil {
			q.Options = d.qdisc(k)
		}
	}
	return q, k.err
}

// ClassFromSpec builds a typed Class from the keyword form; options are
// read only when withOptions (not for deletes).
func ClassFromSpec(kind string, index int, handle any, spec Spec, withOptions bool) (Class, error) {
	cl := Class{Link: index, Kind: kind}
	d, err := lookupKind(kind, "class")
	if err != nil {
		if withOptions || kind != "" {
			return cl, err
		}
		d = &kindDef{}
	}
	k := newKW(kind, spec, d.ClassParams)
	cl.Handle = handleArg(k, handle)
	cl.Parent = k.handle("parent", 0)
	if withOptions {
		k.check(qdiscKeywords...)
		if k.err == nil {
			cl.Options = d.class(k)
		}
	}
	return cl, k.err
}

// FilterFromSpec builds a typed Filter from the keyword form: "parent",
// "prio", "protocol" (an integer or "ip", "ipv6", "all", "arp", "802.1q")
// and the kind's keywords.
func FilterFromSpec(kind string, index int, handle any, spec Spec, withOptions bool) (Filter, error) {
	f := Filter{Link: index, Kind: kind}
	d, err := lookupKind(kind, "filter")
	if err != nil {
		if withOptions || kind != "" {
			return f, err
		}
		d = &kindDef{}
	}
	k := newKW(kind, spec, d.Params)
	f.Handle = uint32(handleArg(k, handle))
	f.Parent = k.handle("parent", 0)
	f.Priority = k.u16("prio", 0)
	f.Protocol = uint16(k.enum("protocol", 0, protocols))
	switch f.Protocol {
	case 2: // AF_INET, as the reference's example passes socket.AF_INET
		f.Protocol = ProtoIP
	case 10: // AF_INET6
		f.Protocol = ProtoIPv6
	}
	if withOptions {
		k.check(filterKeywords...)
		if k.err == nil {
			f.Options = d.filter(k)
		}
	}
	return f, k.err
}

var protocols = map[string]uint32{
	"all": uint32(ProtoAll), "ip": uint32(ProtoIP), "ipv6": uint32(ProtoIPv6),
	"arp": uint32(ProtoARP), "802.1q": uint32(Proto8021Q),
}

// handleArg is the handle argument, or the "handle" keyword when the
// argument is nil or zero.
func handleArg(k *kw, handle any) Handle {
	h, err := handleOf(handle)
	if err != nil {
		k.fail("handle", handle, "bad handle")
		return 0
	}
	if h == 0 {
		return k.handle("handle", 0)
	}
	return h
}
