package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"testing"
)

const kernelDir = "../../../testdata/kernel"

// The requests on disk are exactly what the builders make now, so a
// change to a builder shows up as a stale capture.
func TestRequestsMatchCaptures(t *testing.T) {
	reqs := map[string][]byte{
		"links-req.bin":               linkDumpReq(),
		"addrs-req.bin":               addrDumpReq(),
		"routes-req.bin":              routeDumpReq(afInet, 3),
		"routes6-req.bin":             routeDumpReq(afInet6, 4),
		"routes10k-req.bin":           routeDumpReq(afInet, 5),
		"error-extack-req.bin":        unknownKindReq(10),
		"error-extack-capped-req.bin": unknownKindReq(11),
		"ack-req.bin":                 setLoMTUReq(12),
		"error-offset-req.bin":        shortMTUReq(13),
	}
	for name, want := range reqs {
		got, err := os.ReadFile(kernelDir + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what the tool builds: rerun %s", name, regenerate)
		}
		if int(ne.Uint32(want)) != len(want) {
			t.Errorf("%s: nlmsg_len %d, %d bytes", name, ne.Uint32(want), len(want))
		}
	}
}

func TestErrorCaptures(t *testing.T) {
	tests := []struct {
		name    string
		errno   int32
		flags   uint16
		attr    uint16
		payload string
	}{
		{"error-extack", -95, flagAckTLVs, nlmsgerrAttrMsg, "Unknown device type\x00"},
		{"error-extack-capped", -95, flagAckTLVs | flagCapped, nlmsgerrAttrMsg, "Unknown device type\x00"},
		{"ack", 0, flagCapped, 0, ""},
		// The offset of IFLA_MTU: nlmsghdr (16) + ifinfomsg (16).
		{"error-offset", -34, flagAckTLVs, nlmsgerrAttrOffs, string(u32(32))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := os.ReadFile(kernelDir + "/" + tt.name + ".bin")
			if err != nil {
				t.Fatal(err)
			}
			c := &capture{reply: b}
			if code, ok := c.errorCode(); !ok || code != tt.errno {
				t.Errorf("error %d (%v), want %d", code, ok, tt.errno)
			}
			if f := ne.Uint16(b[6:]); f != tt.flags {
				t.Errorf("flags %#x, want %#x", f, tt.flags)
			}
			if tt.attr != 0 {
				if v, ok := c.extAckAttr(tt.attr); !ok || string(v) != tt.payload {
					t.Errorf("attribute %d = %q (%v), want %q", tt.attr, v, ok, tt.payload)
				}
			}
		})
	}
}

func TestTenK(t *testing.T) {
	f, err := os.Open(kernelDir + "/routes10k.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	// The script's routes plus the two prefix routes of the veth addresses.
	if n := (&capture{reply: b}).countRoutes(rtTableMain); n != tenKRoutes+2 {
		t.Errorf("%d routes in table main, want %d", n, tenKRoutes+2)
	}
	if n := len(tenKScript()); n != tenKRoutes+5 {
		t.Errorf("script has %d lines", n)
	}
}

// The full namespace's requests on disk are what fullDumps builds, with
// the ifindexes ve0 and ve2 get there (4 and 6).
func TestFullRequestsMatchCaptures(t *testing.T) {
	for _, d := range fullDumps(4, 6) {
		got, err := os.ReadFile(kernelDir + "/" + d.name + "-req.bin")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, d.req) {
			t.Errorf("%s-req.bin differs from what the tool builds: rerun %s", d.name, regenerate)
		}
		if int(ne.Uint32(d.req)) != len(d.req) {
			t.Errorf("%s: nlmsg_len %d, %d bytes", d.name, ne.Uint32(d.req), len(d.req))
		}
	}
}
