package pyroute2diff

import (
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// TestPyroute2Diff is the differential test: see the package doc.
// PYROUTE2DIFF_OUT=file writes every difference (allowed or not) there;
// -v logs the counts by decoder.
func TestPyroute2Diff(t *testing.T) {
	testutil.RequireRoot(t)
	requirePyroute2(t)
	ns := testutil.NewNetNS(t)
	start := time.Now()
	kinds := populate(t, ns)
	t.Logf("optional link kinds: %s", strings.Join(kinds, " "))
	filled := time.Now()
	before := ourDump(t, ns)
	py := pyDump(t, ns)
	pyDone := time.Now()
	ours := ourDump(t, ns)
	// Objects the kernel makes or drops meanwhile (a neighbour being
	// resolved for a VXLAN remote …) are in one dump only: compare the
	// objects both of ours have.
	ours, py = stable(before, ours, py)
	t.Logf("filled in %v, pyroute2 dumped in %v, we in %v",
		filled.Sub(start).Round(time.Millisecond), pyDone.Sub(filled).Round(time.Millisecond), time.Since(pyDone).Round(time.Millisecond))
	ds := compareDumps(ours, py)
	writeReport(t, ds)
	allow := loadAllow(t, "testdata/pyroute2-diff-allow.txt")
	var bad, todo []diff
	for _, d := range ds {
		ok := false
		for _, e := range allow {
			if e.allows(d) {
				e.used++
				ok = true
				if strings.HasPrefix(e.reason, "to fix:") {
					todo = append(todo, d)
				}
				break
			}
		}
		if !ok {
			bad = append(bad, d)
		}
	}
	t.Logf("%d objects (ours), %d (pyroute2); %d differences: %d pyroute2's, %d ours still to fix, %d not allowed",
		len(ours), len(py), len(ds), len(ds)-len(todo)-len(bad), len(todo), len(bad))
	t.Log("all differences by decoder:")
	for _, l := range byDecoder(ds) {
		t.Log(l)
	}
	t.Log("ours still to fix, by decoder:")
	for _, l := range byDecoder(todo) {
		t.Log(l)
	}
	for i, d := range bad {
		if i == 60 {
			t.Errorf("… and %d more", len(bad)-i)
			break
		}
		t.Errorf("not allowed: %s", d)
	}
	if len(bad) > 0 {
		t.Log("counts of the differences not allowed, by decoder:")
		for _, l := range byDecoder(bad) {
			t.Log(l)
		}
	}
}

// stable keeps, of ours, the objects whose keys are in before and ours
// alike, and of py all but those in one of them only (an object none of
// our dumps has stays, to be reported).
func stable(before, ours, py []map[string]any) ([]map[string]any, []map[string]any) {
	in := func(ms []map[string]any) map[string]bool {
		k := map[string]bool{}
		for _, m := range ms {
			k[objKey(m)] = true
		}
		return k
	}
	b, o := in(before), in(ours)
	keep := func(ms []map[string]any, none bool) []map[string]any {
		var out []map[string]any
		for _, m := range ms {
			if k := objKey(m); b[k] == o[k] && (b[k] || none) {
				out = append(out, m)
			}
		}
		return out
	}
	return keep(ours, false), keep(py, true)
}
