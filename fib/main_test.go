package fib_test

import (
	"testing"

	"github.com/nlroute/nlroute/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }
