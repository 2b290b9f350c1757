package testutil

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// CaptureDir is the directory of the raw kernel captures (testdata/kernel
// at the repository root), found from this file's location so tests in
// any package, and in the bench module, read the same files.
func CaptureDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "kernel")
}

// Capture returns the bytes of the capture called name in CaptureDir,
// gunzipped when the name ends in .gz. A missing capture fails tb: the
// captures are committed, so a missing one is a broken checkout, not a
// reason to skip.
func Capture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(CaptureDir(), name))
	if err != nil {
		tb.Fatalf("testutil: capture: %v", err)
	}
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			tb.Fatalf("testutil: capture %s: %v", name, err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			tb.Fatalf("testutil: capture %s: %v", name, err)
		}
	}
	return b
}
