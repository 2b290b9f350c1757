package main

import (
	"bytes"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestGenTable checks the generated table's shape: deterministic from
// the seed, no duplicate, nothing reserved, /24 about 60 % and the
// lengths in the DFZ's order, about 10 % ECMP over 2–4 peers, and
// the spares outside the table.
func TestGenTable(t *testing.T) {
	const n = 50000
	a, b := genTable(n, 500, 7), genTable(n, 500, 7)
	if !slices.Equal(a.routes, b.routes) || !slices.Equal(a.spare, b.spare) {
		t.Fatal("two tables of the same seed differ")
	}
	if c := genTable(n, 500, 8); slices.Equal(a.routes, c.routes) {
		t.Fatal("seeds 7 and 8 made the same table")
	}
	if len(a.routes) != n || len(a.spare) != 500 {
		t.Fatalf("%d routes, %d spares; want %d, 500", len(a.routes), len(a.spare), n)
	}
	seen := map[uint64]bool{}
	lengths := map[int]int{}
	ecmp := 0
	for _, e := range append(slices.Clone(a.routes), a.spare...) {
		p := e.prefix()
		if seen[e.key()] || isReserved(p) || p.Masked() != p {
			t.Fatalf("%v: duplicate %v, reserved %v, or not masked", p, seen[e.key()], isReserved(p))
		}
		seen[e.key()] = true
		lengths[p.Bits()]++
		if s := a.sets[e.set]; len(s) > 1 {
			ecmp++
			if len(s) > 4 || !slices.IsSorted(s) || len(slices.Compact(slices.Clone(s))) != len(s) {
				t.Fatalf("%v: ECMP set %v", p, s)
			}
		}
	}
	if f := float64(lengths[24]) / float64(n+500); f < 0.58 || f > 0.62 {
		t.Errorf("/24s are %.3f of the table, want about 0.60", f)
	}
	order := []int{24, 22, 23, 20, 21, 16, 19, 18, 17}
	for i := 1; i < len(order); i++ {
		if lengths[order[i]] >= lengths[order[i-1]] {
			t.Errorf("/%d (%d) not below /%d (%d)", order[i], lengths[order[i]], order[i-1], lengths[order[i-1]])
		}
	}
	if f := float64(ecmp) / float64(n+500); f < 0.09 || f > 0.11 {
		t.Errorf("ECMP routes are %.3f of the table, want about 0.10", f)
	}
}

// TestFibPlan checks the phases' changes: the churn touches distinct
// prefixes and keeps the table's size, the peer going down leaves no
// route on it and moves only the routes that had it, and the 1 % diff
// is the count it says.
func TestFibPlan(t *testing.T) {
	const n = 30000
	p := newFibPlan(n, 3)
	if len(p.churn) != 10000 || len(p.afterChurn) != n {
		t.Fatalf("churn: %d changes, %d routes after; want 10000, %d", len(p.churn), len(p.afterChurn), n)
	}
	keys := map[uint64]bool{}
	for _, c := range p.churn {
		if keys[c.e.key()] {
			t.Fatalf("churn changes %v twice", c.e.prefix())
		}
		keys[c.e.key()] = true
	}
	had := 0
	for _, e := range p.afterChurn {
		if p.t.hasPeer(e.set, 0) {
			had++
		}
	}
	if len(p.down) != had || had == 0 {
		t.Fatalf("peer down moved %d routes, %d had the peer", len(p.down), had)
	}
	for _, e := range p.afterDn {
		if p.t.hasPeer(e.set, 0) {
			t.Fatalf("%v still on peer 0: set %v", e.prefix(), p.t.sets[e.set])
		}
	}
	before := map[uint64]uint16{}
	for _, e := range p.afterDn {
		before[e.key()] = e.set
	}
	diff := 0
	after := map[uint64]bool{}
	for _, e := range p.diffSet {
		after[e.key()] = true
		if s, ok := before[e.key()]; !ok || !slices.Equal(p.t.sets[s], p.t.sets[e.set]) {
			diff++
		}
	}
	for k := range before {
		if !after[k] {
			diff++
		}
	}
	if diff != p.diffN || p.diffN != n/100 {
		t.Fatalf("the 1%% set differs in %d routes, the plan says %d, want %d", diff, p.diffN, n/100)
	}
}

// TestFibShort runs the fib workload on 2,000 routes with every peer
// that is installed and checks every phase ran, each ending in a dump
// that agrees with the desired set, and a restart on a set 1 % different
// made exactly that diff.
func TestFibShort(t *testing.T) {
	testutil.RequireRoot(t)
	peers := []string{"ip"}
	if _, err := os.Stat(birdBin); err == nil {
		peers = append(peers, "bird")
	}
	if _, err := exec.LookPath("gcc"); err == nil {
		peers = append(peers, "c")
	}
	rep := runReport(t, []string{"fib", "-n", "2000", "--json", "--compare", strings.Join(peers, ",")})
	got := map[string]Result{}
	for _, r := range rep.Results {
		got[r.Workload+" "+r.Tool] = r
		if r.RatePerS <= 0 || r.Seconds <= 0 {
			t.Errorf("%+v", r)
		}
		// The identical restart's figure is the FIB's goal, reported by
		// the benchmark, not held here: a FIB that replaces adopted routes
		// still converges (the dump check passed). The 1 % restart must
		// make exactly the diff.
		switch {
		case r.Workload == "fib/d-restart" && strings.Contains(r.Note, "MISSED"):
			t.Logf("identical restart made changes: %s %s", r.Tool, r.Note)
		case strings.Contains(r.Note, "MISSED"):
			t.Errorf("%s %s: %s", r.Workload, r.Tool, r.Note)
		}
	}
	want := []string{"fib/a-empty ip", "fib/b-churn ip", "fib/c-peerdown ip"}
	for _, p := range peers {
		switch p {
		case "bird":
			want = append(want, "fib/a-empty bird", "fib/b-churn bird", "fib/c-peerdown bird", "fib/d-restart bird", "fib/d-restart-1pct bird")
		case "c":
			want = append(want, "fib/a-slash32 c")
		}
	}
	want = append(want, fibNlrouteRows()...)
	for _, w := range want {
		if _, ok := got[w]; !ok {
			t.Errorf("no %s row in %v", w, slices.Sorted(mapKeys(got)))
		}
	}
	if r := got["fib/b-churn ip"]; r.N != 1000 || r.Lost != 0 {
		t.Errorf("churn on 2000 routes: %+v, want 1000 changes, all notified", r)
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestWriteFibTable checks the table's order (phase, then nlroute before
// its peers), the ratios to BIRD and C of the same phase, and the extras.
func TestWriteFibTable(t *testing.T) {
	ss := []Summary{
		{Workload: "fib/b-churn", Tool: "bird", N: 100, RatePerS: 50},
		{Workload: "fib/b-churn", Tool: "nlroute", N: 100, RatePerS: 200},
		{Workload: "fib/a-slash32", Tool: "c", N: 1000, RatePerS: 1000},
		{Workload: "fib/a-slash32", Tool: "nlroute", N: 1000, RatePerS: 900, Spread: 0.3, Wide: true},
	}
	xs := map[string]fibExtra{"fib/b-churn\x00nlroute": {changes: 100, nexthops: 0, p50: 1500 * time.Microsecond, p99: 2 * time.Millisecond, hasLat: true}}
	var out bytes.Buffer
	writeFibTable(&out, ss, xs)
	var rows [][]string
	for line := range strings.Lines(out.String()) {
		if f := strings.Fields(line); len(f) > 3 && strings.HasPrefix(f[0], "fib/") {
			rows = append(rows, f)
		}
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows:\n%s", len(rows), out.String())
	}
	order := []string{"a-slash32 nlroute", "a-slash32 c", "b-churn nlroute", "b-churn bird"}
	for i, r := range rows {
		if got := strings.TrimPrefix(r[0], "fib/") + " " + r[1]; got != order[i] {
			t.Errorf("row %d is %s, want %s", i, got, order[i])
		}
	}
	// phase tool n runs time per-s spread x-BIRD x-C CPU RSS changes nh p50 p99
	if r := rows[0]; r[4] != "1.111" || r[6] != "30%!" || r[7] != "-" || r[8] != "0.90" {
		t.Errorf("slash32 nlroute row %q: want time 1.111, spread 30%%!, no x-BIRD, x-C 0.90", r)
	}
	if r := rows[2]; r[7] != "4.00" || r[11] != "100" || r[13] != "1.5ms" || r[14] != "2ms" {
		t.Errorf("churn nlroute row %q: want x-BIRD 4.00, 100 changes, p50 1.5ms, p99 2ms", r)
	}
	if r := rows[3]; r[11] != "0" && r[11] != "-" {
		t.Errorf("churn bird row %q: no extras recorded, want - or 0", r)
	}
}
