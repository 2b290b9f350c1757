package ring

import (
	"encoding/binary"
	"syscall"

	"github.com/nlroute/nlroute/wire"
)

// AppendErrorReply appends to dst the NLMSG_ERROR the kernel would send
// port to refuse the request whose header is req (its first 16 bytes):
// errno, the echoed header (NLM_F_CAPPED) and msg as the extended-ack
// text ("" for none). Transports that stand in for the kernel use it to
// fail a request the way a Conn understands: the chaos wrapper for an
// injected error, a remote transport for the requests in flight when
// its agent dies.
func AppendErrorReply(dst []byte, req []byte, port uint32, errno syscall.Errno, msg string) []byte {
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
