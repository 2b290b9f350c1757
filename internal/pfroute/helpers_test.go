package pfroute

import (
	"bytes"
	"encoding/binary"

	"github.com/nlroute/nlroute/internal/codectest"
)

// Byte-layout helpers for the records in the tests. The records are
// written in the host order of the BSD machine; the tests assume a
// little-endian one (amd64, arm64), as the layouts do.

func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
func zeros(n int) []byte   { return make([]byte, n) }

// cat joins the fields of a record.
func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// record joins the fields of a routing message and patches its first two
// bytes (msglen) with its length, so a test cannot get it wrong.
func record(parts ...[]byte) []byte {
	b := cat(parts...)
	binary.LittleEndian.PutUint16(b, uint16(len(b)))
	return b
}

// The decode-and-compare helpers are shared with the other translator
// package: see internal/codectest.
type decoded = codectest.Decoded

var (
	decodeAll = codectest.DecodeAll
	summary   = codectest.Summary
	checkMsgs = codectest.CheckMsgs
)
