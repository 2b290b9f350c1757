package bench

import (
	"context"
	"fmt"
	"testing"

	"github.com/nlroute/nlroute/bench/cmnl"
	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/rtnl"
)

// linkDumpSize is the links in the namespace: 2,000 (lo, 999 veth pairs
// and a bridge), 200 under -short.
func linkDumpSize() int {
	if testing.Short() {
		return 200
	}
	return 2000
}

// cLinkRepeat is the dumps per run of the C program: one dump of 2,000
// links takes about 10 ms.
const cLinkRepeat = 5

// BenchmarkVsCLinkDump dumps and decodes every link of a namespace with
// C on libmnl (index, name, MTU of each), ours (rtnl.Links views),
// vishvananda's Handle.LinkList and `ip -o link show`, in one run. All
// four ask for VF details (IFLA_EXT_MASK), as ip does.
func BenchmarkVsCLinkDump(b *testing.B) {
	progs := cPrograms(b)
	n := linkDumpSize()
	b.Run(fmt.Sprint(n), func(b *testing.B) {
		ns := testutil.NewNetNS(b)
		lines := []string{"link add nlbr0 type bridge"}
		for i := range (n - 2) / 2 {
			lines = append(lines, fmt.Sprintf("link add la%d type veth peer name lb%d", i, i))
		}
		ns.Batch(b, lines...)
		key := fmt.Sprintf("link-dump/%d", n)
		b.Run("c-libmnl", func(b *testing.B) {
			measureVsC(b, key, "link", true, func() (sample, error) {
				pr, err := progs.Run(context.Background(), cmnl.LinkDump, "--netns", ns.Path, "--repeat", fmt.Sprint(cLinkRepeat))
				if err != nil {
					return sample{}, err
				}
				if s := cSample(pr); s.n != n*cLinkRepeat {
					return s, fmt.Errorf("C saw %d links in %d dumps, want %d each", s.n, cLinkRepeat, n)
				}
				return cSample(pr), nil
			}, nil)
		})
		b.Run("nlroute-rtnl-Links", func(b *testing.B) {
			run := openRtnlLinks(b, ns)
			linkDumpVsC(b, key, n, run)
		})
		b.Run("vishvananda-LinkList", func(b *testing.B) {
			hd := vishHandle(b, ns)
			var sink uint64
			linkDumpVsC(b, key, n, func() (int, error) {
				ls, err := hd.LinkList()
				for _, l := range ls {
					a := l.Attrs()
					sink += uint64(a.Index) + uint64(len(a.Name)) + uint64(a.MTU)
				}
				return len(ls), err
			})
		})
		b.Run("ip-link-show", func(b *testing.B) {
			quietRSS(b)
			measureVsC(b, key, "link", false, func() (sample, error) {
				return ipShowLines(ns, "-o", "link", "show")
			}, nil)
		})
	})
}

func openRtnlLinks(b *testing.B, ns *testutil.NetNS) func() (int, error) {
	r, err := rtnl.Dial(rtnl.Config{NetNS: ns.Path})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	var sink uint64
	return func() (int, error) {
		n := 0
		it := r.Links(context.Background())
		for it.Next() {
			v := it.View()
			sink += uint64(v.Index()) + uint64(len(v.Name())) + uint64(v.MTU())
			n++
		}
		return n, it.Err()
	}
}

// linkDumpVsC checks one warm dump's count, then measures.
func linkDumpVsC(b *testing.B, key string, want int, run func() (int, error)) {
	if got, err := run(); err != nil || got != want {
		b.Fatalf("saw %d links (%v), want %d", got, err, want)
	}
	measureVsC(b, key, "link", false, func() (sample, error) { return timed(run) }, nil)
}
