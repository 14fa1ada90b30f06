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
	out, err *os.File // read ends
	restore  []func()
	wg       sync.WaitGroup
}

func startCapture(fd bool, out, errs io.Writer) (*capture, error) {
	c := &capture{}
	pipe := func(target int, sink io.Writer) (*os.File, error) {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		if fd {
			restore, err := redirectFD(target, w)
			w.Close() // the descriptor now holds the write end
			if err != nil {
				r.Close()
				return nil, err
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
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			buf := make([]byte, 32<<10)
			for {
				n, err := r.Read(buf)
				if n > 0 {
					sink.Write(buf[:n])
				}
				if err != nil {
					return
				}
			}
		}()
		return r, nil
	}
	var err error
	if c.out, err = pipe(1, out); err != nil {
		return nil, err
	}
	if c.err, err = pipe(2, errs); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

// sync waits until what was written so far has reached the streams.
func (c *capture) sync() {
	drain(c.out, 200*time.Millisecond)
	drain(c.err, 200*time.Millisecond)
	time.Sleep(200 * time.Microsecond) // let the readers append what they just read
}

// stop restores the descriptors or variables and waits (a little) for the
// readers to finish.
func (c *capture) stop() {
	for i := len(c.restore) - 1; i >= 0; i-- {
		c.restore[i]()
	}
	done := make(chan struct{})
	go func() { c.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Second): // a child process still holds a write end
	}
	for _, r := range []*os.File{c.out, c.err} {
		if r != nil {
			r.Close()
		}
	}
}
