package main

// Until the fib package lands (issue 21, branch fib), nlroute has no
// driver in the fib workload and its rows are left out.

func newNlrouteFib(*fibNS, *fibTable) (fibDriver, error) { return nil, errFibSkip }

// fibNlrouteRows are the rows nlroute adds to the fib workload: none yet.
func fibNlrouteRows() []string { return nil }
