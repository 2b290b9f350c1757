package ring

import "time"

// The watcher: one goroutine per Conn, started the first time a reader
// with a cancellable context receives, and ended by Close. For the time
// of each such receive the reader hands it its context's Done channel
// (watch) and takes it back afterwards (unwatch); when the channel closes
// first, the watcher kicks the reader out of its blocked receive. This
// replaces a context.AfterFunc per request, which allocates (the
// registration and its stop function) on every call.
//
// Readers are serialised by Conn.rtok, so watch and unwatch alternate
// strictly and the watcher pairs them in order; both channels hold one
// value so that a reader never waits for the watcher to be scheduled. A
// kick that lands after its reader finished (its Done closed just as the
// receive returned) hits the next reader at worst, which finds its own
// context alive and reads again.

// watch hands done to the watcher, starting it if needed. It returns
// false when the Conn is closed (the watcher is gone).
func (c *Conn) watch(done <-chan struct{}) bool {
	if !c.watching.Load() && c.watching.CompareAndSwap(false, true) {
		go c.watchLoop()
	}
	select {
	case c.watchCh <- done:
		return true
	case <-c.closed:
		return false
	}
}

// unwatch ends the reader's watch.
func (c *Conn) unwatch() {
	select {
	case c.unwatchCh <- struct{}{}:
	case <-c.closed:
	}
}

func (c *Conn) watchLoop() {
	for {
		var done <-chan struct{}
		select {
		case done = <-c.watchCh:
		case <-c.closed:
			return
		}
		select {
		case <-done:
			c.kickReader()
			select {
			case <-c.unwatchCh:
			case <-c.closed:
				return
			}
		case <-c.unwatchCh:
		case <-c.closed:
			return
		}
	}
}

// kickReader moves the read deadline to the past, if a goroutine is
// receiving, so that its receive returns.
func (c *Conn) kickReader() {
	c.mu.Lock()
	if c.reader != nil {
		c.kicked = true
		c.t.SetReadDeadline(time.Unix(1, 0))
	}
	c.mu.Unlock()
}
