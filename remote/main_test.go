package remote

import (
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

// TestMain serves as an agent when started as one (ExampleDial runs this
// binary with NLROUTE_AGENT=1 … agent), and runs the tests otherwise.
func TestMain(m *testing.M) {
	MaybeServe()
	testutil.Main(m)
}
