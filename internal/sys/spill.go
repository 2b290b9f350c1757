//go:build linux

package sys

import "golang.org/x/sys/unix"

// MapSpill maps an anonymous private region of size bytes for
// RecvmmsgSpill. The kernel commits its pages only when a datagram is
// written into them, so a large spill region behind every receive buffer
// costs address space, not memory. Release it with UnmapSpill.
func MapSpill(size int) ([]byte, error) {
	b, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_NORESERVE)
	if err != nil {
		return nil, wrap("mmap spill", err)
	}
	return b, nil
}

// ReleaseSpill gives the pages of the used prefix b of a spill region
// back to the kernel (MADV_DONTNEED): they read as zero and cost nothing
// until written again. b must start where its region from MapSpill
// starts (madvise needs a page-aligned start), as the prefix a datagram
// spilled into does.
func ReleaseSpill(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	return wrap("madvise spill", unix.Madvise(b, unix.MADV_DONTNEED))
}

// UnmapSpill unmaps a region from MapSpill.
func UnmapSpill(b []byte) error { return wrap("munmap spill", unix.Munmap(b)) }
