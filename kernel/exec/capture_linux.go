package exec

import (
	"os"
	"syscall"
)

// redirectFD points file descriptor fd (1 or 2) at w and returns a function
// that restores it. Compiled code that writes to the descriptor directly —
// and child processes, which inherit it — is captured too.
func redirectFD(fd int, w *os.File) (restore func(), err error) {
	saved, err := syscall.Dup(fd)
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(saved)
	if err := reattachFD(fd, w); err != nil {
		syscall.Close(saved)
		return nil, err
	}
	return func() {
		syscall.Dup3(saved, fd, 0)
		syscall.Close(saved)
	}, nil
}

// reattachFD points fd at the pipe's write end w. Writers of the
// descriptor (compiled code, child processes) expect blocking writes; the
// non-blocking flag is shared through dup.
func reattachFD(fd int, w *os.File) error {
	rc, err := w.SyscallConn()
	if err != nil {
		return err
	}
	var dupErr error
	rc.Control(func(wfd uintptr) {
		if dupErr = syscall.SetNonblock(int(wfd), false); dupErr == nil {
			dupErr = syscall.Dup3(int(wfd), fd, 0)
		}
	})
	return dupErr
}

// dupFile is a new *os.File on a copy of fd (nil if it cannot be made).
func dupFile(fd int) *os.File {
	nfd, err := syscall.Dup(fd)
	if err != nil {
		return nil
	}
	syscall.CloseOnExec(nfd)
	return os.NewFile(uintptr(nfd), "/dev/stdout")
}

const fdCapture = true
