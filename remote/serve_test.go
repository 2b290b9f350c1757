//go:build linux

package remote

import (
	"context"
	"encoding/binary"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/wire"
	"golang.org/x/sys/unix"
)

// TestServeInProcess drives Serve over pipes: the hello, a group join
// answered with a result frame, a link dump answered with datagram
// frames from the namespace's socket (ring.OpenSocket), and a frame that
// is not the protocol, which ends Serve with a refusal.
func TestServeInProcess(t *testing.T) {
	ns := testutil.NewNetNS(t)
	ns.Run(t, "link", "add", "srv0", "type", "bridge")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, inR, outW, ServeOptions{NetNS: ns.Name})
		outW.Close()
	}()
	defer inW.Close()
	fr := frameReader{r: outR}
	kind, p, err := fr.next()
	if err != nil {
		t.Fatal(err)
	}
	hello, err := parseHello(kind, p)
	if err != nil || hello.PortID == 0 || hello.MaxSend == 0 || hello.MaxSend > maxAgentFrame {
		t.Fatalf("hello %+v, %v", hello, err)
	}

	if _, err := inW.Write(appendFrame(nil, frameJoin, binary.BigEndian.AppendUint32(nil, unix.RTNLGRP_LINK))); err != nil {
		t.Fatal(err)
	}
	if kind, p, err := fr.next(); err != nil || kind != frameResult || binary.BigEndian.Uint32(p) != 0 {
		t.Fatalf("join: kind %d % x, %v; want a zero result", kind, p, err)
	}

	var b wire.Builder
	b.Reset(nil)
	b.Begin(unix.RTM_GETLINK, wire.FlagRequest|wire.FlagDump, 7)
	b.PutFixed(make([]byte, 16))
	b.End()
	if _, err := inW.Write(appendFrame(nil, frameRequest, b.Bytes())); err != nil {
		t.Fatal(err)
	}
	var names []string
	for dumped := false; !dumped; {
		kind, p, err := fr.next()
		if err != nil || kind != frameDatagram || len(p) < agentDgHeadLen {
			t.Fatalf("dump: kind %d, %d bytes, %v", kind, len(p), err)
		}
		it := wire.NewMessages(p[agentDgHeadLen:])
		for it.Next() {
			m := it.Message()
			if m.Header.Seq != 7 {
				continue // a notification
			}
			switch m.Header.Type {
			case wire.TypeDone:
				dumped = true
			case unix.RTM_NEWLINK:
				attrs := wire.NewAttrs(m.Data[16:])
				for attrs.Next() {
					if a := attrs.Attr(); a.Type == unix.IFLA_IFNAME {
						names = append(names, strings.TrimRight(string(a.Value), "\x00"))
					}
				}
				if err := attrs.Err(); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(strings.Join(names, " "), "srv0") {
		t.Errorf("links dumped through Serve: %v, want srv0 among them", names)
	}

	// A frame of kind 99 is not the protocol.
	if _, err := inW.Write([]byte{0, 0, 0, 0, 99, 0, 0, 0}); err != nil {
		t.Fatal(err)
	}
	for {
		kind, p, err := fr.next()
		if err != nil {
			t.Fatalf("no refused frame: %v", err)
		}
		if kind == frameRefused {
			if !strings.Contains(string(p), "bad frame header") {
				t.Errorf("refusal: %q", p)
			}
			break
		}
	}
	if err := <-done; err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("Serve after garbage: %v, want a refusal", err)
	}
}

// TestRtnlDoesNotImportRemote: the dependency runs one way.
func TestRtnlDoesNotImportRemote(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/nlroute/nlroute/rtnl").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "github.com/nlroute/nlroute/remote" {
			t.Fatal("rtnl imports remote")
		}
	}
}
