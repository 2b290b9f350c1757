//go:build linux

package sys

import (
	"errors"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// open returns a descriptor for ns and whether the caller must close it.
func (ns NetNS) open() (fd int, owned bool, err error) {
	var path string
	switch ns.kind {
	case nsFD:
		return ns.n, false, nil
	case nsPath:
		path = ns.path
	case nsPID:
		path = "/proc/" + strconv.Itoa(ns.n) + "/ns/net"
	default:
		return -1, false, errors.New("sys: netns: no namespace to open")
	}
	fd, err = unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, false, &Error{Op: "open netns " + path, Err: err}
	}
	return fd, true, nil
}

// Do runs fn with the calling thread's network namespace set to ns, and
// returns fn's error.
//
// For the zero NetNS, fn runs directly in the caller's goroutine. Otherwise
// fn runs in a new goroutine locked to its OS thread: the thread enters ns
// with setns(2), runs fn, and returns to its original namespace. If it
// cannot return, the goroutine exits still locked, so the runtime throws
// that thread away rather than reuse it in the wrong namespace. The caller's
// own thread never changes namespace.
//
// fn must not start goroutines that expect to run inside ns: only fn's own
// thread is switched. Only namespace-bound work belongs in fn, typically
// creating a socket, which stays in ns for its whole life. Entering another
// namespace needs CAP_SYS_ADMIN; without it Do returns an *Error wrapping
// EPERM.
func (ns NetNS) Do(fn func() error) error {
	if ns.kind == nsCurrent {
		return fn()
	}
	target, owned, err := ns.open()
	if err != nil {
		return err
	}
	if owned {
		defer unix.Close(target)
	}
	errc := make(chan error, 1)
	go func() { errc <- doInNetNS(ns, target, fn) }()
	return <-errc
}

// doInNetNS is the body of Do's goroutine. It unlocks the OS thread only
// when the thread is back in its original namespace.
func doInNetNS(ns NetNS, target int, fn func() error) error {
	runtime.LockOSThread()
	orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		runtime.UnlockOSThread()
		return &Error{Op: "open /proc/thread-self/ns/net", Err: err}
	}
	defer unix.Close(orig)
	if err := unix.Setns(target, unix.CLONE_NEWNET); err != nil {
		// A failed setns leaves the thread where it was.
		runtime.UnlockOSThread()
		return &Error{Op: "setns " + ns.String(), Err: err}
	}
	ferr := fn()
	if err := unix.Setns(orig, unix.CLONE_NEWNET); err != nil {
		// Stay locked: the thread dies with this goroutine.
		return errors.Join(ferr, &Error{Op: "setns back from " + ns.String(), Err: err})
	}
	runtime.UnlockOSThread()
	return ferr
}
