//go:build unix

package kernel

import (
	"os"
	"syscall"
)

// OriginalStderr returns a copy of the process's stderr made before any
// cell output capture, for the kernel's own log. Call it before Run.
func OriginalStderr() *os.File {
	fd, err := syscall.Dup(2)
	if err != nil {
		return os.Stderr
	}
	syscall.CloseOnExec(fd)
	return os.NewFile(uintptr(fd), "/dev/stderr")
}
