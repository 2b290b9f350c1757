package tc_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/nlroute/nlroute/tc"
)

// commandSnapshot renders what tc's registry accessors return, as a
// fresh reader sees it.
func commandSnapshot() string {
	var b strings.Builder
	fmt.Fprintln(&b, "commands", tc.CommandNames(), "priomap", tc.DefaultPriomap())
	for _, n := range tc.CommandNames() {
		c, ok := tc.LookupCommand(n)
		fmt.Fprintln(&b, n, c, ok)
	}
	return b.String()
}

// TestCommandsConcurrentLookups reads the command table and the default
// priomap from many goroutines at once while changing what the accessors
// return, then checks that a fresh reader sees them unchanged; an
// accessor handing out the package's own map, slice or array fails it
// (a data race under -race, a changed snapshot without).
func TestCommandsConcurrentLookups(t *testing.T) {
	before := commandSnapshot()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				names := tc.CommandNames()
				for _, n := range names {
					if _, ok := tc.LookupCommand(n); !ok {
						t.Errorf("command %q listed but not found", n)
					}
				}
				for i := range names {
					names[i] = "x"
				}
				pm := tc.DefaultPriomap()
				for i := range pm {
					pm[i] = 9
				}
			}
		})
	}
	wg.Wait()
	if after := commandSnapshot(); after != before {
		t.Errorf("the command table changed under its readers:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
