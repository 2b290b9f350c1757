package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/tc"
)

// The "tc" object is pyroute2's tc(command, kind, index, handle, **kw):
//
//	ipr tc add kind=htb index=2 handle=1: default=0x200000
//	ipr tc add-class kind=htb index=2 handle=1:1 parent=1: rate=256kbit burst=6144
//	ipr tc add-filter kind=u32 index=2 parent=1: prio=1 protocol=ip keys='["0x0/0x0+0"]' target=1:10
//	ipr tc del index=2 handle=1:
//	ipr tc del kind=tbf index=2 handle=1:   (no add-time keywords needed)
//	ipr tc modules                          (the kinds; ipr help tc KIND: their keywords)
//
// kind, index and handle are taken out of the key=value pairs; the rest
// are the kind's keywords (`ipr help tc` lists the kinds; the library's
// tc.Help documents their parameters). Objects are listed with
// `ipr qdisc|class|filter show`.
func init() {
	cmds := map[string]handler{}
	for _, name := range tc.CommandNames() {
		cmds[name] = tcCmd(name)
	}
	// `ipr tc show` lists the qdiscs, as `ipr qdisc show` does.
	cmds["show"], cmds["dump"] = showAs("qdisc"), showAs("qdisc")
	cmds["modules"], cmds["help"] = tcModules, tcHelp
	objects = append(objects, &object{
		name:     "tc",
		help:     "traffic control commands, pyroute2's tc(): add, del, change, replace, and their -class and -filter forms; kinds: " + kindList(),
		commands: cmds,
	})
}

func kindList() string {
	var names []string
	for _, k := range tc.Kinds() {
		names = append(names, k.Name)
	}
	sort.Strings(names)
	s := ""
	for i, n := range names {
		if i > 0 {
			s += " "
		}
		s += n
	}
	return s
}

// showAs runs the show command of another object.
func showAs(name string) handler {
	return func(ctx context.Context, s *session, _ *object, ps []param) error {
		o, err := findObject(name)
		if err != nil {
			return err
		}
		h, err := o.findCommand("show")
		if err != nil {
			return err
		}
		return h(ctx, s, o, ps)
	}
}

// tcCmd runs one tc command through tc.Do.
func tcCmd(command string) handler {
	return func(ctx context.Context, s *session, o *object, ps []param) error {
		spec, err := specOf(ps)
		if err != nil {
			return err
		}
		kind, _ := spec["kind"].(string)
		delete(spec, "kind")
		index := 0
		if v, ok := spec["index"]; ok {
			n, ok := asIndex(v)
			if !ok {
				return usagef("tc %s: index=%v is not an interface index", command, v)
			}
			index = n
			delete(spec, "index")
		}
		handle := spec["handle"]
		delete(spec, "handle")
		if handle == nil {
			handle = 0
		}
		err = tc.Do(ctx, s.ipr, command, kind, index, handle, spec)
		if errors.Is(err, codec.ErrBadSpec) || errors.Is(err, tc.ErrBadParam) {
			return usagef("tc %s: %v", command, err)
		}
		return err
	}
}

// asIndex reads an interface index given on the command line.
func asIndex(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(string(n))
	return i, err == nil && i > 0
}

// tcModules is `ipr tc modules`, pyroute2's tc("modules"): every kind of
// the catalogue, with the objects it makes and what it is; --json prints
// the catalogue (tc.Kinds) with each kind's keywords.
func tcModules(_ context.Context, s *session, _ *object, ps []param) error {
	if len(ps) > 0 {
		return usagef("tc modules takes no key=value")
	}
	s.printed = true
	if _, ok := s.r.(*jsonRenderer); ok {
		b, err := json.Marshal(tc.Kinds())
		if err != nil {
			return err
		}
		s.out.Write(b)
		s.out.WriteByte('\n')
		return nil
	}
	for _, k := range tc.Kinds() {
		fmt.Fprintf(s.out, "%-10s %-22s %s\n", k.Name, strings.Join(k.Objects, ","), k.Doc)
	}
	return nil
}

// tcHelp is `ipr tc help kind=KIND` (and `ipr help tc KIND`), pyroute2's
// tc("help", "htb"): the kind's keywords with their types and units.
func tcHelp(_ context.Context, s *session, _ *object, ps []param) error {
	kind := ""
	for _, p := range ps {
		if k, ok := p.value.(string); ok && p.key == "kind" {
			kind = k
			continue
		}
		return usagef("tc help: argument %s: only kind=KIND is taken", p.key)
	}
	if kind == "" {
		return usagef("tc help: give kind=KIND (one of: %s)", kindList())
	}
	s.printed = true
	return writeTCHelp(s.out, kind)
}

// writeTCHelp prints tc.Help of kind; an unknown kind is a usage error.
func writeTCHelp(w *bufio.Writer, kind string) error {
	h, err := tc.Help(kind)
	if err != nil {
		return usagef("%v (kinds: %s)", err, kindList())
	}
	w.WriteString(h)
	return nil
}
