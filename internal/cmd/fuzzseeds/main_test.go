package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const (
	repoRoot  = "../../.."
	kernelDir = "../../../testdata/kernel"
)

// TestCommittedSeeds: the capture-* corpus files in the repository are
// exactly what the command writes from the captures, none missing, none
// extra, so the corpus cannot drift from testdata/kernel.
func TestCommittedSeeds(t *testing.T) {
	files, err := seeds(kernelDir)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := write(tmp, files); err != nil {
		t.Fatal(err)
	}
	const fix = "; run go run ./internal/cmd/fuzzseeds from the repository root"
	for _, dir := range targetDirs {
		want := listOwn(t, filepath.Join(tmp, dir))
		got := listOwn(t, filepath.Join(repoRoot, dir))
		for name, w := range want {
			g, ok := got[name]
			switch {
			case !ok:
				t.Errorf("%s/%s is missing%s", dir, name, fix)
			case !bytes.Equal(g, w):
				t.Errorf("%s/%s differs from the captures%s", dir, name, fix)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s/%s is not made from any capture%s", dir, name, fix)
			}
		}
	}
}

// listOwn reads the capture-* files of dir, by name.
func listOwn(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	names, err := ownFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]byte, len(names))
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	return out
}

// TestSeedsFormat: every file is a one-value []byte corpus entry whose
// value decodes back to a non-empty seed; every target gets seeds, and
// the corpus stays small.
func TestSeedsFormat(t *testing.T) {
	files, err := seeds(kernelDir)
	if err != nil {
		t.Fatal(err)
	}
	perDir := map[string]int{}
	total := 0
	for path, b := range files {
		perDir[filepath.Dir(filepath.FromSlash(path))]++
		total += len(b)
		s, ok := strings.CutPrefix(string(b), "go test fuzz v1\n[]byte(")
		if !ok {
			t.Fatalf("%s: no corpus header: %.40q", path, b)
		}
		s, ok = strings.CutSuffix(s, ")\n")
		if !ok {
			t.Fatalf("%s: not one []byte line", path)
		}
		v, err := strconv.Unquote(s)
		if err != nil || v == "" {
			t.Fatalf("%s: value %v, %d bytes", path, err, len(v))
		}
		if !bytes.Equal(corpusFile([]byte(v)), b) {
			t.Fatalf("%s: does not re-encode to itself", path)
		}
	}
	for _, dir := range targetDirs {
		if perDir[filepath.FromSlash(dir)] == 0 {
			t.Errorf("%s: no seeds", dir)
		}
	}
	if n := perDir[filepath.FromSlash(dirCodec)]; n > 100 {
		t.Errorf("%s: %d seeds, want tens: is the dedup key too fine?", dirCodec, n)
	}
	if total > 1500<<10 {
		t.Errorf("corpus is %d bytes, want under 1.5 MiB", total)
	}
}

// TestStreamPrefix: a stream is cut after the last message that ends at
// or below the bound, padding included, and never to nothing.
func TestStreamPrefix(t *testing.T) {
	msg := func(n int) []byte { // an n-byte message, padded to 4
		b := make([]byte, (n+3)&^3)
		b[0], b[1], b[4] = byte(n), byte(n>>8), 0x10
		return b
	}
	stream := bytes.Join([][]byte{msg(20), msg(18), msg(40)}, nil) // 20 + 20 + 40
	for _, tt := range []struct {
		max, want int
	}{
		{80, 80}, {79, 40}, {40, 40}, {39, 20}, {20, 20}, {10, 20},
	} {
		got, err := streamPrefix(stream, tt.max)
		if err != nil || len(got) != tt.want {
			t.Errorf("streamPrefix(max %d) = %d bytes, %v; want %d", tt.max, len(got), err, tt.want)
		}
	}
	if _, err := streamPrefix([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 100); err == nil {
		t.Error("a malformed stream: no error")
	}
}
