package main

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/tc"
)

// tcTarget is one (interface, parent) pair whose classes or filters the
// kernel dumps in one request.
type tcTarget struct {
	index  int
	parent uint32
}

// tcWalkCmd is `class show` and `filter show`. The kernel dumps the
// classes of one interface, and the filters of one parent of one
// interface, per request; without index= (and for filters parent=) this
// walks every interface that has qdiscs, and every qdisc and class of
// it, so the command shows everything as other objects do.
func tcWalkCmd(ctx context.Context, s *session, o *object, ps []param) error {
	idx, hasIdx := intParam(ps, "index")
	_, hasParent := intParam(ps, "parent")
	if hasIdx && (o.name == "class" || hasParent) {
		return showCmd(ctx, s, o, ps)
	}
	index := -1
	if hasIdx {
		index = int(idx)
	}
	targets, err := tcTargets(ctx, s.ipr, o.name == "filter", index)
	if err != nil {
		return err
	}
	if err := s.prepare(ctx, o); err != nil {
		return err
	}
	user := filtersOf(o, ps)
	for _, t := range targets {
		where := rtnl.Match{"index": t.index}
		if o.name == "filter" {
			where["parent"] = t.parent
		}
		it := s.ipr.Show(ctx, o.show, append([]rtnl.Matcher{where}, user...)...)
		for it.Next() {
			if err := s.r.msg(o, it.Msg()); err != nil {
				it.Close()
				return err
			}
		}
		if err := it.Close(); err != nil {
			return err
		}
	}
	return nil
}

// tcTargets lists what to dump: for classes one target per interface
// with qdiscs; for filters every qdisc (clsact's two hooks) and every
// class of those interfaces. index >= 0 keeps one interface.
func tcTargets(ctx context.Context, ipr *rtnl.IPRoute, filters bool, index int) ([]tcTarget, error) {
	var filter []rtnl.Matcher
	if index >= 0 {
		filter = append(filter, rtnl.Match{"index": index})
	}
	qdiscs, err := ipr.GetQdiscs(ctx, filter...)
	if err != nil {
		return nil, err
	}
	var out []tcTarget
	seen := map[tcTarget]bool{}
	addTarget := func(t tcTarget) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, q := range qdiscs {
		if !filters {
			addTarget(tcTarget{index: q.Index()})
			continue
		}
		switch {
		case string(q.Kind()) == "clsact":
			addTarget(tcTarget{q.Index(), tcHClsactIngress})
			addTarget(tcTarget{q.Index(), tcHClsactEgress})
		case q.Handle() != 0: // handle 0: a default qdisc, which classifies nothing
			addTarget(tcTarget{q.Index(), q.Handle()})
		}
	}
	if !filters {
		return out, nil
	}
	walked := map[int]bool{}
	for _, q := range qdiscs {
		if walked[q.Index()] {
			continue
		}
		walked[q.Index()] = true
		it := ipr.Classes(ctx, rtnl.Match{"index": q.Index()})
		classes, err := it.Collect()
		if err != nil {
			return nil, err
		}
		for _, c := range classes {
			if h := c.Handle(); h&0xffff != 0 {
				addTarget(tcTarget{c.Index(), h})
			}
		}
	}
	return out, nil
}

// tcParams reads the "handle" and "parent" values of tc objects written
// as tc writes them ("1:", "1:10", "root", "ingress") as numbers.
func tcParams(ps []param) ([]param, error) {
	out := make([]param, len(ps))
	for i, p := range ps {
		out[i] = p
		s, ok := p.value.(string)
		if !ok || (p.key != "handle" && p.key != "parent") {
			continue
		}
		h, err := tc.ParseHandle(s)
		if err != nil {
			return nil, usagef("argument %s=%s: %v", p.key, s, err)
		}
		out[i].value = json.Number(strconv.FormatUint(uint64(h), 10))
	}
	return out, nil
}
