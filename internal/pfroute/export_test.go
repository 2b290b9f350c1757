package pfroute

// The byte-for-byte sysctl buffers of the internal tests, for the
// transport tests of package pfroute_test (which import rtnl, and rtnl
// imports this package on the BSDs).
var (
	FreeBSDIfList = freebsdIfList
	OpenBSDDump   = openbsdDump
	DarwinIfList  = darwinIfList
	DarwinNeigh   = darwinNeigh
)
