// Package pyroute2diff holds the differential test of nlroute's JSON
// rendering against pyroute2 itself: a throwaway namespace is filled
// through iproute2 with every link kind the kernel has, addresses,
// routes, rules, neighbours, FDB entries and tc objects; pyroute2
// (Debian's python3-pyroute2, run by /usr/bin/python3 inside the
// namespace) and codec.Msg.AppendJSON (what `ipr --json` prints) dump
// the same requests, and every attribute of every object, nested ones
// included, is compared. The differences allowed are listed, each with
// its reason, in testdata/pyroute2-diff-allow.txt.
//
// It has no code outside its tests.
package pyroute2diff
