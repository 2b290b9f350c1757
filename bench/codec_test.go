package bench

// decodeCodec is filled in once the codec's Msg view lands.
func decodeCodec(buf []byte) result { return decodeWire(buf) }
