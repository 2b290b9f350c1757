package main

import (
	"bufio"
	"fmt"
	"strings"
)

const usageText = `usage: ipr [-n NETNS] [--json|--raw] OBJECT [COMMAND] [key=value ...]
       ipr [-n NETNS] [--json|--raw] dump [GROUP ...]
       ipr help [OBJECT]
       ipr help tc KIND                    a tc kind's keywords, with units
       ipr [-n NETNS] agent [OPTION ...]   serve remote.Dial on stdin/stdout
             options: frame-timeout=DURATION (30s), idle-timeout=DURATION (15m),
             max-frame=BYTES, read-only, allow=RTM_TYPE,... (a policy)
       ipr [-n NETNS] route sync [--table N] [--proto P] [--metric M] [--dry-run] FILE|-
             make the routes of table N (main) with protocol P (static) and
             metric M (0) equal those of FILE with the fewest changes: add
             the missing, replace the changed, delete the others of P;
             routes of other protocols stay. FILE (- is standard input)
             holds ip route show lines (via, dev, nexthop via … dev …
             weight …; proto, table and metric must be the sync's) or JSON
             lines ({"prefix": …, "nexthops": [{"gateway", "dev", "weight"}]}
             or ip -j's shape). Prints each change and the diff; --dry-run
             prints what it would do; with --json, one JSON object
             (dry_run, added, replaced, deleted, kept, failed, ops,
             foreign, nexthops, changes, failures). A bad line is a usage
             error naming it, and nothing is applied; exit 1 names the
             routes the kernel refused.

pyroute2's IPRoute from the shell. COMMAND defaults to show.

flags (before OBJECT):
  -n, --netns NETNS  work in the network namespace NETNS (a name under
                     /var/run/netns, or a path such as /proc/PID/ns/net)
  -j, --json         print pyroute2's dict shape as JSON (an array of
                     messages; an object of arrays for dump)
  -r, --raw          print each message as one line of hex
  -h, --help         print this help

key=value: a Spec keyword ("index", "ifname", "table", "linkinfo.kind",
"IFLA_MTU" ...). The value is JSON where it parses (2, [1,2], {"a":1},
true, "quoted") and a string otherwise (eth0, 10.0.0.0/24); integers
also in hexadecimal (mtu=0x500). For show and dump the keywords filter:
every one must match, a list matches any of its values (index=[1,2]),
and names stand for numbers (operstate=UP, proto=static, scope=link,
state=permanent, action=unreachable). "family" also takes inet, inet6,
bridge, mpls (or AF_INET ...); tc's "handle" and "parent" take tc's
syntax (1:10, root, ingress). link lookup KEY=VALUE prints the indexes.

errors: a refusal ends with its errno's name and number, (EEXIST, 17).

exit status: 0 success, 1 runtime error (the kernel refused, no such
namespace ...), 2 usage error (unknown object, command, flag or keyword).

`

// writeHelp prints the usage, the objects and their commands; with an
// OBJECT after help, that object's line only.
func writeHelp(w *bufio.Writer, inv invocation) error {
	name := ""
	switch {
	case inv.object == "help" && len(inv.words) > 0:
		name = inv.words[0]
	case inv.object != "help" && inv.object != "":
		name = inv.object
	}
	if name == "tc" && inv.object == "help" && len(inv.words) > 1 {
		return writeTCHelp(w, inv.words[1])
	}
	if name != "" && name != "dump" {
		o, err := findObject(name)
		if err != nil {
			return err
		}
		writeObject(w, o)
		return nil
	}
	w.WriteString(usageText)
	w.WriteString("objects and commands:\n")
	for _, o := range objects {
		writeObject(w, o)
	}
	w.WriteString("\ndump groups: ")
	var groups []string
	for _, o := range objects {
		if o.group != "" {
			groups = append(groups, o.group)
		}
	}
	w.WriteString(strings.Join(groups, " "))
	w.WriteString("\n")
	return nil
}

func writeObject(w *bufio.Writer, o *object) {
	name := o.name
	if len(o.aliases) > 0 {
		name += " (" + strings.Join(o.aliases, ", ") + ")"
	}
	fmt.Fprintf(w, "  %-24s %-18s %s\n", name, strings.Join(o.commandNames(), " "), o.help)
}
