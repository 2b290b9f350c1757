//go:build !nlroute_debug && !race

package rtnl

import "github.com/nlroute/nlroute/codec"

// viewChecks is off in normal builds: the stale-view checks below are
// empty and compile away.
const viewChecks = false

// checkView panics, in race and debug builds, when m belongs to a view
// whose iterator has advanced or been closed.
func checkView(*codec.Msg, string) {}

// retire is called by Next before it steps: in race and debug builds it
// marks the message lent so far as stale and takes a fresh one.
func (it *Iter) retire() {}

// release is called when the iterator ends: it reports whether its
// message may go back to the pool (in race and debug builds it is marked
// stale and kept out of the pool instead).
func (it *Iter) release() bool { return true }
