package wire

import (
	"errors"
	"strconv"
)

// ErrMalformed is matched (with errors.Is) by every error that reports bad
// framing: a truncated header, a length that lies, a value of the wrong size.
var ErrMalformed = errors.New("netlink: malformed message")

// MalformedError says what was wrong and where. Offset counts bytes from the
// start of the buffer that was being iterated.
type MalformedError struct {
	What   string // "message", "attribute", "error payload", ...
	Reason string // "truncated header", "length 3 below header size", ...
	Offset int
}

func (e *MalformedError) Error() string {
	return "netlink: malformed " + e.What + " at offset " + strconv.Itoa(e.Offset) + ": " + e.Reason
}

// Is reports whether target is ErrMalformed.
func (e *MalformedError) Is(target error) bool { return target == ErrMalformed }

// Pre-built errors: the iterators report them without allocating.
var (
	errShortHeader = &MalformedError{What: "message", Reason: "truncated header"}
)

func malformed(what, reason string, off int) error {
	return &MalformedError{What: what, Reason: reason, Offset: off}
}
