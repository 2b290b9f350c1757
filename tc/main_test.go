package tc

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// kernel is a throwaway namespace with a veth pair (v0, v1; both up) and
// a connection inside it.
type kernel struct {
	ns  *testutil.NetNS
	c   *rtnl.IPRoute
	idx int // v0's index
}

func newKernel(t *testing.T, features ...string) *kernel {
	t.Helper()
	testutil.RequireRoot(t)
	if len(features) > 0 {
		testutil.RequireKernel(t, features...)
	}
	ns := testutil.NewNetNS(t)
	ns.Batch(t, "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up")
	c, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &kernel{ns: ns, c: c, idx: ns.IfIndex(t, "v0")}
}

// do runs the generic command and fails the test on an error.
func (k *kernel) do(t *testing.T, command, kind string, handle any, spec Spec) {
	t.Helper()
	if err := Do(context.Background(), k.c, command, kind, k.idx, handle, spec); err != nil {
		t.Fatalf("%s %s %v %v: %v", command, kind, handle, spec, err)
	}
}

// tcJSON runs `tc -j -s <args…>` in the namespace and decodes its output.
func (k *kernel) tcJSON(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	out := k.ns.Exec(t, "tc", append([]string{"-j", "-s"}, args...)...)
	var v []map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("tc %v: %v\n%s", args, err, out)
	}
	return v
}

// find returns the first object of list whose key has value want.
func find(t *testing.T, list []map[string]any, key string, want any) map[string]any {
	t.Helper()
	for _, o := range list {
		if o[key] == want {
			return o
		}
	}
	t.Fatalf("no object with %s=%v in %v", key, want, list)
	return nil
}

// opt returns o["options"][name].
func opt(o map[string]any, name string) any {
	m, _ := o["options"].(map[string]any)
	return m[name]
}

// tcText runs `tc -s <obj> show dev v0` and parses each object's first
// line ("class htb 1:10 parent 1:1 prio 1 rate 192Kbit …") into a map:
// "kind", "handle", then keyword → following word ("root" → "root"). It
// is for the objects iproute2 6.1 prints without JSON (htb, hfsc and drr
// classes).
func (k *kernel) tcText(t *testing.T, obj string) []map[string]string {
	t.Helper()
	out := k.ns.Exec(t, "tc", "-s", obj, "show", "dev", "v0")
	var res []map[string]string
	for _, line := range strings.Split(out, "\n") {
		w := strings.Fields(line)
		if len(w) < 3 || w[0] != obj {
			continue
		}
		m := map[string]string{"kind": w[1], "handle": w[2]}
		for i := 3; i < len(w); i++ {
			if w[i] == "root" {
				m["root"] = "root"
				continue
			}
			if i+1 < len(w) {
				m[w[i]] = w[i+1]
				i++
			}
		}
		res = append(res, m)
	}
	return res
}

func findText(t *testing.T, list []map[string]string, handle string) map[string]string {
	t.Helper()
	for _, o := range list {
		if o["handle"] == handle {
			return o
		}
	}
	t.Fatalf("no object %s in %v", handle, list)
	return nil
}
