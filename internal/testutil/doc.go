// Package testutil holds helpers for nlroute's tests: skipping tests that
// need root (and failing them instead under CI), throwaway network
// namespaces driven through iproute2, and a TestMain wrapper that fails a
// test binary which leaks file descriptors or goroutines.
//
// It is imported only from _test.go files. It depends on the standard
// library alone, so any package's tests, internal/sys's included, can use
// it without an import cycle.
package testutil
