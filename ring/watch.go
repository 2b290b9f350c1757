package ring

import "time"

// The watcher: one goroutine per Conn, started the first time a reader
// with a cancellable context receives, and ended by Close. It waits on the
// Done channel of the last such reader's context; when that channel
// closes while a reader of the same channel is receiving, it kicks the
// receive out of the poller by moving the read deadline to the past.
//
// This replaces a context.AfterFunc per request, which allocates (the
// registration and its stop function) on every call. A loop of calls
// under one context costs nothing more than a comparison per receive: the
// watcher keeps waiting on the same channel. A reader with another
// channel records it in c.watched and wakes the watcher (a non-blocking
// send; wakes coalesce, since the watcher reads c.watched itself). The
// watcher holds the last channel until another comes or it closes, which
// keeps that channel, not its context, reachable.
//
// Fields, all guarded by c.mu: c.readerDone is the Done channel of the
// goroutine receiving now (nil for none or an uncancellable context);
// c.watched is the channel the watcher was last told to wait on.

// watchLocked records done as the receiving reader's channel and makes
// sure the watcher waits on it; c.mu is held.
func (c *Conn) watchLocked(done <-chan struct{}) {
	c.readerDone = done
	if done == nil || done == c.watched {
		return
	}
	c.watched = done
	if !c.watching {
		c.watching = true
		go c.watchLoop()
	}
	select {
	case c.watchWake <- struct{}{}:
	default:
	}
}

func (c *Conn) watchLoop() {
	var cur <-chan struct{} // nil blocks: nothing to watch yet
	for {
		select {
		case <-c.watchWake:
			c.mu.Lock()
			cur = c.watched
			c.mu.Unlock()
		case <-cur:
			c.mu.Lock()
			if c.reader != nil && c.readerDone == cur {
				c.kicked = true
				c.t.SetReadDeadline(time.Unix(1, 0))
			}
			if c.watched == cur {
				c.watched = nil
			}
			c.mu.Unlock()
			cur = nil
		case <-c.closed:
			return
		}
	}
}
