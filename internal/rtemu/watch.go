package rtemu

import "os"

// WatchFunc starts a platform's monitor: typically a goroutine that reads
// the platform's change notifications (a BSD routing socket), translates
// them into RTNL messages and hands them to t.Notify, skipping the groups
// t has not joined (t.Joined). It returns once the monitor runs, with
// the function that stops it; stop must not return before the monitor
// has stopped calling t, and is called once. A Transport calls a
// WatchFunc at most once at a time: on its first JoinGroup, and again on
// a later one if it failed.
type WatchFunc func(t *Transport) (stop func(), err error)

// startWatch starts the monitor of Tables.Watch unless it runs already.
func (t *Transport) startWatch() error {
	if t.tab.Watch == nil {
		return nil
	}
	t.watchMu.Lock()
	defer t.watchMu.Unlock()
	// Close marks the transport closed before it takes watchMu: once
	// closed is seen false here, Close's stopWatch comes after this start.
	if t.isClosed() {
		return os.ErrClosed
	}
	if t.stop != nil {
		return nil
	}
	stop, err := t.tab.Watch(t)
	if err != nil {
		return err
	}
	t.stop = stop
	return nil
}

// stopWatch stops the monitor, if one runs, and waits for it.
func (t *Transport) stopWatch() {
	t.watchMu.Lock()
	stop := t.stop
	t.stop = func() {} // never started again: the transport is closed
	t.watchMu.Unlock()
	if stop != nil {
		stop()
	}
}
