//go:build unix

package exec

import (
	"syscall"
)

// run pumps the pipe whenever it becomes readable, until end of file.
func (p *pipe) run() {
	defer close(p.done)
	rc, err := p.r.SyscallConn()
	if err != nil {
		return
	}
	buf := make([]byte, 32<<10)
	eof := false
	rc.Read(func(fd uintptr) bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		eof = p.readAvailable(int(fd), buf)
		return eof
	})
}

// sync reads whatever the pipe holds right now.
func (p *pipe) sync() {
	rc, err := p.r.SyscallConn()
	if err != nil {
		return
	}
	rc.Control(func(fd uintptr) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.buf == nil {
			p.buf = make([]byte, 32<<10)
		}
		p.readAvailable(int(fd), p.buf)
	})
}

// readAvailable copies everything readable without blocking from the
// (non-blocking) descriptor to the sink; it reports end of file.
func (p *pipe) readAvailable(fd int, buf []byte) (eof bool) {
	for {
		n, err := syscall.Read(fd, buf)
		if n > 0 {
			p.sink.Write(buf[:n])
		}
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return false
		case err != nil || n == 0:
			return true
		}
	}
}
