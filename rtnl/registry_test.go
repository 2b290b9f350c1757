package rtnl_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nlroute/nlroute/rtnl"
)

// registrySnapshot renders everything the registry accessors return, as
// a fresh reader sees it.
func registrySnapshot() string {
	var b strings.Builder
	fmt.Fprintln(&b, "verbs", rtnl.VerbNames())
	for _, n := range rtnl.VerbNames() {
		v, ok := rtnl.LookupVerb(n)
		fmt.Fprintln(&b, "verb", n, v, ok)
	}
	fmt.Fprintln(&b, "groups", rtnl.GroupNames(), "default", rtnl.DefaultGroupNames())
	for _, n := range rtnl.GroupNames() {
		g, ok := rtnl.LookupGroup(n)
		fmt.Fprintln(&b, "group", n, g, ok)
	}
	all, err := rtnl.ParseGroups("all")
	fmt.Fprintln(&b, "all", all, err)
	fmt.Fprintln(&b, "dump groups", rtnl.DumpGroupNames(), "show", rtnl.ShowObjects())
	for _, n := range rtnl.DumpGroupNames() {
		o, ok := rtnl.LookupDumpGroup(n)
		fmt.Fprintln(&b, "dump group", n, o, ok)
	}
	fmt.Fprintln(&b, "cache kinds", rtnl.CacheKindNames())
	fmt.Fprintln(&b, "addr flags", rtnl.AddrFlagNames(), "route flags", rtnl.RouteFlagNames())
	for _, n := range rtnl.AddrFlagNames() {
		bit, ok := rtnl.LookupAddrFlag(n)
		fmt.Fprintln(&b, "addr flag", n, bit, ok)
	}
	for _, n := range rtnl.RouteFlagNames() {
		bit, ok := rtnl.LookupRouteFlag(n)
		fmt.Fprintln(&b, "route flag", n, bit, ok)
	}
	fmt.Fprintln(&b, "objects", rtnl.CommandObjects())
	for _, n := range rtnl.CommandObjects() {
		d, ok := rtnl.LookupObject(n)
		fmt.Fprintln(&b, "object", n, ok, d.Name, d.Schema.Name, d.New, d.Del, d.Get, d.Set, d.Prepare != nil, d.Commands())
		for _, k := range slices.Sorted(maps.Keys(d.Verbs)) {
			fmt.Fprintln(&b, "  verb", k, d.Verbs[k])
		}
	}
	return b.String()
}

// scribble overwrites every element of s.
func scribble[T any](s []T, v T) {
	for i := range s {
		s[i] = v
	}
}

// TestRegistryConcurrentLookups reads every registry of the package from
// many goroutines at once while changing whatever the accessors return,
// then checks that a fresh reader sees the registries unchanged. An
// accessor that handed out its registry's own map or slice fails it:
// under -race as a data race between one goroutine's write and another's
// read, and without -race by the changed snapshot.
func TestRegistryConcurrentLookups(t *testing.T) {
	before := registrySnapshot()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				for _, n := range rtnl.VerbNames() {
					if _, ok := rtnl.LookupVerb(n); !ok {
						t.Errorf("verb %q listed but not found", n)
					}
				}
				scribble(rtnl.VerbNames(), "x")
				for _, n := range rtnl.GroupNames() {
					g, ok := rtnl.LookupGroup(n)
					if !ok || len(g) == 0 {
						t.Errorf("group %q listed but not found", n)
					}
					scribble(g, 0)
				}
				scribble(rtnl.GroupNames(), "x")
				scribble(rtnl.DefaultGroupNames(), "x")
				if _, err := rtnl.ParseGroups("all", "route"); err != nil {
					t.Error(err)
				}
				for _, n := range rtnl.DumpGroupNames() {
					rtnl.LookupDumpGroup(n)
				}
				scribble(rtnl.DumpGroupNames(), "x")
				scribble(rtnl.ShowObjects(), "x")
				scribble(rtnl.CacheKindNames(), "x")
				for _, n := range rtnl.AddrFlagNames() {
					rtnl.LookupAddrFlag(n)
				}
				scribble(rtnl.AddrFlagNames(), "x")
				for _, n := range rtnl.RouteFlagNames() {
					rtnl.LookupRouteFlag(n)
				}
				scribble(rtnl.RouteFlagNames(), "x")
				for _, n := range rtnl.CommandObjects() {
					d, ok := rtnl.LookupObject(n)
					if !ok {
						t.Errorf("object %q listed but not found", n)
						continue
					}
					d.Verb("add")
					scribble(d.Commands(), "x")
					for k := range d.Verbs {
						d.Verbs[k] = rtnl.Verb{Op: rtnl.OpSet}
					}
					if d.Verbs != nil {
						d.Verbs["scribbled"] = rtnl.Verb{}
					}
					d.Name, d.New, d.Schema = "x", 0, nil
				}
				scribble(rtnl.CommandObjects(), "x")
			}
		})
	}
	wg.Wait()
	if after := registrySnapshot(); after != before {
		t.Errorf("the registries changed under their readers:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
