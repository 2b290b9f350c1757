package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nlroute/nlroute/internal/uapi"
	"github.com/nlroute/nlroute/wire"
)

// prefix starts the name of every file this command writes.
const prefix = "capture-"

// maxStream bounds a stream seed: the whole capture up to the last
// message boundary at or below it.
const maxStream = 16 << 10

// The corpus directories of the targets, relative to the repository root.
const (
	dirWire  = "wire/testdata/fuzz/FuzzMessages"
	dirCodec = "codec/testdata/fuzz/FuzzMsgDecode"
	dirTC    = "tc/testdata/fuzz/FuzzDecodeTC"
	dirViews = "rtnl/testdata/fuzz/FuzzViews"
)

// targetDirs lists every directory write owns capture-* files in.
var targetDirs = []string{dirWire, dirCodec, dirTC, dirViews}

// sizeofTcMsg is sizeof(struct tcmsg); sizeofNhMsg of struct nhmsg.
const (
	sizeofTcMsg = 20
	sizeofNhMsg = 8
)

// seeds reads every *.bin capture in kernelDir (in name order; gzipped
// ones are left out) and returns the corpus files, keyed by slash path
// relative to the repository root. A capture that is not a well-formed
// message stream is an error.
func seeds(kernelDir string) (map[string][]byte, error) {
	paths, err := filepath.Glob(filepath.Join(kernelDir, "*.bin"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no captures in %s", kernelDir)
	}
	out := make(map[string][]byte)
	add := func(dir, name string, b []byte) { out[dir+"/"+prefix+name] = corpusFile(b) }
	codecSeen, tcSeen := make(map[string]bool), make(map[string]bool)
	for _, path := range paths { // Glob sorts
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(path), ".bin")
		stream, err := streamPrefix(b, maxStream)
		if err != nil {
			return nil, fmt.Errorf("capture %s: %w", name, err)
		}
		add(dirWire, name, stream)
		if strings.HasSuffix(name, "-req") {
			continue
		}
		if viewed(b) {
			add(dirViews, name, stream)
		}
		it := wire.NewMessages(b)
		for i := 0; it.Next(); i++ {
			m := it.Message()
			id := fmt.Sprintf("%s-%03d", name, i)
			if k := codecKey(m); !codecSeen[k] {
				codecSeen[k] = true
				add(dirCodec, id, m.Raw(b))
			}
			if k, opts, ok := tcOptions(m); ok && !tcSeen[k] {
				tcSeen[k] = true
				add(dirTC, id, opts)
			}
		}
	}
	return out, nil
}

// streamPrefix returns b up to the end (padding included) of its last
// message that ends at or below max, or its first message when that one
// alone is longer.
func streamPrefix(b []byte, max int) ([]byte, error) {
	n := 0
	it := wire.NewMessages(b)
	for it.Next() {
		m := it.Message()
		end := min(m.Offset+wire.Align(int(m.Header.Len)), len(b))
		if end > max && n > 0 {
			return b[:n], nil
		}
		n = end
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("no message")
	}
	return b[:n], nil
}

// viewed reports whether the first message of the stream b is of a type
// the rtnl views read: an RTM_NEW* of the link, addr, route, rule, neigh,
// nexthop or tc family.
func viewed(b []byte) bool {
	h, err := wire.ParseHeader(b)
	if err != nil {
		return false
	}
	switch h.Type {
	case uapi.RTM_NEWLINK, uapi.RTM_NEWADDR, uapi.RTM_NEWROUTE, uapi.RTM_NEWRULE,
		uapi.RTM_NEWNEIGH, uapi.RTM_NEWNEXTHOP, uapi.RTM_NEWQDISC,
		uapi.RTM_NEWTCLASS, uapi.RTM_NEWTFILTER, uapi.RTM_NEWCHAIN:
		return true
	}
	return false
}

// codecKey names what selects codec's tables for m: its type and family,
// and the link kind and slave kind, the encap type or the tc kind. A
// control message is keyed by its type and flags.
func codecKey(m wire.Message) string {
	t := m.Header.Type
	if t < wire.TypeMinType {
		return fmt.Sprintf("%d/%#x", t, uint16(m.Header.Flags))
	}
	family := -1
	if len(m.Data) > 0 {
		family = int(m.Data[0])
	}
	return fmt.Sprintf("%d/%d/%s", t, family, kindOf(m))
}

// kindOf returns the kind attributes of m that pick a nested table, or
// "" for a message that has none.
func kindOf(m wire.Message) string {
	switch t := m.Header.Type; {
	case isLink(t):
		info, _ := attr(m.Data, uapi.SizeofIfInfoMsg, uapi.IFLA_LINKINFO)
		kind, _ := attr(info, 0, uapi.IFLA_INFO_KIND)
		slave, _ := attr(info, 0, uapi.IFLA_INFO_SLAVE_KIND)
		return "kind=" + cstring(kind) + " slave=" + cstring(slave)
	case isRoute(t):
		encap, _ := attr(m.Data, uapi.SizeofRtMsg, uapi.RTA_ENCAP_TYPE)
		return fmt.Sprintf("encap=%x", encap)
	case isNexthop(t):
		encap, _ := attr(m.Data, sizeofNhMsg, uapi.NHA_ENCAP_TYPE)
		return fmt.Sprintf("encap=%x", encap)
	case isTC(t):
		kind, _ := attr(m.Data, sizeofTcMsg, uapi.TCA_KIND)
		return "kind=" + cstring(kind)
	}
	return ""
}

// tcOptions returns the TCA_OPTIONS bytes of a tc message that has
// non-empty ones, keyed by its type and TCA_KIND.
func tcOptions(m wire.Message) (key string, opts []byte, ok bool) {
	if !isTC(m.Header.Type) {
		return "", nil, false
	}
	opts, ok = attr(m.Data, sizeofTcMsg, uapi.TCA_OPTIONS)
	if !ok || len(opts) == 0 {
		return "", nil, false
	}
	kind, _ := attr(m.Data, sizeofTcMsg, uapi.TCA_KIND)
	return fmt.Sprintf("%d/%s", m.Header.Type, cstring(kind)), opts, true
}

// attr returns the value of the first attribute of type typ in the chain
// that starts hdr bytes into b.
func attr(b []byte, hdr int, typ uint16) ([]byte, bool) {
	if len(b) < hdr {
		return nil, false
	}
	it := wire.NewAttrs(b[hdr:])
	for it.Next() {
		if a := it.Attr(); a.Kind() == typ {
			return a.Value, true
		}
	}
	return nil, false
}

// cstring is b up to its first NUL.
func cstring(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\x00")
	return s
}

func isLink(t wire.MsgType) bool { return t >= uapi.RTM_NEWLINK && t <= uapi.RTM_NEWLINK+3 }

func isRoute(t wire.MsgType) bool { return t >= uapi.RTM_NEWROUTE && t <= uapi.RTM_NEWROUTE+3 }

func isNexthop(t wire.MsgType) bool { return t >= uapi.RTM_NEWNEXTHOP && t <= uapi.RTM_NEWNEXTHOP+3 }

// isTC reports whether t is a qdisc, class, filter or chain message.
func isTC(t wire.MsgType) bool {
	return t >= uapi.RTM_NEWQDISC && t <= uapi.RTM_NEWTFILTER+3 ||
		t >= uapi.RTM_NEWCHAIN && t <= uapi.RTM_NEWCHAIN+3
}
