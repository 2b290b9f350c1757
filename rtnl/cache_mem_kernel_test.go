package rtnl

import (
	"context"
	"fmt"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
	"github.com/nlroute/nlroute/ring"
	"github.com/nlroute/nlroute/wire"
)

// cacheHeap returns the live heap a new Cache of kinds over r holds,
// and the cache.
func cacheHeap(b *testing.B, r *IPRoute, kinds ...string) (int64, *Cache) {
	before := heapAlloc()
	c, err := NewCache(context.Background(), r, CacheConfig{Kinds: kinds, Notify: -1})
	if err != nil {
		b.Fatal(err)
	}
	return heapAlloc() - before, c
}

// installAll sends the requests enc makes for i in [0, n) as batches.
func installAll(b *testing.B, r *IPRoute, n int, enc func(w *wire.Builder, i int) error) {
	var w wire.Builder
	const chunk = 5000
	for at := 0; at < n; at += chunk {
		w.Reset(make([]byte, 0, chunk*128))
		for i := at; i < min(at+chunk, n); i++ {
			if err := enc(&w, i); err != nil {
				b.Fatal(err)
			}
		}
		if failed, err := r.Conn().Batch(context.Background(), "cache mem", w.Bytes(), nil); err != nil || failed != 0 {
			b.Fatalf("batch: %d failed, %v", failed, err)
		}
	}
}

// BenchmarkCacheMemKernel is BenchmarkCacheMem through the kernel: n
// objects of each shape installed in a new namespace and dumped by
// NewCache; B/object is the heap of that cache less the heap of a cache
// of the same namespace before the install.
//
//	NLTEST_PRIVILEGED=1 go test ./rtnl -run '^$' -bench CacheMemKernel -benchtime 1x
func BenchmarkCacheMemKernel(b *testing.B) {
	for _, sh := range memShapes {
		b.Run(sh.name+"/n=100000", func(b *testing.B) {
			const n = 100_000
			for range b.N {
				r, idx := memNS(b)
				d0, c0 := cacheHeap(b, r, "route")
				c0.Close()
				installAll(b, r, n, func(w *wire.Builder, i int) error {
					rt := sh.route(i)
					rt.Table = 100
					if rt.OIF != 0 {
						rt.OIF = idx
					}
					for h := range rt.Multipath {
						rt.Multipath[h].OIF = idx
					}
					return rt.Encode(w, "add", 0)
				})
				d1, c1 := cacheHeap(b, r, "route")
				if got := c1.Len("route"); got < n {
					b.Fatalf("cache holds %d routes, want %d or more", got, n)
				}
				c1.Close()
				b.ReportMetric(float64(d1-d0)/n, "B/route")
			}
		})
	}
	b.Run("link/n=1000", func(b *testing.B) {
		const n = 1000 // veth pairs (the host kernel may lack dummy)
		for range b.N {
			r, _ := memNS(b)
			d0, c0 := cacheHeap(b, r, "link")
			c0.Close()
			installAll(b, r, n/2, func(w *wire.Builder, i int) error {
				l := Link{Name: fmt.Sprintf("m%d", i), Info: Veth{Peer: Link{Name: fmt.Sprintf("p%d", i)}}}
				return l.Encode(w, "add", 0)
			})
			d1, c1 := cacheHeap(b, r, "link")
			if got := c1.Len("link"); got < n {
				b.Fatalf("cache holds %d links, want %d or more", got, n)
			}
			c1.Close()
			b.ReportMetric(float64(d1-d0)/n, "B/link")
		}
	})
}

// memNS returns a connection to a new namespace with a dummy link up
// (a veth, up with its peer) that routes 192.168.0.0/24 (the gateways of memShapes), and its index.
func memNS(b *testing.B) (*IPRoute, int) {
	ns := testutil.NewNetNS(b)
	ns.Batch(b, "link add gw0 type veth peer name gw1", "link set gw0 up", "link set gw1 up",
		"addr add 192.168.0.9/24 dev gw0")
	r, err := Dial(Config{NetNS: ns.Name, Ring: ring.PipelineConfig(ring.Config{})})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	l, err := r.LinkGet(context.Background(), Link{Name: "gw0"})
	if err != nil {
		b.Fatal(err)
	}
	return r, l.Index()
}
