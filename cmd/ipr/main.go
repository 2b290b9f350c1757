// Command ipr is nlroute's command line: show, add and delete objects,
// monitor events, print JSON, and serve as the remote agent.
//
// It is being built; see the IPRoute read-side issue.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "ipr: not built yet")
	os.Exit(2)
}
