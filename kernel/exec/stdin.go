package exec

import (
	"errors"
	"io"
	"sync"
)

// ErrNoInput is what a read of stdin returns when no one can answer it
// (Options.Input is nil).
var ErrNoInput = errors.New("stdin is not available")

// stdinReader is os.Stdin as cells see it: each read that finds nothing
// buffered asks Options.Input for a line, after flushing the output so far
// so that a prompt printed with fmt.Print shows first.
type stdinReader struct {
	in  *Interp
	mu  sync.Mutex
	buf []byte
}

func (r *stdinReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) == 0 {
		ask := r.in.opts.Input
		if ask == nil {
			return 0, io.EOF
		}
		r.in.Flush()
		line, err := ask("", false)
		if err != nil {
			return 0, err
		}
		r.buf = append(r.buf, line...)
		r.buf = append(r.buf, '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}
