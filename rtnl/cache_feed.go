package rtnl

import (
	"context"
	"sync"
	"sync/atomic"
)

// Lost reports notifications that Changes could not hold because it was
// full: how many, of what. Each lost notification is counted in exactly
// one Lost, delivered as soon as the channel has room (it may arrive
// after changes that followed the losses). The cache's tables hold every
// lost change all the same: a reader that gets a Lost re-reads the kinds
// it names (GetRoutes, RangeRoutes, Snapshot …).
type Lost struct {
	ByKind  map[string]uint64 // lost object notifications per kind ("route": 19253)
	Resyncs uint64            // lost resync notifications
	Total   uint64            // every notification lost: the sum
}

// lossFeed counts the notifications Changes could not hold until a Lost
// delivers them.
type lossFeed struct {
	mu   sync.Mutex
	lost [numKinds + 1]uint64 // by kind; [numKinds]: resyncs
	wake chan struct{}        // capacity 1: a loss waits to be reported
	done chan struct{}        // closed when the reporting goroutine ends
	sent [numKinds + 1]atomic.Uint64
}

// startFeed starts the goroutine that reports losses the applier could
// not report itself (the channel stayed full), until ctx ends.
func (c *Cache) startFeed(ctx context.Context) {
	c.feed.wake, c.feed.done = make(chan struct{}, 1), make(chan struct{})
	if c.notes == nil {
		close(c.feed.done)
		return
	}
	go func() {
		defer close(c.feed.done)
		for {
			select {
			case <-c.feed.wake:
				c.reportLost(ctx.Done())
			case <-ctx.Done():
				return
			}
		}
	}()
}

// changeKind is the index of ch's counter in lossFeed.
func changeKind(ch *Change) int {
	if ch.Resync != nil {
		return int(numKinds)
	}
	return int(kindIndex(ch.Kind))
}

// notify sends ch without blocking: first any loss not yet reported, if
// the channel has room; then ch, or, when the channel is full, it counts
// ch as lost and wakes the reporting goroutine.
func (c *Cache) notify(ch Change) {
	if c.notes == nil {
		return
	}
	k := changeKind(&ch)
	c.feed.sent[k].Add(1)
	c.reportLost(nil)
	select {
	case c.notes <- ch:
		return
	default:
	}
	c.dropped.Add(1)
	c.feed.mu.Lock()
	c.feed.lost[k]++
	c.feed.mu.Unlock()
	c.wakeFeed()
}

func (c *Cache) wakeFeed() {
	select {
	case c.feed.wake <- struct{}{}:
	default:
	}
}

// reportLost sends a Lost with the losses counted so far, if any: it
// waits for room until stop is closed (never with a nil stop, which
// makes it give up at once when the channel is full). Losses it could not
// send are counted again, for a later report.
func (c *Cache) reportLost(stop <-chan struct{}) {
	c.feed.mu.Lock()
	counts := c.feed.lost
	c.feed.lost = [numKinds + 1]uint64{}
	c.feed.mu.Unlock()
	if counts == [numKinds + 1]uint64{} {
		return
	}
	l := &Lost{ByKind: map[string]uint64{}, Resyncs: counts[numKinds]}
	for k, n := range counts {
		if l.Total += n; n > 0 && k < int(numKinds) {
			l.ByKind[cacheKinds[k]] = n
		}
	}
	if stop == nil {
		select {
		case c.notes <- Change{Lost: l}:
			return
		default:
		}
	} else {
		select {
		case c.notes <- Change{Lost: l}:
			return
		case <-stop:
		}
	}
	c.feed.mu.Lock()
	for k, n := range counts {
		c.feed.lost[k] += n
	}
	c.feed.mu.Unlock()
	if stop == nil {
		c.wakeFeed()
	}
}
