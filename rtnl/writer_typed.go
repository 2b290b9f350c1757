package rtnl

// The typed methods of a Writer mirror IPRoute's synchronous calls: each
// encodes its object straight into the Pipeline's send buffer (calling
// Encode directly: through an interface the object would escape) and
// queues it.

// RouteAdd queues [IPRoute.RouteAdd]: EEXIST is reported for a route
// that exists. It returns the request's index; see [Writer] for errors.
func (w *Writer) RouteAdd(rt Route) (int, error) {
	return w.queue(opRouteAdd, rt.Encode(w.open(), "add", 0))
}

// RouteReplace queues [IPRoute.RouteReplace].
func (w *Writer) RouteReplace(rt Route) (int, error) {
	return w.queue(opRouteReplace, rt.Encode(w.open(), "replace", 0))
}

// RouteChange queues [IPRoute.RouteChange].
func (w *Writer) RouteChange(rt Route) (int, error) {
	return w.queue(opRouteChange, rt.Encode(w.open(), "change", 0))
}

// RouteAppend queues [IPRoute.RouteAppend].
func (w *Writer) RouteAppend(rt Route) (int, error) {
	return w.queue(opRouteAppend, rt.Encode(w.open(), "append", 0))
}

// RouteDel queues [IPRoute.RouteDel].
func (w *Writer) RouteDel(rt Route) (int, error) {
	return w.queue(opRouteDel, rt.Encode(w.open(), "del", 0))
}

// NexthopAdd queues [IPRoute.NexthopAdd].
func (w *Writer) NexthopAdd(x Nexthop) (int, error) {
	return w.queue(opNexthopAdd, x.Encode(w.open(), "add", 0))
}

// NexthopReplace queues [IPRoute.NexthopReplace].
func (w *Writer) NexthopReplace(x Nexthop) (int, error) {
	return w.queue(opNexthopReplace, x.Encode(w.open(), "replace", 0))
}

// NexthopDel queues [IPRoute.NexthopDel].
func (w *Writer) NexthopDel(id uint32) (int, error) {
	x := Nexthop{ID: id}
	return w.queue(opNexthopDel, x.Encode(w.open(), "del", 0))
}

// AddrAdd queues [IPRoute.AddrAdd].
func (w *Writer) AddrAdd(a Addr) (int, error) {
	return w.queue(opAddrAdd, a.Encode(w.open(), "add", 0))
}

// AddrReplace queues [IPRoute.AddrReplace].
func (w *Writer) AddrReplace(a Addr) (int, error) {
	return w.queue(opAddrReplace, a.Encode(w.open(), "replace", 0))
}

// AddrDel queues [IPRoute.AddrDel].
func (w *Writer) AddrDel(a Addr) (int, error) {
	return w.queue(opAddrDel, a.Encode(w.open(), "del", 0))
}

// NeighAdd queues [IPRoute.NeighAdd].
func (w *Writer) NeighAdd(x Neigh) (int, error) {
	return w.queue(opNeighAdd, x.Encode(w.open(), "add", 0))
}

// NeighReplace queues [IPRoute.NeighReplace].
func (w *Writer) NeighReplace(x Neigh) (int, error) {
	return w.queue(opNeighReplace, x.Encode(w.open(), "replace", 0))
}

// NeighDel queues [IPRoute.NeighDel].
func (w *Writer) NeighDel(x Neigh) (int, error) {
	return w.queue(opNeighDel, x.Encode(w.open(), "del", 0))
}

// FDBAdd queues [IPRoute.FDBAdd].
func (w *Writer) FDBAdd(x FDBEntry) (int, error) {
	return w.queue(opFDBAdd, x.Encode(w.open(), "add", 0))
}

// FDBReplace queues [IPRoute.FDBReplace].
func (w *Writer) FDBReplace(x FDBEntry) (int, error) {
	return w.queue(opFDBReplace, x.Encode(w.open(), "replace", 0))
}

// FDBDel queues [IPRoute.FDBDel].
func (w *Writer) FDBDel(x FDBEntry) (int, error) {
	return w.queue(opFDBDel, x.Encode(w.open(), "del", 0))
}

// LinkSet queues [IPRoute.LinkSet]. Settings that need something at send
// time are refused as bad input: a tuntap (an ioctl) and a namespace
// named by name (give an open descriptor's number with NetNSFD).
func (w *Writer) LinkSet(l Link) (int, error) {
	var err error
	switch {
	case l.NetNS != "" || peerNetNS(&l) != "":
		err = linkSpecError("net_ns_fd", l.NetNS, "a Writer cannot open a namespace by name: give an open descriptor's number")
	default:
		if _, ok := l.Info.(Tuntap); ok {
			err = linkSpecError("kind", "tuntap", "a Writer cannot create a tuntap: it takes an ioctl")
		} else {
			err = l.Encode(w.open(), "set", 0)
		}
	}
	return w.queue(wopLinkSet, err)
}
