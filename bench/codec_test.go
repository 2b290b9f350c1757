package bench

import (
	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/wire"
)

// decodeCodec decodes through codec.Msg: one indexing pass per message,
// then O(1) lookups (RawAttr) of the attributes every peer extracts.
func decodeCodec(buf []byte) (r result) {
	var m codec.Msg
	it := wire.NewMessages(buf)
	for it.Next() {
		msg := it.Message()
		if msg.Header.Type != rtmNewRoute {
			continue
		}
		if m.Reset(codec.Route, msg) != nil {
			continue
		}
		r.routes++
		for _, t := range [...]uint16{rtaDst, rtaOif, rtaGateway, rtaPriority, rtaTable} {
			if v, ok := m.RawAttr(t); ok {
				r.attr(t, v.Value)
			}
		}
	}
	return r
}
