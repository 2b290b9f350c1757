//go:build !nlroute_debug && !race

package rtnl_test

import "testing"

// skipIfViewChecks skips allocation tests in race and debug builds, where
// each iterator step allocates a fresh message so stale views are caught.
func skipIfViewChecks(testing.TB) {}
