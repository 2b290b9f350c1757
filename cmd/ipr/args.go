package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
)

// format is the output format chosen by the global flags.
type format uint8

const (
	formatHuman format = iota // one line per object, like `ip -br`
	formatJSON                // pyroute2's dict shape (--json)
	formatRaw                 // hex of each message (--raw)
)

// invocation is a parsed command line.
type invocation struct {
	netns   string
	format  format
	help    bool
	object  string   // "link", "dump", "help"
	command string   // "show"; "" when not given
	words   []string // what follows OBJECT COMMAND: key=value pairs, or dump groups
}

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// isUsage reports whether err is the caller's mistake (exit status 2): a
// malformed command line, or a keyword or value the library refused
// before sending anything.
func isUsage(err error) bool {
	var u *usageError
	return errors.As(err, &u) || errors.Is(err, codec.ErrBadSpec)
}

// parseArgs splits args into the global flags, OBJECT, COMMAND and the
// words after them. Flags may come anywhere (`ipr dump --json`): no
// OBJECT, COMMAND or key=value starts with "-". "--" ends the flags.
func parseArgs(args []string) (invocation, error) {
	var inv invocation
	var sawJSON, sawRaw bool
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case a == "-h" || a == "-help" || a == "--help":
			inv.help = true
		case a == "-j" || a == "-json" || a == "--json":
			inv.format, sawJSON = formatJSON, true
		case a == "-r" || a == "-raw" || a == "--raw":
			inv.format, sawRaw = formatRaw, true
		case a == "-n" || a == "-netns" || a == "--netns":
			if i+1 >= len(args) || args[i+1] == "" {
				return inv, usagef("flag %s needs a namespace name or path", a)
			}
			i++
			inv.netns = args[i]
		case strings.HasPrefix(a, "-n="), strings.HasPrefix(a, "--netns="):
			inv.netns = a[strings.IndexByte(a, '=')+1:]
			if inv.netns == "" {
				return inv, usagef("flag %s needs a namespace name or path", a)
			}
		default:
			return inv, usagef("unknown flag %q", a)
		}
	}
	if sawJSON && sawRaw {
		return inv, usagef("--json and --raw exclude each other")
	}
	if len(pos) == 0 {
		if inv.help {
			inv.object = "help"
			return inv, nil
		}
		return inv, usagef("missing OBJECT")
	}
	inv.object, pos = pos[0], pos[1:]
	if inv.object != "dump" && inv.object != "help" && len(pos) > 0 && !strings.Contains(pos[0], "=") {
		inv.command, pos = pos[0], pos[1:]
	}
	if len(pos) > 0 {
		inv.words = pos
	}
	return inv, nil
}

// param is one key=value word: the keyword and its parsed value.
type param struct {
	key   string
	value any
}

// parseParams parses key=value words (see parseValue). A word without
// "=", an empty key, a repeated key or a null value is a usage error
// naming the word.
func parseParams(words []string) ([]param, error) {
	ps := make([]param, 0, len(words))
	seen := make(map[string]bool, len(words))
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			return nil, usagef("argument %q is not key=value", w)
		}
		if k == "" || strings.HasPrefix(k, ".") || strings.HasSuffix(k, ".") || strings.Contains(k, "..") {
			return nil, usagef("argument %q: bad key %q", w, k)
		}
		if seen[k] {
			return nil, usagef("argument %q: key %q given twice", w, k)
		}
		seen[k] = true
		val, err := parseValue(k, v)
		if err != nil {
			return nil, usagef("argument %q: %v", w, err)
		}
		ps = append(ps, param{key: k, value: val})
	}
	return ps, nil
}

// parseValue reads the value of key=value: JSON where the whole value
// parses as one JSON value (numbers stay exact as json.Number; lists,
// objects, true, false and quoted strings as encoding/json gives them),
// a plain string otherwise ("eth0", "10.0.0.0/24", "02:00:00:00:00:01").
// A "family" value may also name the family (AF_INET, inet, AF_INET6,
// inet6, AF_BRIDGE, bridge, AF_MPLS, mpls, AF_UNSPEC), and a "table" value
// the table as iproute2 names it (main, local, default). An integer may
// be written in hexadecimal, as ip(8) and tc(8) read them: mtu=0x10,
// fwmark=0x10, prefixlen=0x10 (a number, like mtu=16).
func parseValue(key, s string) (any, error) {
	if v, ok := parseJSON(s); ok {
		if v == nil {
			return nil, fmt.Errorf("null is not a value")
		}
		return v, nil
	}
	if n, ok := hexNumber(s); ok {
		return n, nil
	}
	switch key {
	case "family":
		if f, ok := families[strings.ToLower(s)]; ok {
			return json.Number(strconv.Itoa(f)), nil
		}
	case "table":
		for t, name := range tables {
			if name == s {
				return json.Number(strconv.FormatUint(uint64(t), 10)), nil
			}
		}
	}
	return s, nil
}

// hexNumber reads "0x10" or "0X10" (up to 64 bits) as the JSON number
// 16, so every integer keyword takes hexadecimal as well as decimal.
func hexNumber(s string) (json.Number, bool) {
	if len(s) < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return "", false
	}
	u, err := strconv.ParseUint(s[2:], 16, 64)
	if err != nil {
		return "", false
	}
	return json.Number(strconv.FormatUint(u, 10)), true
}

// parseJSON decodes s as exactly one JSON value with numbers kept as
// json.Number.
func parseJSON(s string) (any, bool) {
	if s == "" {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if dec.More() || dec.InputOffset() != int64(len(bytes.TrimRight([]byte(s), " \t\r\n"))) {
		return nil, false
	}
	return v, true
}

var families = map[string]int{
	"af_unspec": uapi.AF_UNSPEC, "unspec": uapi.AF_UNSPEC,
	"af_inet": uapi.AF_INET, "inet": uapi.AF_INET, "ipv4": uapi.AF_INET,
	"af_inet6": uapi.AF_INET6, "inet6": uapi.AF_INET6, "ipv6": uapi.AF_INET6,
	"af_bridge": uapi.AF_BRIDGE, "bridge": uapi.AF_BRIDGE,
	"af_mpls": uapi.AF_MPLS, "mpls": uapi.AF_MPLS,
}

// matchOf turns params into a dump filter. Dotted keys stay dotted:
// rtnl.Match reads them as nested paths.
func matchOf(ps []param) rtnl.Match {
	m := make(rtnl.Match, len(ps))
	for _, p := range ps {
		m[p.key] = p.value
	}
	return m
}

// specOf turns params into a Spec for a request, a dotted key becoming
// nested maps ("linkinfo.kind=vxlan" is {"linkinfo": {"kind": "vxlan"}}).
// A key that is both a value and a parent of another is a usage error.
func specOf(ps []param) (rtnl.Spec, error) {
	s := rtnl.Spec{}
	for _, p := range ps {
		parts := strings.Split(p.key, ".")
		cur := map[string]any(s)
		for _, k := range parts[:len(parts)-1] {
			next, ok := cur[k]
			if !ok {
				sub := map[string]any{}
				cur[k], cur = sub, sub
				continue
			}
			sub, ok := next.(map[string]any)
			if !ok {
				return nil, usagef("key %q: %q is already a value", p.key, k)
			}
			cur = sub
		}
		last := parts[len(parts)-1]
		if _, ok := cur[last]; ok {
			return nil, usagef("key %q given twice", p.key)
		}
		cur[last] = p.value
	}
	return s, nil
}

// intParam returns the integer value of key in ps, if it is one.
func intParam(ps []param, key string) (int64, bool) {
	for _, p := range ps {
		if p.key != key {
			continue
		}
		switch v := p.value.(type) {
		case json.Number:
			n, err := v.Int64()
			return n, err == nil
		}
		return 0, false
	}
	return 0, false
}

// hasParam reports whether key is among ps.
func hasParam(ps []param, key string) bool {
	for _, p := range ps {
		if p.key == key {
			return true
		}
	}
	return false
}
