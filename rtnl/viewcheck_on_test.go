//go:build nlroute_debug || race

package rtnl_test

import "testing"

func skipIfViewChecks(t testing.TB) {
	t.Helper()
	t.Skip("race and debug builds allocate a message per iterator step to catch stale views")
}
