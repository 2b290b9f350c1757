package uapi

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// includeDir holds the kernel's UAPI headers (Debian: linux-libc-dev).
const includeDir = "/usr/include/linux"

// headers are the UAPI headers the tables of this package come from.
var headers = []string{
	"rtnetlink.h", "if_link.h", "veth.h", "if_addr.h", "neighbour.h",
	"fib_rules.h", "pkt_sched.h", "pkt_cls.h", "gen_stats.h", "nexthop.h",
	"lwtunnel.h", "seg6.h", "seg6_iptunnel.h", "seg6_local.h",
	"ioam6_iptunnel.h", "rpl_iptunnel.h", "ila.h", "mpls_iptunnel.h",
	"if_bridge.h", "if_tunnel.h", "net_namespace.h", "if_bonding.h", "if.h",
	"if_addrlabel.h", "netconf.h", "if_macsec.h", "if_vlan.h", "mpls.h",
	"if_ether.h", "if_arp.h", "netlink.h",
}

// TestHeaders checks every constant of the package that the kernel headers
// installed on this machine declare (#define or enum member) against the
// headers' value. A constant the headers lack (newer than them, or from a
// header not listed) or whose value the small C expression evaluator below
// cannot compute is not checked.
func TestHeaders(t *testing.T) {
	if _, err := os.Stat(filepath.Join(includeDir, "rtnetlink.h")); err != nil {
		t.Skipf("%s/rtnetlink.h is missing: install the kernel UAPI headers (Debian/Ubuntu: linux-libc-dev; `make deps` does)", includeDir)
	}
	h := newHeaderSet()
	for _, name := range headers {
		src, err := os.ReadFile(filepath.Join(includeDir, name))
		if errors.Is(err, os.ErrNotExist) {
			t.Logf("%s/%s is missing: its constants are not checked", includeDir, name)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		h.parse(name, string(src))
	}
	mismatch := checkHeaders(t, h, packageConstants(t))
	for _, m := range mismatch {
		t.Error(m)
	}
}

// checkHeaders compares consts with the values of h and returns one line
// per difference.
func checkHeaders(t *testing.T, h *headerSet, consts map[string]constant.Value) []string {
	names := make([]string, 0, len(consts))
	for n := range consts {
		names = append(names, n)
	}
	sort.Strings(names)
	var checked, absent, unknown int
	var mismatch []string
	for _, n := range names {
		if len(h.defs[n]) == 0 {
			absent++
			continue
		}
		want, err := h.value(n)
		if err != nil {
			unknown++
			t.Logf("%s not checked: %v", n, err)
			continue
		}
		got, exact := constant.Int64Val(constant.ToInt(consts[n]))
		if !exact {
			unknown++
			t.Logf("%s not checked: %s is not an int64", n, consts[n])
			continue
		}
		checked++
		if got != want {
			mismatch = append(mismatch, fmt.Sprintf("%s = %d (%#x), but %s says %d (%#x)", n, got, got, h.defs[n][0].file, want, want))
		}
	}
	t.Logf("%d constants checked against %s, %d absent from the headers, %d not evaluable", checked, includeDir, absent, unknown)
	if checked == 0 {
		t.Errorf("no constant found in %s: is the parser broken?", includeDir)
	}
	return mismatch
}

// packageConstants type-checks the package's non-test files and returns
// the value of each constant.
func packageConstants(t *testing.T) map[string]constant.Value {
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("uapi", fset, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]constant.Value{}
	for _, n := range pkg.Scope().Names() {
		if c, ok := pkg.Scope().Lookup(n).(*types.Const); ok {
			consts[n] = c.Val()
		}
	}
	return consts
}

// A def is one definition of a name in a header: a #define's expression,
// or an enum member's explicit expression or, for an implicit value, the
// member before it (prev, "" for the first member: value 0).
type def struct {
	file     string
	expr     string
	implicit bool
	prev     string
}

// A headerSet is the definitions of names in C headers, evaluated lazily:
// a #define may use names defined later. A name defined more than once
// (another header, another #if branch) must evaluate to one value.
type headerSet struct {
	defs  map[string][]def
	memo  map[string]int64
	state map[string]int // 1: evaluating, 2: failed
}

func newHeaderSet() *headerSet {
	return &headerSet{defs: map[string][]def{}, memo: map[string]int64{}, state: map[string]int{}}
}

var (
	blockComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	lineComment  = regexp.MustCompile(`//[^\n]*`)
	defineRE     = regexp.MustCompile(`(?m)^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)([ \t][^\n]*)?$`)
	enumRE       = regexp.MustCompile(`\benum\b\s*[A-Za-z_0-9]*\s*\{([^}]*)\}`)
	identRE      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	directiveRE  = regexp.MustCompile(`(?m)^[ \t]*#[^\n]*$`)
)

// parse records the #defines and enum members of one header.
func (h *headerSet) parse(file, src string) {
	src = strings.ReplaceAll(src, "\\\n", " ")
	src = blockComment.ReplaceAllString(src, " ")
	src = lineComment.ReplaceAllString(src, "")
	for _, m := range defineRE.FindAllStringSubmatch(src, -1) {
		name, expr := m[1], strings.TrimSpace(m[2])
		// A function-like macro has "(" right after its name: the regexp
		// then leaves m[2] empty or without the leading blank.
		if expr == "" || expr == name {
			continue // include guard, or "#define IFF_UP IFF_UP"
		}
		h.defs[name] = append(h.defs[name], def{file: file, expr: expr})
	}
	body := directiveRE.ReplaceAllString(src, "")
	for _, m := range enumRE.FindAllStringSubmatch(body, -1) {
		prev := ""
		for _, member := range strings.Split(m[1], ",") {
			member = strings.TrimSpace(member)
			if member == "" {
				continue
			}
			name, expr, explicit := strings.Cut(member, "=")
			name = strings.TrimSpace(name)
			if !identRE.MatchString(name) {
				// Unknown syntax: the implicit values after it are
				// unknown too ("?" is never defined).
				prev = "?"
				continue
			}
			h.defs[name] = append(h.defs[name], def{file: file, expr: strings.TrimSpace(expr), implicit: !explicit, prev: prev})
			prev = name
		}
	}
}

// value evaluates name; every definition must agree.
func (h *headerSet) value(name string) (int64, error) {
	if v, ok := h.memo[name]; ok {
		return v, nil
	}
	switch h.state[name] {
	case 1:
		return 0, fmt.Errorf("%s is defined in terms of itself", name)
	case 2:
		return 0, fmt.Errorf("%s cannot be evaluated", name)
	}
	defs := h.defs[name]
	if len(defs) == 0 {
		return 0, fmt.Errorf("%s is not defined", name)
	}
	h.state[name] = 1
	var v int64
	var err error
	for i, d := range defs {
		var w int64
		w, err = h.eval(d)
		if err != nil {
			break
		}
		if i > 0 && w != v {
			err = fmt.Errorf("%s has two values: %d and %d (%s)", name, v, w, d.file)
			break
		}
		v = w
	}
	if err != nil {
		h.state[name] = 2
		return 0, err
	}
	delete(h.state, name)
	h.memo[name] = v
	return v, nil
}

func (h *headerSet) eval(d def) (int64, error) {
	if d.implicit {
		if d.prev == "" {
			return 0, nil
		}
		v, err := h.value(d.prev)
		return v + 1, err
	}
	p := &exprParser{h: h}
	if err := p.tokenize(d.expr); err != nil {
		return 0, err
	}
	v, err := p.parse(0)
	if err != nil {
		return 0, err
	}
	if p.i != len(p.toks) {
		return 0, fmt.Errorf("cannot evaluate %q", d.expr)
	}
	return v, nil
}

// exprParser evaluates the integer constant expressions of UAPI headers:
// literals (with U/L suffixes), names, parentheses, unary - + ! and the
// binary arithmetic, shift and bitwise operators, and the _BITUL(n),
// _BITULL(n), _UL(n) and _ULL(n) macros of linux/const.h. Anything else
// (casts, sizeof, ~ whose result depends on the C type) is an error.
type exprParser struct {
	h    *headerSet
	toks []string
	i    int
}

var tokenRE = regexp.MustCompile(`\s*(0[xX][0-9a-fA-F]+[uUlL]*|[0-9]+[uUlL]*|[A-Za-z_][A-Za-z0-9_]*|<<|>>|[-+*/%|&^()!~])`)

func (p *exprParser) tokenize(s string) error {
	s = strings.TrimSpace(s)
	for len(s) > 0 {
		m := tokenRE.FindStringSubmatchIndex(s)
		if m == nil || m[0] != 0 {
			return fmt.Errorf("cannot evaluate %q", s)
		}
		p.toks = append(p.toks, s[m[2]:m[3]])
		s = strings.TrimSpace(s[m[1]:])
	}
	return nil
}

var binaryPrec = map[string]int{
	"|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
}

func (p *exprParser) parse(minPrec int) (int64, error) {
	x, err := p.unary()
	if err != nil {
		return 0, err
	}
	for p.i < len(p.toks) {
		op := p.toks[p.i]
		prec, ok := binaryPrec[op]
		if !ok || prec <= minPrec {
			break
		}
		p.i++
		y, err := p.parse(prec)
		if err != nil {
			return 0, err
		}
		switch op {
		case "|":
			x |= y
		case "^":
			x ^= y
		case "&":
			x &= y
		case "<<":
			x <<= y
		case ">>":
			x >>= y
		case "+":
			x += y
		case "-":
			x -= y
		case "*":
			x *= y
		case "/", "%":
			if y == 0 {
				return 0, errors.New("division by zero")
			}
			if op == "/" {
				x /= y
			} else {
				x %= y
			}
		}
	}
	return x, nil
}

func (p *exprParser) unary() (int64, error) {
	if p.i >= len(p.toks) {
		return 0, errors.New("truncated expression")
	}
	tok := p.toks[p.i]
	p.i++
	switch {
	case tok == "-" || tok == "+" || tok == "!":
		x, err := p.unary()
		switch tok {
		case "-":
			x = -x
		case "!":
			if x == 0 {
				x = 1
			} else {
				x = 0
			}
		}
		return x, err
	case tok == "(":
		x, err := p.parse(0)
		if err != nil {
			return 0, err
		}
		return x, p.expect(")")
	case tok[0] >= '0' && tok[0] <= '9':
		return strconv.ParseInt(strings.TrimRight(tok, "uUlL"), 0, 64)
	case identRE.MatchString(tok):
		switch tok {
		case "_BITUL", "_BITULL", "_UL", "_ULL":
			if err := p.expect("("); err != nil {
				return 0, err
			}
			x, err := p.parse(0)
			if err != nil {
				return 0, err
			}
			if strings.HasPrefix(tok, "_BIT") {
				x = 1 << x
			}
			return x, p.expect(")")
		}
		return p.h.value(tok)
	}
	return 0, fmt.Errorf("cannot evaluate %q", tok)
}

func (p *exprParser) expect(tok string) error {
	if p.i >= len(p.toks) || p.toks[p.i] != tok {
		return fmt.Errorf("want %q", tok)
	}
	p.i++
	return nil
}

// TestHeadersCatchesWrongValue proves TestHeaders fails on a wrong value:
// it checks a copy of the package's constants with one value changed.
func TestHeadersCatchesWrongValue(t *testing.T) {
	h := newHeaderSet()
	h.parse("test.h", `
#define TEST_DEF (1 << 3)
#define TEST_FN(x) ((x) + 1)
#define TEST_SUM (TEST_DEF | TEST_B)
enum {
	TEST_A,
	TEST_B = 5,
	TEST_C, /* a comment, with a comma */
	__TEST_MAX
};
#define TEST_MAX (__TEST_MAX - 1)
#define TEST_BIT _BITUL(4)
`)
	want := map[string]int64{"TEST_DEF": 8, "TEST_SUM": 13, "TEST_A": 0, "TEST_B": 5, "TEST_C": 6, "TEST_MAX": 6, "TEST_BIT": 16}
	for n, w := range want {
		if v, err := h.value(n); err != nil || v != w {
			t.Errorf("%s = %d, %v; want %d", n, v, err, w)
		}
	}
	if _, err := h.value("TEST_FN"); err == nil {
		t.Error("a function-like macro evaluated")
	}
	consts := map[string]constant.Value{}
	for n, w := range want {
		consts[n] = constant.MakeInt64(w)
	}
	consts["TEST_C"] = constant.MakeInt64(7)
	if m := checkHeaders(t, h, consts); len(m) != 1 || !strings.HasPrefix(m[0], "TEST_C = 7") {
		t.Errorf("a wrong TEST_C gave %q, want one mismatch naming it", m)
	}
}
