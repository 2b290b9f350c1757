package testutil

import (
	"os"
	"testing"
)

// Privileged reports whether the environment promises root and every
// kernel feature the tests need: NLTEST_PRIVILEGED=1 (CI) or VMTEST=1 (the
// VM harness). There, a test that would skip for want of root fails
// instead, so privileged tests can never silently vanish.
func Privileged() bool {
	return os.Getenv("NLTEST_PRIVILEGED") == "1" || os.Getenv("VMTEST") == "1"
}

// RequireRoot skips tb unless the test runs with effective uid 0. When
// [Privileged] is true it fails tb instead of skipping.
func RequireRoot(tb testing.TB) {
	tb.Helper()
	requireRoot(tb, os.Geteuid())
}

func requireRoot(tb testing.TB, euid int) {
	tb.Helper()
	if euid == 0 {
		return
	}
	if Privileged() {
		tb.Fatalf("testutil: test needs root but runs as uid %d, and NLTEST_PRIVILEGED or VMTEST is set", euid)
	}
	tb.Skipf("testutil: test needs root (runs as uid %d)", euid)
}

// SkipMissingFeature skips tb because the kernel or the system lacks
// feature, naming it (and the error that showed it, when err is non-nil).
// Unlike a missing root, a missing feature is a skip even under
// [Privileged]: machines differ in what their kernels offer.
//
// With NLTEST_SKIPLOG set, the skip is recorded there, so that `make test`
// can say which features this machine did not test.
func SkipMissingFeature(tb testing.TB, feature string, err error) {
	tb.Helper()
	logSkip(tb, feature)
	if err != nil {
		tb.Skipf("testutil: missing feature %s: %v", feature, err)
	}
	tb.Skipf("testutil: missing feature %s", feature)
}
