//go:build !linux

package sys

import (
	"errors"
	"testing"
)

func TestOtherUnsupported(t *testing.T) {
	if _, err := Open(ProtoRoute, Config{}); !errors.Is(err, ErrNotSupported) {
		t.Errorf("Open: %v, want ErrNotSupported", err)
	}
	if err := NetNSPath("/var/run/netns/x").Do(func() error { return nil }); !errors.Is(err, ErrNotSupported) {
		t.Errorf("Do in another namespace: %v, want ErrNotSupported", err)
	}
	ran := false
	if err := (NetNS{}).Do(func() error { ran = true; return nil }); err != nil || !ran {
		t.Errorf("Do in the current namespace: ran %v, %v", ran, err)
	}
}
