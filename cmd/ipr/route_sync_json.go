package main

import (
	"bufio"
	"encoding/json"

	"github.com/nlroute/nlroute/fib"
)

// syncJSON is `ipr --json route sync`'s output: the diff's counts, the
// routes changed (or, with --dry-run, to change) and those that failed.
type syncJSON struct {
	DryRun   bool         `json:"dry_run"`
	Added    int          `json:"added"`
	Replaced int          `json:"replaced"`
	Deleted  int          `json:"deleted"`
	Kept     int          `json:"kept"`
	Failed   int          `json:"failed"`
	Ops      int          `json:"ops"`
	Foreign  int          `json:"foreign"`
	Nexthops string       `json:"nexthops"`
	Changes  []syncChange `json:"changes"`
	Failures []syncChange `json:"failures"`
}

type syncChange struct {
	Op     string `json:"op"`
	Prefix string `json:"prefix"`
	Error  string `json:"error,omitempty"`
}

// writeSyncJSON prints d as one indented JSON object.
func writeSyncJSON(out *bufio.Writer, o syncOpts, d fib.Diff, foreign int, mode fib.NexthopMode) error {
	j := syncJSON{DryRun: o.dryRun, Added: d.Added, Replaced: d.Replaced, Deleted: d.Deleted, Kept: d.Kept,
		Failed: d.Failed, Ops: d.Ops, Foreign: foreign, Nexthops: mode.String(),
		Changes: []syncChange{}, Failures: []syncChange{}}
	for _, c := range d.Changes {
		if c.Err == nil {
			j.Changes = append(j.Changes, syncChange{Op: c.Op.String(), Prefix: c.Prefix.String()})
		}
	}
	for _, c := range d.Failures {
		j.Failures = append(j.Failures, syncChange{Op: c.Op.String(), Prefix: c.Prefix.String(), Error: c.Err.Error()})
	}
	b, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	out.Write(b)
	return out.WriteByte('\n')
}
