// Command fuzzseeds writes the committed seed corpora of the byte-stream
// fuzz targets from the golden kernel captures in testdata/kernel, so that
// every kind of message the populated test namespace dumps is a seed of
// every target that reads such bytes, also when the fuzzer runs without
// the captures' directory (in a worker, or on a copy of one package).
//
// Usage, from the repository root, after the captures change:
//
//	go run ./internal/cmd/fuzzseeds
//
// The files are in Go's native corpus format ("go test fuzz v1", then one
// []byte line) under <package>/testdata/fuzz/<target>/, named after the
// capture and, for single messages, the message's index in it:
//
//   - wire FuzzMessages: one per capture, requests included
//     (capture-links-full), the stream cut at the last message boundary
//     at or below 16 KiB;
//   - codec FuzzMsgDecode: one message (capture-links-full-003) per
//     distinct message type, family, link kind, slave kind, encap type and
//     tc kind among the replies;
//   - tc FuzzDecodeTC: the TCA_OPTIONS of one message per distinct tc
//     message type and TCA_KIND;
//   - rtnl FuzzViews: one per reply capture of a family the typed views
//     read (link, addr, route, rule, neigh, nexthop, tc), cut like wire's.
//
// The output is deterministic. Only files named capture-* are written, and
// a capture-* file the captures no longer give is removed; every other
// corpus entry (the regression inputs the fuzzer found) is left alone.
// TestCommittedSeeds fails when the committed files differ from what this
// command writes.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	kernel := flag.String("kernel", filepath.Join("testdata", "kernel"), "directory of the kernel captures")
	root := flag.String("root", ".", "repository root to write the corpora under")
	flag.Parse()
	files, err := seeds(*kernel)
	if err == nil {
		err = write(*root, files)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "fuzzseeds: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("fuzzseeds: %d seed files under %s\n", len(files), *root)
}

// write puts files (slash paths relative to root, as seeds returns them)
// under root, leaving files whose bytes are already right untouched, and
// removes every capture-* file of the target directories that files does
// not hold.
func write(root string, files map[string][]byte) error {
	for _, dir := range targetDirs {
		full := filepath.Join(root, filepath.FromSlash(dir))
		if err := os.MkdirAll(full, 0o755); err != nil {
			return err
		}
		stale, err := ownFiles(full)
		if err != nil {
			return err
		}
		for _, name := range stale {
			if _, ok := files[dir+"/"+name]; !ok {
				if err := os.Remove(filepath.Join(full, name)); err != nil {
					return err
				}
			}
		}
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, files[p]) {
			continue
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ownFiles lists the names of the capture-* files in dir, sorted; a
// missing dir has none.
func ownFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// corpusFile encodes b as a one-argument corpus entry, exactly as the go
// command writes a []byte value.
func corpusFile(b []byte) []byte {
	return fmt.Appendf([]byte("go test fuzz v1\n"), "[]byte(%q)\n", b)
}
