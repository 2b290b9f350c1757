//go:build !race && !nlroute_debug

package rtnl_test

// getAllocs is what a get may allocate: the owned copy of the answer it
// returns, which the caller keeps (the message and its bytes); the
// request itself allocates nothing.
const getAllocs = 2
