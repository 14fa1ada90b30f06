package exec

import (
	"io"
	"os"
	"sync"
	"time"
)

// capture routes the process's stdout and stderr into two streams while an
// Interp lives. With fd set (linux) file descriptors 1 and 2 themselves
// point at pipes, so compiled code writing to them and child processes are
// captured; otherwise the os.Stdout and os.Stderr variables are swapped,
// which catches everything that writes through them.
type capture struct {
	pipes   []*pipe
	restore []func()
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

func startCapture(fd bool, out, errs io.Writer) (*capture, error) {
	c := &capture{}
	open := func(target int, sink io.Writer) error {
		r, w, err := os.Pipe()
		if err != nil {
			return err
		}
		if fd {
			restore, err := redirectFD(target, w)
			w.Close() // the descriptor now holds the write end
			if err != nil {
				r.Close()
				return err
			}
			c.restore = append(c.restore, restore)
		} else {
			v := &os.Stdout
			if target == 2 {
				v = &os.Stderr
			}
			prev := *v
			*v = w
			c.restore = append(c.restore, func() { *v = prev; w.Close() })
		}
		p := &pipe{r: r, sink: sink, done: make(chan struct{})}
		c.pipes = append(c.pipes, p)
		go p.run()
		return nil
	}
	if err := open(1, out); err != nil {
		return nil, err
	}
	if err := open(2, errs); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

// sync moves what was written so far into the streams.
func (c *capture) sync() {
	for _, p := range c.pipes {
		p.sync()
	}
}

// stop restores the descriptors or variables and waits (a little) for the
// pumps to see the end of their pipes.
func (c *capture) stop() {
	for i := len(c.restore) - 1; i >= 0; i-- {
		c.restore[i]()
	}
	timeout := time.After(time.Second) // a child process may still hold a write end
	for _, p := range c.pipes {
		select {
		case <-p.done:
		case <-timeout:
		}
		p.r.Close()
	}
}
