//go:build linux

package sys

import (
	"errors"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// CreateNetNS makes a new network namespace and binds it at dir/name,
// as `ip netns add NAME` does with dir /var/run/netns:
//
//   - dir is created if missing and made a shared mount point (bound
//     onto itself first when it is not a mount point yet), so the
//     binds under it propagate to the mount namespaces that `ip netns
//     exec` and other tools make;
//   - dir/name is created empty (O_EXCL: an existing name is an *Error
//     wrapping EEXIST);
//   - a goroutine locked to a throwaway OS thread calls
//     unshare(CLONE_NEWNET), which gives that thread a fresh namespace,
//     and bind-mounts /proc/thread-self/ns/net onto dir/name. The thread
//     then exits with its goroutine still locked, so the runtime discards
//     it: no other goroutine ever runs in the new namespace, and the
//     caller's thread never changes namespace.
//
// On failure dir/name is removed again. It needs CAP_SYS_ADMIN (EPERM
// otherwise). name is used as is: callers check it.
func CreateNetNS(dir, name string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &Error{Op: "mkdir " + dir, Err: err}
	}
	if err := makeShared(dir); err != nil {
		return err
	}
	path := dir + "/" + name
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0)
	if err != nil {
		return &Error{Op: "create " + path, Err: err}
	}
	unix.Close(fd)
	errc := make(chan error, 1)
	go func() { errc <- bindNewNetNS(path) }()
	if err := <-errc; err != nil {
		unix.Unlink(path)
		return err
	}
	return nil
}

// bindNewNetNS is the body of CreateNetNS's throwaway thread. It never
// unlocks the thread once unshare has run: the thread dies with the
// goroutine.
func bindNewNetNS(path string) error {
	runtime.LockOSThread()
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		// Nothing changed: the thread may be reused.
		runtime.UnlockOSThread()
		return &Error{Op: "unshare CLONE_NEWNET", Err: err}
	}
	if err := unix.Mount("/proc/thread-self/ns/net", path, "none", unix.MS_BIND, ""); err != nil {
		return &Error{Op: "bind mount netns on " + path, Err: err}
	}
	return nil
}

// makeShared makes dir a shared mount point, recursively, binding it
// onto itself first when it is not a mount point (EINVAL), as iproute2
// does for /var/run/netns.
func makeShared(dir string) error {
	err := unix.Mount("", dir, "none", unix.MS_SHARED|unix.MS_REC, "")
	if err == nil {
		return nil
	}
	if !errors.Is(err, unix.EINVAL) {
		return &Error{Op: "make " + dir + " shared", Err: err}
	}
	if err := unix.Mount(dir, dir, "none", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return &Error{Op: "bind " + dir + " onto itself", Err: err}
	}
	if err := unix.Mount("", dir, "none", unix.MS_SHARED|unix.MS_REC, ""); err != nil {
		return &Error{Op: "make " + dir + " shared", Err: err}
	}
	return nil
}

// RemoveNetNS unbinds the namespace bound at path (umount2 with
// MNT_DETACH, as `ip netns del`) and removes the file. The namespace
// lives on while sockets or processes use it. A path that is not bound
// is still removed; a missing one is an *Error wrapping ENOENT.
func RemoveNetNS(path string) error {
	uerr := unix.Unmount(path, unix.MNT_DETACH)
	if err := unix.Unlink(path); err != nil {
		if uerr != nil && !errors.Is(uerr, unix.EINVAL) {
			return &Error{Op: "umount " + path, Err: uerr}
		}
		return &Error{Op: "unlink " + path, Err: err}
	}
	return nil
}

// IsNetNS reports whether path is a bound network namespace: a file
// on the nsfs filesystem. It returns false for anything else, including
// a file that exists but carries no bind.
func IsNetNS(path string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return false
	}
	return st.Type == unix.NSFS_MAGIC
}
