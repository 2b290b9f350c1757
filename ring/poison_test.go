//go:build nlroute_debug || race

package ring_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/nlroute/nlroute/nltest"
)

// TestPoisonCatchesHeldView holds a view past its step: in debug and race
// builds the released buffer is overwritten, so the stale view shows
// poison instead of plausible old data.
func TestPoisonCatchesHeldView(t *testing.T) {
	c := nltest.Dial(func(req []byte) []nltest.Datagram {
		return nltest.Dump(req, rtmNewLink, 1, false, []byte("first000"), []byte("second00"))
	})
	defer c.Close()
	s := c.Dump(context.Background(), "link dump", request(rtmGetLink, 0, nil))
	defer s.Close()
	if !s.Next() {
		t.Fatal(s.Err())
	}
	held := s.Message().Data // kept past the next step: a bug, on purpose
	if string(held) != "first000" {
		t.Fatalf("first message %q", held)
	}
	if !s.Next() || string(s.Message().Data) != "second00" {
		t.Fatalf("second message: %v", s.Err())
	}
	if !bytes.Equal(held, bytes.Repeat([]byte{0xDB}, len(held))) {
		t.Fatalf("held view after release reads %q, want poison 0xDB", held)
	}
}
