// Package apicheck holds tests of the module's exported API as a whole,
// read from the source with go/parser: rules no single package's tests
// can see, such as "no exported mutable state" (issue 19). It has no
// code of its own.
package apicheck
