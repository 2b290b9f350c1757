//go:build race || nlroute_debug

package rtnl_test

// getAllocs is what a get may allocate in race and debug builds, whose
// instrumented copy of the answer allocates more than the 2 of a normal
// build (typed_alloc_get_test.go). Writes stay at 0.
const getAllocs = 4
