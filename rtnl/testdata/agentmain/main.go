// Command agentmain is a user program that can serve as the agent
// DialSSH copies to a far side (rtnl.MaybeServeAgent first in main);
// remote_ssh_test.go builds it. Run normally, it prints a line and exits.
package main

import (
	"fmt"

	"github.com/nlroute/nlroute/rtnl"
)

func main() {
	rtnl.MaybeServeAgent()
	fmt.Println("agentmain: not started as an agent")
}
