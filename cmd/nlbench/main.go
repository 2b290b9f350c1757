// Command nlbench profiles kernel netlink throughput: route installs and
// dumps in a throwaway network namespace, reported as operations per
// second, allocations and syscalls per operation.
//
// It is being built; see the throughput issue. Until then it prints where
// the codec benchmarks are.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "nlbench: not built yet; `make run` runs the codec benchmarks instead")
	os.Exit(2)
}
