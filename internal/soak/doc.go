// Package soak holds TestSoak, the bounded -race soak `make test` runs
// in the host lane (go test -race ./...; skipped under -short, as the
// VM lane runs): 32 goroutines on one rtnl.IPRoute mixing dumps,
// iterators and typed writes, with a Monitor and a Cache on it, while
// another process (ip -batch) adds and deletes routes at full speed, all
// in a throwaway namespace. At the end the cache must equal a fresh dump
// and the goroutines and descriptors must be back where they started.
// NLTEST_SOAK sets its length (a Go duration; default 30s). It has no
// code of its own.
package soak
