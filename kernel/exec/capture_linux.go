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
	rc, err := w.SyscallConn()
	if err != nil {
		return nil, err
	}
	var dupErr error
	rc.Control(func(wfd uintptr) {
		// Writers of fd 1 and 2 (compiled code, child processes) expect
		// blocking writes; the non-blocking flag is shared through dup.
		if dupErr = syscall.SetNonblock(int(wfd), false); dupErr == nil {
			dupErr = syscall.Dup3(int(wfd), fd, 0)
		}
	})
	if dupErr != nil {
		syscall.Close(saved)
		return nil, dupErr
	}
	return func() {
		syscall.Dup3(saved, fd, 0)
		syscall.Close(saved)
	}, nil
}

const fdCapture = true
