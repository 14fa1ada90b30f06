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
func (r *recordConn) Close() error                     { return nil }
func (r *recordConn) SetWriteDeadline(time.Time) error { return nil }
func (r *recordConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (r *recordConn) sizes() (sizes []int, total []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, w := range r.writes {
		sizes = append(sizes, len(w))
		total = append(total, w...)
	}
	return sizes, total
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestGuardedConnWritesWholeMessages(t *testing.T) {
	rec := &recordConn{}
	c := newGuardedConn(rec, defaultLimits, transportLog(t.Context()), nil)
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
	const want = 64 + 2 + 3 + 9 + 256 + 2 + 4
	waitFor(t, "the writes", func() bool { _, b := rec.sizes(); return len(b) == want })
	// Every network write ends at a message boundary (the writer may
	// coalesce whole messages).
	sizes, _ := rec.sizes()
	ends := map[int]bool{64: true, 64 + 272: true, want: true}
	sum := 0
	for _, n := range sizes {
		sum += n
		if !ends[sum] {
			t.Fatalf("writes %v: one ends inside a message", sizes)
		}
	}
	// A partial frame is flushed by the timer.
	c.Write([]byte{0x01, 5})
	c.Write([]byte("ab"))
	waitFor(t, "the partial frame", func() bool { _, b := rec.sizes(); return len(b) == want+4 })
}

func TestFrameScannerBoundsMessages(t *testing.T) {
	long := func(flags byte, n uint64) []byte {
		h := []byte{flags | 0x02, 0, 0, 0, 0, 0, 0, 0, 0}
		for i := 0; i < 8; i++ {
			h[8-i] = byte(n >> (8 * i))
		}
		return h
	}
	for _, tc := range []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"small", []byte{0x00, 5, 'a', 'b', 'c', 'd', 'e'}, true},
		{"at the limit", long(0, 1000-frameOverhead), true},
		{"2^50", long(0x04, 1<<50), false},
		{"2^63+", long(0, 1<<63+5), false},
		{"one frame over", long(0, 1001), false},
		// Frames of one message add up; a new message starts afresh.
		{"frames add up", append(append(long(0x01, 600), make([]byte, 600)...), long(0, 600)...), false},
		{"messages do not", append(append(long(0, 600), make([]byte, 600)...), long(0, 600)...), true},
	} {
		s := frameScanner{}
		_, err := s.scan(tc.in, 1000)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok = %v", tc.name, err, tc.ok)
		}
	}
}

// stuckConn is a peer that never accepts a byte.
type stuckConn struct {
	net.Conn
	mu       sync.Mutex
	deadline time.Time
	closed   chan struct{}
	once     sync.Once
}

func (s *stuckConn) SetWriteDeadline(t time.Time) error {
	s.mu.Lock()
	s.deadline = t
	s.mu.Unlock()
	return nil
}
func (s *stuckConn) Write(p []byte) (int, error) {
	s.mu.Lock()
	d := s.deadline
	s.mu.Unlock()
	select {
	case <-time.After(time.Until(d)):
		return 0, &net.OpError{Op: "write", Err: timeoutErr{}}
	case <-s.closed:
		return 0, net.ErrClosed
	}
}
func (s *stuckConn) Close() error         { s.once.Do(func() { close(s.closed) }); return nil }
func (s *stuckConn) RemoteAddr() net.Addr { return &net.TCPAddr{} }

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// A peer that stops reading holds writes back once it is sendQueue bytes
// behind, and is disconnected after the write stall timeout.
func TestGuardedConnDropsStuckPeer(t *testing.T) {
	lim := defaultLimits
	lim.sendQueue = 1 << 10
	lim.writeStall = 100 * time.Millisecond
	lim.closeFlushWait = 10 * time.Millisecond
	sc := &stuckConn{closed: make(chan struct{})}
	c := newGuardedConn(sc, lim, transportLog(t.Context()), nil)
	c.Write(make([]byte, 64)) // greeting
	msg := append([]byte{0x00, 200}, make([]byte, 200)...)
	start := time.Now()
	var err error
	for i := 0; i < 1000 && err == nil; i++ {
		_, err = c.Write(msg)
		c.mu.Lock()
		if c.queued > lim.sendQueue+len(msg) {
			t.Errorf("%d bytes queued (cap %d)", c.queued, lim.sendQueue)
		}
		c.mu.Unlock()
	}
	if err == nil {
		t.Fatal("writes to a peer that accepts nothing kept succeeding")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("the stuck peer held writes for %v", d)
	}
	select {
	case <-sc.closed:
	case <-time.After(2 * time.Second):
		t.Fatal("a peer that accepts nothing was not disconnected")
	}
}
