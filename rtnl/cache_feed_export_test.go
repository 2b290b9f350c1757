package rtnl

// CacheSent returns how many notifications of kind ("resync" for
// resyncs) c has tried to send on Changes, delivered or lost.
func CacheSent(c *Cache, kind string) uint64 {
	if kind == "resync" {
		return c.feed.sent[numKinds].Load()
	}
	return c.feed.sent[kindIndex(kind)].Load()
}
