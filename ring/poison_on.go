//go:build nlroute_debug || race

package ring

// poisoning is on in debug builds (tag nlroute_debug) and race builds:
// released buffers are overwritten so a view held past its step is caught.
const poisoning = true

// poisonByte fills released buffers in debug builds.
const poisonByte = 0xDB

func poison(b []byte) {
	for i := range b {
		b[i] = poisonByte
	}
}
