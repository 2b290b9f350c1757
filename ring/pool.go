package ring

import "sync"

// pageSize rounds buffer growth. Netlink sizes its dump chunks in pages
// (NLMSG_GOODSIZE is a page less the skb overhead), so rounding the
// buffers to pages wastes nothing the kernel would fill.
const pageSize = 4096

// DefaultBufferSize is the size of each receive buffer when
// Config.BufferSize is 0: 32 KiB plus a page. The kernel fills a dump
// datagram up to max(max_recvmsg_len, NLMSG_GOODSIZE, cb->min_dump_alloc)
// bytes, where max_recvmsg_len (the largest receive buffer this socket
// ever offered) is capped at 32 KiB less the skb overhead, and
// min_dump_alloc exceeds 32 KiB only when a single message does. A buffer
// of this size therefore holds every dump datagram except one that
// carries a single message over 32 KiB (a link with many SR-IOV VFs); see
// the package documentation for what happens then.
const DefaultBufferSize = 32<<10 + pageSize

// DefaultBuffers is the number of buffers one receive step (one recvmmsg)
// fills when Config.Buffers is 0.
const DefaultBuffers = 16

// buffer is one pooled receive buffer and what was received into it.
type buffer struct {
	b  []byte   // the whole buffer; len is its capacity for receiving
	n  int      // bytes stored: min(dg.N, len(b))
	dg Datagram // the datagram's description
}

// data returns the bytes received.
func (b *buffer) data() []byte { return b.b[:b.n] }

// pool hands out receive buffers of at least size bytes and takes them
// back. It is safe for concurrent use. Buffers are allocated only when the
// free list is empty (more datagrams held by consumers than ever before)
// or after growth; once warm, get and put allocate nothing.
type pool struct {
	mu   sync.Mutex
	free []*buffer
	size int
}

func newPool(size, n int) *pool {
	p := &pool{size: size, free: make([]*buffer, 0, 2*n)}
	for range n {
		p.free = append(p.free, &buffer{b: make([]byte, size)})
	}
	return p
}

// get returns a free buffer of at least the pool's current size, growing a
// smaller one it finds on the free list.
func (p *pool) get() *buffer {
	p.mu.Lock()
	size := p.size
	var b *buffer
	if n := len(p.free); n > 0 {
		b = p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
	}
	p.mu.Unlock()
	if b == nil {
		return &buffer{b: make([]byte, size)}
	}
	if len(b.b) < size {
		b.b = make([]byte, size)
	}
	return b
}

// put returns b to the free list. In a debug build (tag nlroute_debug, or
// -race) its received bytes are overwritten with poisonByte first, so a view held
// past its lifetime shows garbage instead of plausible stale data.
func (p *pool) put(b *buffer) {
	if b == nil {
		return
	}
	if poisoning {
		poison(b.b[:b.n])
	}
	b.n = 0
	b.dg = Datagram{}
	p.mu.Lock()
	p.free = append(p.free, b)
	p.mu.Unlock()
}

// grow raises the buffer size so that a datagram of n bytes fits, at least
// doubling it: the kernel's next chunk may hold more than the one that was
// cut, up to its own allocation, and doubling bounds the repeats. Buffers
// are resized lazily, as get hands them out.
func (p *pool) grow(n int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n > p.size {
		p.size = max(2*p.size, n+pageSize-1) &^ (pageSize - 1)
	}
	return p.size
}

// bufferSize returns the current size.
func (p *pool) bufferSize() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.size
}

// putUnused returns a buffer that received nothing: no poisoning needed.
func (p *pool) putUnused(b *buffer) {
	p.mu.Lock()
	p.free = append(p.free, b)
	p.mu.Unlock()
}
