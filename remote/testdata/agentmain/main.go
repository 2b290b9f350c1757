// Command agentmain is a user program that can serve as the agent
// remote.Dial copies to an ssh far side (remote.MaybeServe first in
// main); ssh_test.go builds it. Run normally, it prints a line and exits.
package main

import (
	"fmt"

	"github.com/nlroute/nlroute/remote"
)

func main() {
	remote.MaybeServe()
	fmt.Println("agentmain: not started as an agent")
}
