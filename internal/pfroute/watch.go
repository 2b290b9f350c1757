package pfroute

import (
	"errors"
	"fmt"
	"sync/atomic"
	"syscall"

	"github.com/nlroute/nlroute/internal/rtemu"
	"github.com/nlroute/nlroute/wire"
)

// Source is an open routing socket as a watcher reads it. The package
// needs nothing more, so tests feed byte records through a fake; on the
// BSDs it is the socket of sys.OpenRouteSocket.
type Source interface {
	// Read reads the next routing message into p and returns its length:
	// a routing socket returns one message per read(2). A message longer
	// than p may come truncated; the watcher's buffer holds the longest
	// (msglen is 16 bits).
	Read(p []byte) (int, error)

	// Close releases the socket and makes a Read blocked in another
	// goroutine return an error.
	Close() error
}

// OpenFunc opens a routing socket.
type OpenFunc func() (Source, error)

// maxMessage is the longest routing message: msglen is a u_short.
const maxMessage = 1 << 16

// Watch returns the monitor of a transport for the system o (see
// rtemu.WatchFunc): it opens a routing socket with open, and one
// goroutine reads it, translates each message with AppendNotification
// and queues the notification with t.Notify when t joined its group, in
// the order the kernel sent them. Messages that translate to nothing or
// are malformed are skipped.
//
// Read errors matching EINTR or EAGAIN are retried, and so is ENOBUFS,
// the socket's receive buffer overflowed, though the messages it dropped
// are lost without an overrun event (a known gap). Any other read error
// ends the goroutine: no more notifications arrive, the transport's
// requests still work. Stopping closes the socket and waits for the
// goroutine to end. The goroutine allocates its 64 KiB buffer once; a
// notification costs no allocation but the transport's queue growth.
func Watch(o OS, open OpenFunc) rtemu.WatchFunc {
	return func(t *rtemu.Transport) (func(), error) {
		src, err := open()
		if err != nil {
			return nil, fmt.Errorf("pfroute: watch: %w", err)
		}
		w := &watcher{o: o, t: t, src: src, done: make(chan struct{})}
		go w.run()
		return w.stop, nil
	}
}

// watcher is one running monitor.
type watcher struct {
	o        OS
	t        *rtemu.Transport
	src      Source
	done     chan struct{} // closed when run returns
	stopping atomic.Bool
	b        wire.Builder // run's scratch
}

// stop closes the socket, which ends a Read, and waits for run.
func (w *watcher) stop() {
	w.stopping.Store(true)
	w.src.Close()
	<-w.done
}

func (w *watcher) run() {
	defer close(w.done)
	buf := make([]byte, maxMessage)
	for {
		n, err := w.src.Read(buf)
		if err != nil {
			if w.stopping.Load() || !retryable(err) {
				return
			}
			continue
		}
		if w.dispatch(buf[:n]) != nil {
			return // the transport is closed
		}
	}
}

// retryable reports a read error after which the socket still works.
func retryable(err error) bool {
	return errors.Is(err, syscall.EINTR) || errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.ENOBUFS)
}

// dispatch translates the messages of p (one, from a routing socket) and
// notifies the joined groups. It returns the transport's error (closed).
func (w *watcher) dispatch(p []byte) error {
	rs := NewRecords(p)
	for rs.Next() {
		w.b.Reset(w.b.Bytes()[:0])
		n, err := AppendNotification(&w.b, w.o, rs.Record().Bytes, 0)
		if err != nil || n.Type == 0 || w.b.Err() != nil || !w.t.Joined(n.Group) {
			continue
		}
		if err := w.t.Notify(n.Group, w.b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}
