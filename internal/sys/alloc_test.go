//go:build linux

package sys

import (
	"testing"
)

// The send and receive calls are the engine's hot path: once a socket is
// open they must not allocate. NLMSG_NOOP with NLM_F_ACK makes the kernel
// answer without doing anything, so these run unprivileged in the test's
// own namespace.

func TestSendRecvAllocs(t *testing.T) {
	s := openHere(t)
	req := noop(1)
	buf := make([]byte, 4096)
	bufs := [][]byte{make([]byte, 4096), make([]byte, 4096)}
	out := make([]Datagram, len(bufs))
	tests := []struct {
		name string
		fn   func()
	}{
		{"Sendmsg+Recvmsg", func() {
			if _, err := s.Sendmsg(req, 0); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Recvmsg(buf, 0); err != nil {
				t.Fatal(err)
			}
		}},
		{"Sendto+Recvmmsg", func() {
			if _, err := s.Sendto(req, 0); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Recvmmsg(bufs, out, 0); err != nil {
				t.Fatal(err)
			}
		}},
		{"Recvmsg EAGAIN", func() {
			if _, err := s.Recvmsg(buf, MsgDontwait); err == nil {
				t.Fatal("no EAGAIN")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn() // warm up: Recvmmsg sizes its arrays on first use
			if n := testing.AllocsPerRun(100, tt.fn); n != 0 {
				t.Errorf("%v allocations per run, want 0", n)
			}
		})
	}
}

func BenchmarkNoopRoundTrip(b *testing.B) {
	s := openHere(b)
	req := noop(1)
	buf := make([]byte, 4096)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Sendmsg(req, 0); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Recvmsg(buf, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRecvmmsg(b *testing.B) {
	for _, batch := range []int{1, 8, 64} {
		b.Run(itoa(batch), func(b *testing.B) {
			s := openHere(b)
			s.SetReadBuffer(4<<20, false)
			req := make([]byte, 0, 20*batch)
			for i := range batch {
				req = append(req, noop(uint32(i))...)
			}
			bufs := make([][]byte, batch)
			for i := range bufs {
				bufs[i] = make([]byte, 256)
			}
			out := make([]Datagram, batch)
			b.ReportAllocs()
			for b.Loop() {
				// One datagram of batch NOOPs gets batch acks.
				if _, err := s.Sendmsg(req, 0); err != nil {
					b.Fatal(err)
				}
				for got := 0; got < batch; {
					n, err := s.Recvmmsg(bufs, out, 0)
					if err != nil {
						b.Fatal(err)
					}
					got += n
				}
			}
		})
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
