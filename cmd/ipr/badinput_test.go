package main

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/nltest"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"
)

// recorder is a scripted fake kernel that records every write request
// (any message that is not a get) and acks it, so a wrong success shows
// as both an exit status of 0 and a recorded write. Gets answer an empty
// dump, or ENODEV for a lookup.
type recorder struct {
	mu     sync.Mutex
	writes []string
}

func (rec *recorder) script(req []byte) []nltest.Datagram {
	h, err := wire.ParseHeader(req)
	if err != nil {
		return nil
	}
	if h.Type >= 16 && h.Type&3 == 2 { // RTM_GET*
		if h.Flags&wire.FlagDump == wire.FlagDump {
			return nltest.Dump(req, wire.MsgType(h.Type-2), 1, false)
		}
		return []nltest.Datagram{{Data: nltest.Error(req, syscall.ENODEV, "no such device")}}
	}
	rec.mu.Lock()
	rec.writes = append(rec.writes, strconv.Itoa(int(h.Type)))
	rec.mu.Unlock()
	return []nltest.Datagram{{Data: nltest.Ack(req)}}
}

func (rec *recorder) take() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	w := rec.writes
	rec.writes = nil
	return w
}

// withRecorder points ipr's dial at a fresh recorder for the test.
func withRecorder(t *testing.T) *recorder {
	rec := &recorder{}
	old := dialIPRoute
	dialIPRoute = func(rtnl.Config) (*rtnl.IPRoute, error) { return rtnl.New(nltest.Dial(rec.script)), nil }
	t.Cleanup(func() { dialIPRoute = old })
	return rec
}

// badCounts are the bad-input table's tallies.
type badCounts struct{ tried, rejected, wrong int }

func (c *badCounts) check(t *testing.T, name, keyword string, err error, code int, writes []string) {
	t.Helper()
	c.tried++
	switch {
	case len(writes) > 0:
		c.wrong++
		t.Errorf("%s: reached the kernel (%v); exit %d, err %v", name, writes, code, err)
	case err == nil || code != exitUsage:
		c.wrong++
		t.Errorf("%s: exit %d, err %v; want exit %d and an error naming %q", name, code, err, exitUsage, keyword)
	case !strings.Contains(err.Error(), `"`+keyword+`"`) && !strings.Contains(err.Error(), `.`+keyword+`"`):
		c.rejected++
		t.Errorf("%s: %v does not name the keyword %q", name, err, keyword)
	default:
		c.rejected++
	}
}

// TestBadInputIPR runs each bad command line through ipr, in process,
// over a recording fake kernel: each must exit 2 with an error naming
// the keyword, and nothing may be written. The counts go to the log.
func TestBadInputIPR(t *testing.T) {
	rec := withRecorder(t)
	var c badCounts
	for _, tt := range badIPRCases {
		args := strings.Fields(tt.args)
		_, stderr, code := ipr(t, args...)
		var err error
		if code != exitOK {
			err = errString(strings.TrimSpace(stderr))
		}
		c.check(t, tt.args, tt.keyword, err, code, rec.take())
	}
	t.Logf("ipr bad inputs: tried %d, rejected before sending %d, wrong successes %d", c.tried, c.rejected, c.wrong)
	if c.tried < 120 {
		t.Errorf("only %d ipr cases", c.tried)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// TestBadInputTyped runs bad typed values through rtnl's typed calls over
// a recording fake: each is a *codec.SpecError naming the field, and
// nothing is written.
func TestBadInputTyped(t *testing.T) {
	rec := &recorder{}
	r := rtnl.New(nltest.Dial(rec.script))
	defer r.Close()
	ctx := context.Background()
	var c badCounts
	for _, tt := range badTypedCases {
		err := tt.call(ctx, r)
		code := exitRuntime
		if err != nil && isUsage(err) {
			code = exitUsage
		}
		c.check(t, tt.name, tt.keyword, err, code, rec.take())
	}
	t.Logf("typed bad inputs: tried %d, rejected before sending %d, wrong successes %d", c.tried, c.rejected, c.wrong)
	if c.tried < 30 {
		t.Errorf("only %d typed cases", c.tried)
	}
}

// TestBadInputKernel runs the same command lines against the kernel, in a
// namespace with a veth pair (indexes 2 and 3): each must
// still exit 2 (refused before sending), and the namespace's addresses,
// routes, rules, neighbours and qdiscs must be as they were.
func TestBadInputKernel(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Run(t, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
	ns.Run(t, "link", "set", "v0", "up")
	snapshot := func() string {
		var b strings.Builder
		for _, args := range [][]string{{"-d", "addr"}, {"route", "show", "table", "all"}, {"-6", "route", "show", "table", "all"},
			{"rule"}, {"-6", "rule"}, {"neigh"}, {"-d", "link"}, {"nexthop"}} {
			out, _ := ns.TryRun(args...)
			b.WriteString(out)
		}
		return b.String()
	}
	before := snapshot()
	var c badCounts
	kernel := 0
	for _, tt := range badIPRCases {
		args := append([]string{"-n", ns.Name}, strings.Fields(tt.args)...)
		_, stderr, code := ipr(t, args...)
		c.tried++
		switch code {
		case exitUsage:
			c.rejected++
		case exitRuntime:
			kernel++
			t.Errorf("%s: refused by the kernel, not before sending: %s", tt.args, stderr)
		default:
			c.wrong++
			t.Errorf("%s: exit %d", tt.args, code)
		}
	}
	t.Logf("ipr bad inputs against the kernel: tried %d, rejected before sending %d, rejected by the kernel %d, wrong successes %d",
		c.tried, c.rejected, kernel, c.wrong)
	if after := snapshot(); after != before {
		t.Errorf("the namespace changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
