// Package bench holds side-by-side benchmarks of nlroute against peer
// netlink libraries (the standard library's syscall parser,
// mdlayher/netlink, vishvananda/netlink), measured in the same run on the
// same input. It is its own module so the peers stay out of nlroute's
// go.mod. Figures go to RESULTS.md with the command that made them.
package bench
