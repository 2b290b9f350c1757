package pfroute

import (
	"errors"
	"testing"

	"github.com/nlroute/nlroute/wire"
)

func TestMalformed(t *testing.T) {
	link := freebsdIfInfo(1, 0x1, 0x06, 2, 1500, nil)
	tests := []struct {
		name string
		buf  []byte
		want error
	}{
		{"trailing bytes", cat(link, []byte{1, 2}), ErrMalformed},
		{"msglen past the buffer", link[:len(link)-1], ErrMalformed},
		{"msglen below the preamble", []byte{2, 0, 5, 0x0e}, ErrMalformed},
		{"short header", record(le16(0), []byte{5, 0x0e}, zeros(20)), ErrMalformed},
		{"version 4", record(le16(0), []byte{4, 0x0e}, zeros(200)), ErrVersion},
		{"sockaddr past the record", freebsdIfInfo(1, 0x1, 0x06, 2, 1500, []byte{40, 18, 1, 0}), ErrMalformed},
		{"if_data length past the record", record(le16(0), []byte{5, 0x0e}, zeros(18), le16(400), zeros(150)), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b wire.Builder
			err := AppendLinks(&b, FreeBSD, tt.buf, 1)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestOpenBSDHeaderLength(t *testing.T) {
	// rtm_hdrlen shorter than the fields read, then past the record.
	for _, hl := range []uint16{20, 400} {
		msg := openbsdRtMsg(1, 0, 0, 0)
		msg[4], msg[5] = byte(hl), byte(hl>>8)
		if _, err := ParseRoute(OpenBSD, msg); !errors.Is(err, ErrMalformed) {
			t.Errorf("hdrlen %d: err = %v, want ErrMalformed", hl, err)
		}
	}
}

func TestUnknownOS(t *testing.T) {
	if _, err := ParseLink(OS(9), freebsdIfList); !errors.Is(err, ErrOS) {
		t.Fatalf("err = %v", err)
	}
}

func TestTranslateAllocs(t *testing.T) {
	buf := make([]byte, 0, 4096)
	var b wire.Builder
	n := testing.AllocsPerRun(100, func() {
		b.Reset(buf)
		_ = AppendRoutes(&b, OpenBSD, openbsdDump, 1)
		_ = AppendNeighbours(&b, Darwin, darwinNeigh, 1)
		_ = AppendAddrs(&b, FreeBSD, freebsdIfList, 1)
		_ = AppendLinks(&b, FreeBSD, freebsdIfList, 1)
	})
	if n != 0 {
		t.Fatalf("%v allocations per dump translation, want 0", n)
	}
}
