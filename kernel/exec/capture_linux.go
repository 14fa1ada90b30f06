package exec

import (
	"os"
	"syscall"
	"time"
	"unsafe"
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
	if err := syscall.Dup3(int(w.Fd()), fd, 0); err != nil {
		syscall.Close(saved)
		return nil, err
	}
	return func() {
		syscall.Dup3(saved, fd, 0)
		syscall.Close(saved)
	}, nil
}

const fdCapture = true

// drain waits (at most limit) until the pipe read end r holds no unread
// bytes, so that everything written before the call has been collected.
func drain(r *os.File, limit time.Duration) {
	rc, err := r.SyscallConn()
	if err != nil {
		return
	}
	deadline := time.Now().Add(limit)
	for {
		var n int32
		rc.Control(func(fd uintptr) {
			if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCINQ, uintptr(unsafe.Pointer(&n))); e != 0 {
				n = 0
			}
		})
		if n == 0 || time.Now().After(deadline) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}
