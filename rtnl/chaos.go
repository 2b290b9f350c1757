package rtnl

import (
	"encoding/binary"
	"syscall"

	"github.com/nlroute/nlroute/wire"
)

// appendErrorReply appends the NLMSG_ERROR the kernel would send to
// refuse the request whose header is req (16 bytes), from the kernel to
// port: errno, the echoed header (NLM_F_CAPPED) and msg as the
// extended-ack text.
func appendErrorReply(dst []byte, req []byte, port uint32, errno syscall.Errno, msg string) []byte {
	seq := binary.NativeEndian.Uint32(req[8:12])
	var b wire.Builder
	b.Reset(dst)
	flags := wire.FlagCapped
	if msg != "" {
		flags |= wire.FlagAckTLVs
	}
	b.Begin(wire.TypeError, flags, seq)
	b.PID(port)
	var fixed [4 + wire.HeaderLen]byte
	binary.NativeEndian.PutUint32(fixed[:4], uint32(-int32(errno)))
	copy(fixed[4:], req[:wire.HeaderLen])
	b.PutFixed(fixed[:])
	if msg != "" {
		b.PutString(wire.ExtAckMsg, msg)
	}
	b.End()
	return b.Bytes()
}
