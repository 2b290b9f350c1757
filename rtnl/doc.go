// Package rtnl is where most programs start: links, addresses, routes,
// rules, neighbours, nexthops, bridge FDB and VLANs, monitoring and a
// cache, as pyroute2's IPRoute. Start with [Dial] and [Config], then
// [IPRoute]: typed calls ([IPRoute.LinkAdd], [IPRoute.RouteAdd] …),
// iterators of borrowed views ([IPRoute.Links], [IPRoute.Routes] …) and
// [IPRoute.Do] for pyroute2's keywords; [IPRoute.NewWriter] streams typed
// requests by the thousand without waiting on each ([Writer]), and [Batch]
// compiles requests to send at once. Traffic control is package tc, eBPF
// programs on tc hooks and XDP package bpf; decoding messages by attribute
// name is package codec, and raw requests and the pipeline under the
// Writer package ring.
//
// Package rtnl is the IPRoute API of nlroute: pyroute2's IPRoute in Go,
// over a ring.Conn.
//
//	ipr, err := rtnl.Dial(rtnl.Config{NetNS: "blue"})
//	if err != nil { ... }
//	defer ipr.Close()
//	routes := ipr.Routes(ctx, rtnl.Match{"table": 254})
//	defer routes.Close()
//	for routes.Next() {
//		r := routes.View() // borrowed: valid until the next call to Next
//		fmt.Println(r.Dst(), r.Gateway(), r.OIF())
//	}
//	if err := routes.Err(); err != nil { ... }
//
// # Three levels
//
//   - The generic path: [IPRoute.Request] sends one message described by a
//     [Spec] (pyroute2's keywords) against a codec.Schema and returns every
//     message the kernel answered, cloned ("responses are lists");
//     [IPRoute.Stream] is its borrowed, zero-allocation form for dumps.
//     [IPRoute.Show] dumps an object by its name ("link", "route" …), which
//     is what a command line needs.
//   - Typed iterators per object ([IPRoute.Links], [IPRoute.Addrs],
//     [IPRoute.Routes], [IPRoute.Rules], [IPRoute.Neighbours], [IPRoute.FDB],
//     [IPRoute.Nexthops] …) yielding typed views ([LinkView], [RouteView] …)
//     with zero-allocation accessors, and convenience forms (GetLinks …)
//     returning owned views in a slice.
//   - Filters ([Match], [MatchFunc]) as in pyroute2: keyword filters, nested
//     paths, predicates, and values that are predicates. Where the kernel
//     can filter a dump itself (NETLINK_GET_STRICT_CHK), the filter goes
//     into the request, so unwanted messages never reach userspace; every
//     filter is still checked in userspace.
//
// # Defaults
//
// Writes take pyroute2's defaults for what a Spec leaves out, and
// ip(8)'s where pyroute2 has none: a route created or changed (add, set,
// replace, change, append) is table main, proto static, type unicast,
// with the scope ip-route derives from the type and next hop; a rule
// created with no "priority" gets [DefaultRulePriority] (32000), family
// AF_INET and an action from its table or goto (nop without either); a
// neighbour with no "state" is permanent. The typed [Route] fills its
// zero fields the same way ([ProtoBoot] asks for ip-route's own default);
// a typed [Rule] with zero Priority lets the kernel choose, since 0 is a
// priority too.
//
// # Lifetimes
//
// A view ([LinkView] …, or the *codec.Msg of [Iter.Msg]) borrows the
// connection's receive buffer: it is valid until the iterator's next call
// to Next or Close. Clone copies it out; a view over a clone (what the
// Get… forms return) is owned and valid forever. In race builds and
// debug builds (-tags nlroute_debug) a typed view read after its iterator
// advanced or was closed panics, naming the view type and this rule
// ("rtnl: RouteView used after its iterator advanced … Clone() it to keep
// it"), and released buffers are poisoned so a *codec.Msg held too long
// reads as garbage; normal builds compile the check away.
//
// # Concurrency
//
// An IPRoute is safe for concurrent use: every call is a request of its
// own on the shared ring.Conn. The kernel runs one dump per socket at a
// time, so concurrent dumps of one IPRoute queue behind each other (see
// ring.Conn.Dump). An iterator, a view and a Matcher value are used by one
// goroutine at a time.
//
// # Errors
//
// Errors read "rtnl: link dump: …" and wrap what they met with %w: a
// *wire.OpError for a request the kernel refused (errors.Is(err,
// syscall.ENODEV)) — for a typed call, a Writer's request or a batch's,
// inside a *RequestError naming it ("rtnl: route add 10.0.0.0/24 table
// 100: file exists") — a *codec.SpecError for a bad Spec or filter keyword
// (errors.Is(err, codec.ErrBadSpec)), and the typed errors of package ring
// (ring.ErrDumpInterrupted, ring.ErrOverrun, *ring.TruncatedError,
// ring.ErrClosed) or the context's error.
package rtnl
