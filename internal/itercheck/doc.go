// Package itercheck holds a test, run by `go test ./...`, that every
// test of the module reads an iterator's Err() after looping over its
// Next(): a loop that stops at the first error without looking passes on
// a truncated or failed dump. It has no code of its own.
package itercheck
