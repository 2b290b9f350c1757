// Package nltest provides a scripted fake transport for unit tests of code
// built on ring.Conn: each expected request is answered with scripted
// replies (acks, errors, multipart dumps, interrupted dumps, overruns)
// through a real Conn, with no kernel involved.
//
// This package is being built; see the engine floor II issue.
package nltest
