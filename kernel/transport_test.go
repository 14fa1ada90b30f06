package kernel

import (
	"bytes"
	"net"
	"sync"
	"testing"
	"time"
)

// recordConn records each write that reaches the network.
type recordConn struct {
	net.Conn
	mu     sync.Mutex
	writes [][]byte
}

func (r *recordConn) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, append([]byte(nil), p...))
	return len(p), nil
}
func (r *recordConn) Close() error { return nil }

func TestFramedConnWritesWholeMessages(t *testing.T) {
	rec := &recordConn{}
	c := newFramedConn(rec)
	greeting := bytes.Repeat([]byte{0xff}, 64)
	c.Write(greeting[:10])
	c.Write(greeting[10:])
	// A three-frame message written the way zmq4 does: header, body, ...
	c.Write([]byte{0x01, 3})
	c.Write([]byte("abc"))
	c.Write([]byte{0x03, 0, 0, 0, 0, 0, 0, 1, 0}) // long frame, MORE
	c.Write(bytes.Repeat([]byte("x"), 256))
	c.Write([]byte{0x00, 0}) // last frame, empty
	// A command (READY) ends on its own.
	c.Write([]byte{0x04, 2})
	c.Write([]byte("ok"))
	rec.mu.Lock()
	n := len(rec.writes)
	sizes := []int{}
	for _, w := range rec.writes {
		sizes = append(sizes, len(w))
	}
	rec.mu.Unlock()
	if n != 3 || sizes[0] != 64 || sizes[1] != 2+3+9+256+2 || sizes[2] != 4 {
		t.Fatalf("writes %v, want [64 272 4]", sizes)
	}
	// A partial frame is flushed by the timer.
	c.Write([]byte{0x01, 5})
	c.Write([]byte("ab"))
	time.Sleep(20 * time.Millisecond)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.writes) != 4 {
		t.Errorf("partial frame not flushed: %d writes", len(rec.writes))
	}
}
