package main

import (
	"bufio"
	"encoding/hex"
	"strconv"

	"github.com/nlroute/nlroute/codec"
	"github.com/nlroute/nlroute/internal/uapi"
)

// renderer writes messages in one output format. group starts the
// messages of one object of `ipr dump`; finish ends the output.
type renderer interface {
	group(o *object)
	msg(o *object, m *codec.Msg) error
	finish() error
}

func newRenderer(f format, w *bufio.Writer, dump bool) renderer {
	switch f {
	case formatJSON:
		return &jsonRenderer{w: w, dump: dump}
	case formatRaw:
		return &rawRenderer{w: w}
	}
	return &humanRenderer{w: w, dump: dump}
}

// jsonRenderer prints pyroute2's dict shape: a JSON array of messages,
// or for `ipr dump` an object whose keys are the groups ("links") and
// whose values are arrays. One message per line.
type jsonRenderer struct {
	w      *bufio.Writer
	dump   bool
	groups int // groups begun
	msgs   int // messages in the current array
	buf    []byte
}

func (r *jsonRenderer) group(o *object) {
	if r.groups == 0 {
		r.w.WriteString("{")
	} else {
		r.closeArray()
		r.w.WriteString(",")
	}
	r.groups++
	r.w.WriteString("\n")
	r.w.WriteString(strconv.Quote(o.group))
	r.w.WriteString(": [")
	r.msgs = 0
}

func (r *jsonRenderer) closeArray() {
	if r.msgs > 0 {
		r.w.WriteString("\n")
	}
	r.w.WriteString("]")
}

func (r *jsonRenderer) msg(o *object, m *codec.Msg) error {
	if r.msgs == 0 && !r.dump && r.groups == 0 {
		r.w.WriteString("[")
		r.groups = -1 // the single array of a show has begun
	}
	if r.msgs > 0 {
		r.w.WriteString(",")
	}
	r.w.WriteString("\n")
	r.msgs++
	r.buf = appendMsgJSON(r.buf[:0], m)
	_, err := r.w.Write(r.buf)
	return err
}

func (r *jsonRenderer) finish() error {
	switch {
	case r.dump && r.groups == 0:
		r.w.WriteString("{}\n")
	case r.dump:
		r.closeArray()
		r.w.WriteString("\n}\n")
	case r.groups == 0: // nothing printed
		r.w.WriteString("[]\n")
	default:
		r.closeArray()
		r.w.WriteString("\n")
	}
	return nil
}

// appendMsgJSON appends m as codec renders it, with what pyroute2 adds:
// a link's derived "state" ("up" when IFF_UP is set, else "down").
func appendMsgJSON(dst []byte, m *codec.Msg) []byte {
	start := len(dst)
	dst = m.AppendJSON(dst)
	if m.Schema() != codec.Link || len(dst) == start || dst[len(dst)-1] != '}' {
		return dst
	}
	flags, _ := m.Field("flags")
	state := "down"
	if flags&uapi.IFF_UP != 0 {
		state = "up"
	}
	dst = append(dst[:len(dst)-1], `, "state": "`...)
	dst = append(dst, state...)
	return append(dst, `"}`...)
}

// rawRenderer prints each message, header included, as one line of
// lower-case hex (`xxd -r -p` turns it back into bytes).
type rawRenderer struct {
	w   *bufio.Writer
	buf []byte
	hex []byte
}

func (r *rawRenderer) group(*object) {}

func (r *rawRenderer) msg(_ *object, m *codec.Msg) error {
	r.buf = m.AppendRaw(r.buf[:0])
	r.hex = hex.AppendEncode(r.hex[:0], r.buf)
	r.hex = append(r.hex, '\n')
	_, err := r.w.Write(r.hex)
	return err
}

func (r *rawRenderer) finish() error { return nil }

// humanRenderer prints one line per message, the object's lineFunc's;
// under `ipr dump` each line starts with the object's name.
type humanRenderer struct {
	w     *bufio.Writer
	dump  bool
	names map[int]string
}

func (r *humanRenderer) group(*object) {}

func (r *humanRenderer) msg(o *object, m *codec.Msg) error {
	if r.dump {
		r.w.WriteString(o.name)
		for i := len(o.name); i < 9; i++ {
			r.w.WriteByte(' ')
		}
	}
	r.w.WriteString(o.line(ifNames(r.names), m))
	return r.w.WriteByte('\n')
}

func (r *humanRenderer) finish() error { return nil }
