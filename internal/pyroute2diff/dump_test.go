package pyroute2diff

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/rtnl"
	"github.com/nlroute/nlroute/wire"

	// tc registers the option tables of its kinds with codec, as in ipr.
	_ "github.com/nlroute/nlroute/tc"
)

// python is Debian's interpreter, which python3-pyroute2 installs for
// (a python3 earlier on PATH may be another one, without pyroute2).
const python = "/usr/bin/python3"

// requirePyroute2 skips without Debian's pyroute2, failing instead under
// NLTEST_PRIVILEGED (`make deps` installs it).
func requirePyroute2(t *testing.T) {
	t.Helper()
	out, err := exec.Command(python, "-c", "import pyroute2").CombinedOutput()
	if err == nil {
		return
	}
	msg := "pyroute2 is missing for " + python + " (make deps installs python3-pyroute2): " + string(bytes.TrimSpace(out))
	if testutil.Privileged() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// pyDump runs testdata/dump.py inside ns and returns pyroute2's dicts.
func pyDump(t *testing.T, ns *testutil.NetNS) []map[string]any {
	t.Helper()
	script, err := filepath.Abs("testdata/dump.py")
	if err != nil {
		t.Fatal(err)
	}
	out := ns.Exec(t, python, script)
	var d struct{ Messages []map[string]any }
	dec := json.NewDecoder(bytes.NewReader([]byte(out)))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("pyroute2 dump: %v", err)
	}
	return d.Messages
}

// dumpReq is one dump request; both sides send the same list.
type dumpReq struct {
	op     string
	typ    wire.MsgType
	schema *codec.Schema
	spec   rtnl.Spec
}

// ourDump sends the requests dump.py sends, through rtnl's generic
// Request, and renders every answer with AppendJSON (what `ipr --json`
// prints).
func ourDump(t *testing.T, ns *testutil.NetNS) []map[string]any {
	t.Helper()
	ipr, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path})
	if err != nil {
		t.Fatal(err)
	}
	defer ipr.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var msgs []*codec.Msg
	do := func(r dumpReq) []*codec.Msg {
		ms, err := ipr.Request(ctx, r.op, r.typ, wire.FlagDump, r.schema, r.spec)
		if err != nil {
			t.Fatalf("%s: %v", r.op, err)
		}
		msgs = append(msgs, ms...)
		return ms
	}
	do(dumpReq{"link dump", uapi.RTM_GETLINK, codec.Link, rtnl.Spec{"family": uapi.AF_UNSPEC}})
	do(dumpReq{"brport dump", uapi.RTM_GETLINK, codec.Link, rtnl.Spec{"family": uapi.AF_BRIDGE}})
	for _, fam := range []int{uapi.AF_INET, uapi.AF_INET6} {
		do(dumpReq{"addr dump", uapi.RTM_GETADDR, codec.Addr, rtnl.Spec{"family": fam}})
		do(dumpReq{"route dump", uapi.RTM_GETROUTE, codec.Route, rtnl.Spec{"family": fam}})
		do(dumpReq{"rule dump", uapi.RTM_GETRULE, codec.Rule, rtnl.Spec{"family": fam}})
		do(dumpReq{"neigh dump", uapi.RTM_GETNEIGH, codec.Neigh, rtnl.Spec{"family": fam}})
	}
	do(dumpReq{"fdb dump", uapi.RTM_GETNEIGH, codec.Neigh, rtnl.Spec{"family": uapi.AF_BRIDGE}})
	qdiscs := do(dumpReq{"qdisc dump", uapi.RTM_GETQDISC, codec.TC, rtnl.Spec{}})
	parents := map[int]map[uint32]bool{}
	var order []int
	for _, q := range qdiscs {
		idx := int(field(t, q, "index"))
		if parents[idx] == nil {
			parents[idx] = map[uint32]bool{}
			order = append(order, idx)
		}
		parents[idx][uint32(field(t, q, "handle"))] = true
		if k, _ := q.GetAttr("TCA_KIND"); k.String() == "ingress" || k.String() == "clsact" {
			parents[idx][0xFFFFFFF2] = true
			parents[idx][0xFFFFFFF3] = true
		}
	}
	for _, idx := range order {
		for _, c := range do(dumpReq{"class dump", uapi.RTM_GETTCLASS, codec.TC, rtnl.Spec{"index": idx}}) {
			parents[idx][uint32(field(t, c, "handle"))] = true
		}
		for p := range parents[idx] {
			do(dumpReq{"filter dump", uapi.RTM_GETTFILTER, codec.TC, rtnl.Spec{"index": idx, "parent": p}})
		}
	}
	out := make([]map[string]any, 0, len(msgs))
	var buf []byte
	for _, m := range msgs {
		buf = m.AppendJSON(buf[:0])
		var d map[string]any
		dec := json.NewDecoder(bytes.NewReader(buf))
		dec.UseNumber()
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("AppendJSON gave invalid JSON: %v\n%s", err, buf)
		}
		out = append(out, d)
	}
	return out
}

func field(t *testing.T, m *codec.Msg, name string) uint64 {
	t.Helper()
	v, ok := m.Field(name)
	if !ok {
		t.Fatalf("%s: no field %q", m.Event(), name)
	}
	return v
}

// writeReport writes the differences to $PYROUTE2DIFF_OUT when set.
func writeReport(t *testing.T, ds []diff) {
	p := os.Getenv("PYROUTE2DIFF_OUT")
	if p == "" {
		return
	}
	var b bytes.Buffer
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
