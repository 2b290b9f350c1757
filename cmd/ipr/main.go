// Command ipr is for driving nlroute from a shell: pyroute2's IPRoute
// objects and commands as arguments. Start with `ipr help`, `ipr link
// show`, `ipr --json route show table=254` and `ipr monitor`. Writing Go?
// The same API is package rtnl (and tc for traffic control).
//
// Command ipr is nlroute's command line: pyroute2's IPRoute API driven
// from a shell.
//
//	ipr [-n NETNS] [--json|--raw] OBJECT COMMAND [key=value …]
//	ipr [-n NETNS] [--json|--raw] dump [GROUP …]
//	ipr help
//
// OBJECT is one of the API's objects (link, addr, route, rule, neigh, fdb,
// vlan, brport, nexthop, qdisc, class, filter, neightbl, nsid, stats),
// COMMAND one of pyroute2's commands for it (dump or show, get), and each
// key=value a Spec keyword: the value is parsed as JSON where it parses
// (numbers, lists, objects, true, false, "quoted strings"), and taken as a
// string otherwise. For dumps the keywords are filters (rtnl.Match): a
// message is printed when every one matches.
//
// Output is one line per object by default, in the spirit of `ip -br`;
// --json prints pyroute2's dict shape (a JSON array of messages, or for
// `ipr dump` an object of arrays keyed by group: "links", "addrs" …);
// --raw prints each message as one line of hex.
//
// Errors go to standard error, a refusal with its errno's name and number
// ("file exists (EEXIST, 17)"); the exit status is 0 on success, 1 when the
// kernel or the system refused, and 2 for a usage error (an unknown
// object, command, flag or keyword, or a malformed key=value).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
