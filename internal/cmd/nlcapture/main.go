// Command nlcapture builds throwaway network namespaces, fills them with
// links, addresses, routes, rules, neighbours, FDB entries, nexthops and
// traffic control through iproute2, and writes the kernel's raw
// netlink replies to its requests, as received, to a directory: the golden
// captures the wire and codec tests decode. It also saves each request and
// iproute2's JSON view of the same namespace, and writes README.md there
// describing every file.
//
// Usage, as root, from the repository root:
//
//	go run ./internal/cmd/nlcapture -out testdata/kernel
//
// The namespaces are removed when the tool ends, also on error or
// interrupt. It speaks netlink through internal/sys only.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// regenerate is the command line the README gives for every file.
const regenerate = "go run ./internal/cmd/nlcapture -out testdata/kernel"

func main() {
	out := flag.String("out", "testdata/kernel", "directory to write the captures to")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, *out)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "nlcapture: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dir string) (err error) {
	if os.Geteuid() != 0 {
		return fmt.Errorf("must run as root to create network namespaces (uid %d)", os.Geteuid())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var files []file
	main, err := newNetNS(ctx, fmt.Sprintf("nlcap-%d", os.Getpid()))
	if err != nil {
		return err
	}
	defer func() {
		if derr := main.del(); derr != nil && err == nil {
			err = derr
		}
	}()
	if files, err = captureMain(ctx, main, dir); err != nil {
		return err
	}

	full, err := newNetNS(ctx, fmt.Sprintf("nlcapfull-%d", os.Getpid()))
	if err != nil {
		return err
	}
	defer func() {
		if derr := full.del(); derr != nil && err == nil {
			err = derr
		}
	}()
	peer, err := newNetNS(ctx, fmt.Sprintf("nlcappeer-%d", os.Getpid()))
	if err != nil {
		return err
	}
	defer func() {
		if derr := peer.del(); derr != nil && err == nil {
			err = derr
		}
	}()
	ff, err := captureFull(ctx, full, peer, dir)
	if err != nil {
		return err
	}
	files = append(files, ff...)

	big, err := newNetNS(ctx, fmt.Sprintf("nlcap10k-%d", os.Getpid()))
	if err != nil {
		return err
	}
	defer func() {
		if derr := big.del(); derr != nil && err == nil {
			err = derr
		}
	}()
	f, err := capture10k(ctx, big, dir)
	if err != nil {
		return err
	}
	files = append(files, f...)
	return writeREADME(dir, files)
}
