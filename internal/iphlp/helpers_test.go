package iphlp

import (
	"bytes"
	"encoding/binary"

	"github.com/nlroute/nlroute/internal/codectest"
)

// Byte-layout helpers for the rows in the tests. Windows is little-endian
// on every architecture it runs on.

func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
func zeros(n int) []byte   { return make([]byte, n) }

// cat joins the fields of a record.
func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// The decode-and-compare helpers are shared with the other translator
// package: see internal/codectest.
type decoded = codectest.Decoded

var (
	decodeAll = codectest.DecodeAll
	summary   = codectest.Summary
	checkMsgs = codectest.CheckMsgs
)
