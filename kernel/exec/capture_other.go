//go:build !unix

package exec

import "time"

func (p *pipe) run() {
	defer close(p.done)
	buf := make([]byte, 32<<10)
	for {
		n, err := p.r.Read(buf)
		if n > 0 {
			p.mu.Lock()
			p.sink.Write(buf[:n])
			p.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// sync gives the pump a moment: without non-blocking reads there is no
// exact answer.
func (p *pipe) sync() { time.Sleep(2 * time.Millisecond) }
