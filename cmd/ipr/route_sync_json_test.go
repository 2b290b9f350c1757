package main

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestRouteSyncJSON: with --json the dry run and the sync print one JSON
// object with the counts and the routes changed; a refused route is in
// failures, with its error, and the exit status is 1 as without --json.
func TestRouteSyncJSON(t *testing.T) {
	ns := syncNS(t)
	file := writeFile(t, "10.1.0.0/24 via 192.0.2.3\n10.2.0.0/24 via 203.0.113.1 dev v0\n10.3.0.0/24 via 192.0.2.4\n")
	decode := func(out string) syncJSON {
		t.Helper()
		var j syncJSON
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatalf("output is not one JSON object: %v\n%s", err, out)
		}
		return j
	}
	j := decode(iprOK(t, "-n", ns.Name, "--json", "route", "sync", "--proto", "200", "--dry-run", file))
	var changes []string
	for _, c := range j.Changes {
		changes = append(changes, c.Op+" "+c.Prefix)
	}
	slices.Sort(changes)
	want := []string{"add 10.2.0.0/24", "add 10.3.0.0/24", "del 10.7.0.0/24", "replace 10.1.0.0/24"}
	if !j.DryRun || j.Added != 2 || j.Replaced != 1 || j.Deleted != 1 || !slices.Equal(changes, want) || j.Foreign == 0 {
		t.Fatalf("dry run: %+v, changes %v, want %v", j, changes, want)
	}
	out, errs, code := ipr(t, "-n", ns.Name, "--json", "route", "sync", "--proto", "200", file)
	j = decode(out)
	if code != exitRuntime || j.DryRun || j.Added != 1 || j.Replaced != 1 || j.Deleted != 1 || j.Failed != 1 ||
		len(j.Failures) != 1 || j.Failures[0].Prefix != "10.2.0.0/24" || j.Failures[0].Error == "" {
		t.Fatalf("sync: exit %d, %+v, stderr %s", code, j, errs)
	}
}
