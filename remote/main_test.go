package remote

import (
	"os"
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestMain serves as an agent when started as one (ExampleDial runs this
// binary with NLROUTE_AGENT=1 … agent), and runs the tests otherwise. It
// calls MaybeServe only then: MaybeServe also records that the program
// can serve, which would make Dial offer this binary to the tests of the
// ssh bootstrap.
func TestMain(m *testing.M) {
	if os.Getenv("NLROUTE_AGENT") == "1" {
		MaybeServe()
	}
	testutil.Main(m)
}
