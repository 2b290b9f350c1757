package sys

import (
	"errors"
	"testing"
)

func TestErrNotSupported(t *testing.T) {
	err := error(&Error{Op: "socket", Err: ErrNotSupported})
	if !errors.Is(err, ErrNotSupported) || !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("%v: does not match ErrNotSupported and errors.ErrUnsupported", err)
	}
}
