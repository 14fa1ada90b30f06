package exec

import (
	"io"
	"log"
	"os"
	"sync"
	"time"
)

// capture routes the process's stdout and stderr into two streams while an
// Interp lives. With fd set (linux) file descriptors 1 and 2 themselves
// point at pipes, so compiled code writing to them and child processes are
// captured; otherwise the os.Stdout and os.Stderr variables are swapped,
// which catches everything that writes through them.
//
// A cell may close os.Stdout or os.Stderr (or the descriptor): writes after
// the close, in that cell, fail as they would in a program; sync (at the
// end of every cell, and before a display) then installs a fresh pipe, so
// later output is captured again.
type capture struct {
	fd      bool
	mu      sync.Mutex // streams' pipes, replaced by repair
	streams []*captured
}

// captured is one redirected stream.
type captured struct {
	target  int // 1 or 2
	sink    io.Writer
	p       *pipe   // the live pipe
	old     []*pipe // pipes replaced after a close, closed by stop
	w       *os.File
	restore func()
}

// pipe is one captured stream: the read end of a pipe and where its bytes
// go. A goroutine pumps the pipe as data arrives; sync pumps it on the
// caller's goroutine, under the same lock, so that when sync returns every
// byte written before the call has reached the stream.
type pipe struct {
	r    *os.File
	sink io.Writer
	mu   sync.Mutex
	buf  []byte // sync's read buffer, under mu
	done chan struct{}
}

func stdVar(target int) **os.File {
	if target == 2 {
		return &os.Stderr
	}
	return &os.Stdout
}

func startCapture(fd bool, out, errs io.Writer) (*capture, error) {
	c := &capture{fd: fd}
	for _, s := range []*captured{{target: 1, sink: out}, {target: 2, sink: errs}} {
		if err := c.open(s); err != nil {
			c.stop()
			return nil, err
		}
		c.streams = append(c.streams, s)
	}
	return c, nil
}

// open points s's target at a new pipe and starts its pump.
//
// Only stdout is redirected at the descriptor; stderr is captured through
// the os.Stderr variable and the log package's output, and fd 2 stays the
// process's real stderr. The runtime writes its reports of fatal errors
// (stack overflow, out of memory, an unrecovered panic on a goroutine) to
// fd 2 with every goroutine stopped, the pump included: into a captured
// pipe the report was lost, or the dying process blocked on the full pipe
// and hung forever. On the real stderr it reaches the kernel's log.
func (c *capture) open(s *captured) error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	if c.fd && s.target == 1 {
		restore, err := redirectFD(s.target, w)
		w.Close() // the descriptor now holds the write end
		if err != nil {
			r.Close()
			return err
		}
		s.restore = restore
		// Cells write through a copy of the descriptor: closing os.Stdout
		// then closes the copy, never fd 1 (whose number the next open
		// file would take), and repair makes another copy.
		if f := dupFile(1); f != nil {
			prev := os.Stdout
			os.Stdout, s.w = f, f
			s.restore = func() { os.Stdout = prev; s.w.Close(); restore() }
		}
	} else {
		v := stdVar(s.target)
		prev, prevLog := *v, log.Writer()
		*v, s.w = w, w
		if s.target == 2 {
			log.SetOutput(w)
		}
		s.restore = func() {
			*v = prev
			if s.target == 2 {
				log.SetOutput(prevLog)
			}
			s.w.Close()
		}
	}
	s.p = &pipe{r: r, sink: s.sink, done: make(chan struct{})}
	go s.p.run()
	return nil
}

// isClosed reports whether f was closed (without side effects on an open
// f, unlike Fd).
func isClosed(f *os.File) bool {
	if f == nil {
		return false
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return true
	}
	return rc.Control(func(uintptr) {}) != nil
}

// repair gives a stream whose file a cell closed a fresh one.
func (c *capture) repair() {
	for _, s := range c.streams {
		v := stdVar(s.target)
		if s.w == nil || *v != s.w || !isClosed(*v) {
			continue // open, or a file the cell installed itself: its business
		}
		if c.fd && s.target == 1 {
			// Only the copy was closed; fd 1 still feeds the pipe.
			if f := dupFile(1); f != nil {
				*v, s.w = f, f
			}
			continue
		}
		r, w, err := os.Pipe()
		if err != nil {
			continue
		}
		*v, s.w = w, w
		if s.target == 2 {
			log.SetOutput(w)
		}
		s.renew(r)
	}
}

// renew pumps r from now on; the replaced pipe is closed by stop.
func (s *captured) renew(r *os.File) {
	s.old = append(s.old, s.p)
	s.p = &pipe{r: r, sink: s.sink, done: make(chan struct{})}
	go s.p.run()
}

// sync moves what was written so far into the streams.
func (c *capture) sync() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.repair()
	for _, s := range c.streams {
		s.p.sync()
	}
}

// stop restores the descriptors or variables and waits (a little) for the
// pumps to see the end of their pipes.
func (c *capture) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.streams) - 1; i >= 0; i-- {
		if r := c.streams[i].restore; r != nil {
			r()
		}
	}
	timeout := time.After(time.Second) // a child process may still hold a write end
	for _, s := range c.streams {
		for _, p := range append(s.old, s.p) {
			if p == nil {
				continue
			}
			select {
			case <-p.done:
			case <-timeout:
			}
			p.r.Close()
		}
	}
}

// stdoutWriter writes to whatever os.Stdout is when written to. The
// interpreter prints through it, so that fmt.Println in a cell follows a
// stdout that repair replaced; and, not being an *os.File, it leaves the
// cells' os.Stdout bound to the real variable.
type stdoutWriter struct{}

func (stdoutWriter) Write(p []byte) (int, error) { return osStdout().Write(p) }
