package rtnl

import "context"

// LinkLookup returns the indexes of the links matching spec, as
// pyroute2's link_lookup (always a list: empty when nothing matches). A
// spec of only "ifname", or only "altname" (or "alt_ifname") is answered with
// a single RTM_GETLINK (IFLA_IFNAME, IFLA_ALT_IFNAME); any other spec is
// a link dump filtered by spec as a [Match] (its values may be
// predicates). A bad keyword is a *codec.SpecError.
func (r *IPRoute) LinkLookup(ctx context.Context, spec Spec) ([]int, error) {
	m := Match(spec)
	for _, k := range []string{"altname", "alt_ifname", "IFLA_ALT_IFNAME"} {
		if v, ok := spec[k]; ok && len(spec) == 1 {
			m = Match{"prop_list.alt_ifname": v} // where replies carry it
		}
	}
	it := r.Links(ctx, m)
	defer it.Close()
	var out []int
	for it.Next() {
		out = append(out, it.View().Index())
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
