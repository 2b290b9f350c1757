package testutil

import (
	"testing"
)

// recordTB stands in for a test to see whether a helper skipped or failed
// it. Skip and Fatal stop the helper with runtime.Goexit in real tests;
// here they panic with a marker that the caller recovers.
type recordTB struct {
	testing.TB
	skipped, failed bool
}

type stopped struct{}

func (r *recordTB) Helper()                   {}
func (r *recordTB) Skipf(string, ...any)      { r.skipped = true; panic(stopped{}) }
func (r *recordTB) Fatalf(string, ...any)     { r.failed = true; panic(stopped{}) }
func (r *recordTB) Skip(...any)               { r.skipped = true; panic(stopped{}) }
func (r *recordTB) Fatal(...any)              { r.failed = true; panic(stopped{}) }
func (r *recordTB) Errorf(f string, a ...any) { r.failed = true }

func (r *recordTB) run(f func(tb testing.TB)) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(stopped); !ok {
				panic(v)
			}
		}
	}()
	f(r)
}

func TestRequireRoot(t *testing.T) {
	tests := []struct {
		name        string
		euid        int
		privileged  string // NLTEST_PRIVILEGED
		vmtest      string // VMTEST
		wantSkipped bool
		wantFailed  bool
	}{
		{name: "root", euid: 0},
		{name: "root privileged", euid: 0, privileged: "1"},
		{name: "user", euid: 1000, wantSkipped: true},
		{name: "user privileged", euid: 1000, privileged: "1", wantFailed: true},
		{name: "user vmtest", euid: 1000, vmtest: "1", wantFailed: true},
		{name: "user privileged=0", euid: 1000, privileged: "0", wantSkipped: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NLTEST_PRIVILEGED", tt.privileged)
			t.Setenv("VMTEST", tt.vmtest)
			r := &recordTB{TB: t}
			r.run(func(tb testing.TB) { requireRoot(tb, tt.euid) })
			if r.skipped != tt.wantSkipped || r.failed != tt.wantFailed {
				t.Errorf("skipped=%v failed=%v, want skipped=%v failed=%v",
					r.skipped, r.failed, tt.wantSkipped, tt.wantFailed)
			}
		})
	}
}

func TestSkipMissingFeature(t *testing.T) {
	t.Setenv("NLTEST_PRIVILEGED", "1")
	t.Setenv("NLTEST_SKIPLOG", "") // not a real skip: keep it out of make test's list
	r := &recordTB{TB: t}
	r.run(func(tb testing.TB) { SkipMissingFeature(tb, "dummy links", nil) })
	if !r.skipped || r.failed {
		t.Errorf("skipped=%v failed=%v, want a skip even when privileged", r.skipped, r.failed)
	}
}
