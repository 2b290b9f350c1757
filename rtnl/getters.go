package rtnl

import "context"

// Every dump has two forms: <Plural> returns an [Iterator] of borrowed
// views (each valid until the iterator advances), Get<Plural> the same
// views collected into a slice, each owning its memory. The Get forms of
// the dumps whose files hold no other code are here.

// GetClasses is Classes collected: owned views in a slice.
func (r *IPRoute) GetClasses(ctx context.Context, filters ...Matcher) ([]TCView, error) {
	it := r.Classes(ctx, filters...)
	return it.Collect()
}

// GetFilters is Filters collected: owned views in a slice.
func (r *IPRoute) GetFilters(ctx context.Context, filters ...Matcher) ([]TCView, error) {
	it := r.Filters(ctx, filters...)
	return it.Collect()
}

// GetBridgePorts is BridgePorts collected: owned views in a slice.
func (r *IPRoute) GetBridgePorts(ctx context.Context, filters ...Matcher) ([]LinkView, error) {
	it := r.BridgePorts(ctx, filters...)
	return it.Collect()
}

// GetVLANEntries is VLANEntries collected: owned views in a slice.
func (r *IPRoute) GetVLANEntries(ctx context.Context, filters ...Matcher) ([]MsgView, error) {
	it := r.VLANEntries(ctx, filters...)
	return it.Collect()
}

// GetDefaultRoutes is DefaultRoutes collected: owned views in a slice.
func (r *IPRoute) GetDefaultRoutes(ctx context.Context, filters ...Matcher) ([]RouteView, error) {
	it := r.DefaultRoutes(ctx, filters...)
	return it.Collect()
}

// GetNeighbourTables is NeighbourTables collected: owned views in a slice.
func (r *IPRoute) GetNeighbourTables(ctx context.Context, filters ...Matcher) ([]MsgView, error) {
	it := r.NeighbourTables(ctx, filters...)
	return it.Collect()
}

// GetNetNSIDs is NetNSIDs collected: owned views in a slice.
func (r *IPRoute) GetNetNSIDs(ctx context.Context, filters ...Matcher) ([]MsgView, error) {
	it := r.NetNSIDs(ctx, filters...)
	return it.Collect()
}

// GetStats is Stats collected: owned views in a slice.
func (r *IPRoute) GetStats(ctx context.Context, filters ...Matcher) ([]MsgView, error) {
	it := r.Stats(ctx, filters...)
	return it.Collect()
}
