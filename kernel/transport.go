package kernel

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// The kernel's sockets listen through "trigo-tcp", a tcp transport
// registered with zmq4 that guards the kernel against its peers and
// batches its writes. zmq4 v0.17 trusts the wire: it allocates whatever a
// frame header claims (2^50 bytes panics, 2^40 is a fatal out-of-memory),
// it runs each handshake inside its accept loop (one idle connection
// blocks every later client), and its PUB socket writes to subscribers one
// after the other, queueing without bound (one subscriber that stops
// reading stalls iopub for all and grows the heap). The transport fixes
// these in front of zmq4, without changing it:
//
//   - reads parse the ZMTP frame headers as they pass and close the
//     connection when a message would exceed MaxMessageSize, before zmq4
//     sees the header and allocates;
//   - the listener's Accept hands zmq4 only connections whose peer has
//     already sent its greeting and first command (READY), so zmq4's
//     handshake never waits on the network; an accepted connection gets
//     HandshakeTimeout to get there, and at most maxPendingHandshakes wait
//     at once;
//   - writes go to a per-connection queue drained by its own goroutine,
//     each message in one write (zmq4 writes a frame's header and body
//     separately). A peer that is behind by more than sendQueue bytes
//     holds its writer back until it catches up (a slow client loses
//     nothing), and a peer that accepts no byte for writeStall is
//     disconnected: one subscriber that stops reading delays iopub by
//     at most writeStall, once, and costs at most sendQueue bytes.
const bufferedScheme = "trigo-tcp"

const (
	// MaxMessageSize bounds one incoming ZMTP message (all its frames):
	// a peer that announces more is disconnected. Jupyter messages carry
	// cells, comm data and uploads; 256 MiB is far above what a notebook
	// sends and far below what would exhaust the machine.
	MaxMessageSize = 256 << 20
	// HandshakeTimeout is how long a new connection may take to send its
	// ZMTP greeting and READY command.
	HandshakeTimeout = 10 * time.Second
)

// limits are the transport's bounds; tests shrink them.
type limits struct {
	maxMessage     uint64
	handshake      time.Duration
	writeStall     time.Duration
	sendQueue      int
	pendingConns   int
	closeFlushWait time.Duration
}

var defaultLimits = limits{
	maxMessage:     MaxMessageSize,
	handshake:      HandshakeTimeout,
	writeStall:     10 * time.Second,
	sendQueue:      64 << 20,
	pendingConns:   256,
	closeFlushWait: time.Second,
}

// frameOverhead is what each frame costs beyond its body in zmq4 (a slice
// header and bookkeeping); it is charged against MaxMessageSize so that a
// stream of empty frames cannot grow one message without bound either.
const frameOverhead = 64

var registerOnce sync.Once

// endpoint is conn's address of port, through the guarded transport for
// tcp.
func endpoint(addr string) string {
	registerOnce.Do(func() { _ = zmq4.RegisterTransport(bufferedScheme, guardedTCP{}) })
	if rest, ok := strings.CutPrefix(addr, "tcp://"); ok {
		return bufferedScheme + "://" + rest
	}
	return addr
}

// The transport is registered once for the process; each socket passes its
// kernel's logger through the context it listens with.
type transportLogKey struct{}

func withTransportLog(ctx context.Context, l *log.Logger) context.Context {
	return context.WithValue(ctx, transportLogKey{}, l)
}

func transportLog(ctx context.Context) *log.Logger {
	if l, ok := ctx.Value(transportLogKey{}).(*log.Logger); ok && l != nil {
		return l
	}
	return log.New(io.Discard, "", 0)
}

type guardedTCP struct{}

func (guardedTCP) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return newGuardedConn(c, defaultLimits, transportLog(ctx), nil), nil
}

func (guardedTCP) Listen(ctx context.Context, addr string) (net.Listener, error) {
	return listenGuarded(ctx, addr, defaultLimits)
}

func (guardedTCP) Addr(ep string) (string, error) { return transport.New("tcp").Addr(ep) }

// zmq4Greeting is the greeting zmq4 sends (ZMTP 3.0, NULL mechanism, not
// as-server). The listener sends it ahead of zmq4 so that peers which wait
// for the other side's signature (libzmq does) proceed to send theirs and
// their READY; the conn then swallows zmq4's own copy.
var zmq4Greeting = func() []byte {
	g := make([]byte, zmtpGreeting)
	g[0], g[9], g[10], g[11] = 0xff, 0x7f, 3, 0
	copy(g[12:32], "NULL")
	return g
}()

const zmtpGreeting = 64

// guardedListener accepts in its own goroutine and hands zmq4 connections
// whose handshake can complete without waiting.
type guardedListener struct {
	net.Listener
	lim     limits
	log     *log.Logger
	ready   chan net.Conn
	pending chan struct{} // one token per connection in its handshake
	done    chan struct{}
	once    sync.Once
}

func listenGuarded(ctx context.Context, addr string, lim limits) (*guardedListener, error) {
	nl, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	l := &guardedListener{
		Listener: nl, lim: lim, log: transportLog(ctx),
		ready: make(chan net.Conn), pending: make(chan struct{}, lim.pendingConns), done: make(chan struct{}),
	}
	go l.acceptLoop()
	return l, nil
}

func (l *guardedListener) acceptLoop() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			select {
			case <-l.done:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(10 * time.Millisecond) // e.g. out of file descriptors
			continue
		}
		select {
		case l.pending <- struct{}{}:
			go l.handshake(c)
		default:
			l.log.Printf("%s: %d connections are still in their handshake; refusing %s", l.Addr(), l.lim.pendingConns, c.RemoteAddr())
			c.Close()
		}
	}
}

// handshake sends the greeting and waits until the peer's greeting and
// first frame are buffered, then queues the connection for Accept.
func (l *guardedListener) handshake(nc net.Conn) {
	defer func() { <-l.pending }()
	c := newGuardedConn(nc, l.lim, l.log, zmq4Greeting)
	err := c.preHandshake()
	if err != nil {
		l.log.Printf("%s: dropped connection from %s: %v", l.Addr(), nc.RemoteAddr(), err)
		c.Close()
		return
	}
	select {
	case l.ready <- c:
	case <-l.done:
		c.Close()
	}
}

func (l *guardedListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ready:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *guardedListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// errWire is a protocol violation by the peer. It is a net.Error that is
// not a timeout, which is what makes zmq4 mark its connection closed.
type errWire struct{ msg string }

func (e *errWire) Error() string   { return "zmtp: " + e.msg }
func (e *errWire) Timeout() bool   { return false }
func (e *errWire) Temporary() bool { return false }

// frameScanner follows the ZMTP stream in one direction: the 64-byte
// greeting, then frames (flags, a 1- or 8-byte size, the body).
type frameScanner struct {
	greeting int    // greeting bytes still to pass
	hdr      []byte // a frame header being assembled
	body     uint64 // body bytes of the current frame still to come
	last     bool   // the current frame ends its message
	msgBytes uint64 // bytes the current message has announced so far
}

// header reports whether h (starting with the flags byte) is complete, and
// the frame's size.
func frameHeader(h []byte) (complete bool, size uint64) {
	need := 2
	if h[0]&0x02 != 0 {
		need = 9
	}
	if len(h) < need {
		return false, 0
	}
	if need == 9 {
		return true, binary.BigEndian.Uint64(h[1:9])
	}
	return true, uint64(h[1])
}

// scan advances over p. It reports whether p ends at a message boundary,
// or an error when a message would exceed max bytes (max 0: no bound).
func (s *frameScanner) scan(p []byte, max uint64) (boundary bool, err error) {
	for len(p) > 0 {
		switch {
		case s.greeting > 0:
			k := min(s.greeting, len(p))
			s.greeting -= k
			p = p[k:]
			boundary = s.greeting == 0
		case s.body > 0:
			k := min(s.body, uint64(len(p)))
			s.body -= k
			p = p[k:]
			boundary = s.body == 0 && s.last
		default:
			boundary = false
			s.hdr = append(s.hdr, p[0])
			p = p[1:]
			complete, size := frameHeader(s.hdr)
			if !complete {
				continue
			}
			if max > 0 && (size > max || s.msgBytes+size+frameOverhead > max) {
				return false, &errWire{fmt.Sprintf("a message of more than %d bytes (frame of %d after %d)", max, size, s.msgBytes)}
			}
			s.last = s.hdr[0]&0x01 == 0 // no MORE: the message (or command) ends here
			s.msgBytes += size + frameOverhead
			if s.last {
				s.msgBytes = 0
			}
			s.body = size
			s.hdr = s.hdr[:0]
			boundary = size == 0 && s.last
		}
	}
	return boundary, nil
}

// guardedConn bounds what it reads and queues what it writes, one whole
// ZMTP message per write. A timer sends anything left behind a partial
// message (never expected: it guards against a write pattern the frame
// scanner does not foresee).
type guardedConn struct {
	net.Conn
	lim limits
	log *log.Logger
	r   *bufio.Reader

	in   frameScanner // read side; only zmq4's reader goroutine reads
	rerr error

	mu       sync.Mutex
	wake     *sync.Cond
	out      frameScanner
	swallow  []byte   // zmq4's greeting, already sent by the listener
	pend     []byte   // bytes of the message being written
	queue    [][]byte // whole messages (or timer-flushed pieces) to send
	queued   int      // bytes queued or being written
	closing  bool
	werr     error
	timer    *time.Timer
	closed   sync.Once
	drained  chan struct{} // closed when the writer goroutine ends
	closeErr error
}

func newGuardedConn(c net.Conn, lim limits, lg *log.Logger, presentGreeting []byte) *guardedConn {
	g := &guardedConn{
		Conn: c, lim: lim, log: lg, r: bufio.NewReaderSize(c, 64<<10),
		in:      frameScanner{greeting: zmtpGreeting},
		out:     frameScanner{greeting: zmtpGreeting},
		drained: make(chan struct{}),
	}
	g.wake = sync.NewCond(&g.mu)
	if presentGreeting != nil {
		g.swallow = presentGreeting
		g.out.greeting = 0
		g.queue = [][]byte{presentGreeting}
		g.queued = len(presentGreeting)
	}
	go g.writeLoop()
	return g
}

// preHandshake sends the greeting queued at creation and waits, within the
// handshake timeout, until the peer's greeting and its first frame are
// buffered.
func (c *guardedConn) preHandshake() error {
	if err := c.Conn.SetReadDeadline(time.Now().Add(c.lim.handshake)); err != nil {
		return err
	}
	defer c.Conn.SetReadDeadline(time.Time{})
	if _, err := c.r.Peek(zmtpGreeting); err != nil {
		return fmt.Errorf("no ZMTP greeting (%v allowed): %w", c.lim.handshake, err)
	}
	if b, _ := c.r.Peek(1); b[0] != 0xff {
		return &errWire{"not a ZMTP 3 greeting"}
	}
	n := zmtpGreeting + 2
	for {
		h, err := c.r.Peek(n)
		if err != nil {
			return fmt.Errorf("no READY command (%v allowed): %w", c.lim.handshake, err)
		}
		complete, size := frameHeader(h[zmtpGreeting:])
		if !complete {
			n = zmtpGreeting + 9
			continue
		}
		total := uint64(len(h)) + size
		if total > uint64(c.r.Size()) {
			return &errWire{fmt.Sprintf("a handshake command of %d bytes", size)}
		}
		if _, err := c.r.Peek(int(total)); err != nil {
			return fmt.Errorf("no READY command (%v allowed): %w", c.lim.handshake, err)
		}
		return nil
	}
}

func (c *guardedConn) Read(p []byte) (int, error) {
	if c.rerr != nil {
		return 0, c.rerr
	}
	n, err := c.r.Read(p)
	if n > 0 {
		if _, serr := c.in.scan(p[:n], c.lim.maxMessage); serr != nil {
			// The header that announced too much is withheld: zmq4 never
			// allocates for it.
			c.rerr = serr
			c.log.Printf("dropped connection from %s: %v", c.RemoteAddr(), serr)
			c.Conn.Close()
			return 0, serr
		}
	}
	return n, err
}

func (c *guardedConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.werr != nil {
		return 0, c.werr
	}
	if c.closing {
		return 0, net.ErrClosed
	}
	n := len(p)
	if len(c.swallow) > 0 {
		k := min(len(c.swallow), len(p))
		if !bytes.Equal(p[:k], c.swallow[:k]) {
			c.werr = &errWire{"zmq4's greeting differs from the one sent for it"}
			return 0, c.werr
		}
		c.swallow = c.swallow[k:]
		p = p[k:]
	}
	c.pend = append(c.pend, p...)
	boundary, _ := c.out.scan(p, 0)
	if boundary {
		if c.timer != nil {
			c.timer.Stop()
		}
		c.enqueueLocked()
		// Backpressure: a peer behind by more than sendQueue bytes holds
		// the writer until it catches up, or until the write loop gives
		// up on it (writeStall without progress).
		for c.queued > c.lim.sendQueue && c.werr == nil && !c.closing {
			c.wake.Wait()
		}
		if c.werr != nil {
			return 0, c.werr
		}
		return n, nil
	}
	if c.timer == nil {
		c.timer = time.AfterFunc(2*time.Millisecond, func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.enqueueLocked()
		})
	} else {
		c.timer.Reset(2 * time.Millisecond)
	}
	return n, nil
}

// enqueueLocked moves the pending bytes to the send queue.
func (c *guardedConn) enqueueLocked() {
	if len(c.pend) == 0 {
		return
	}
	c.queue = append(c.queue, c.pend)
	c.queued += len(c.pend)
	c.pend = nil
	c.wake.Broadcast()
}

// writeLoop sends the queue. A peer that accepts no byte for writeStall is
// disconnected.
func (c *guardedConn) writeLoop() {
	defer close(c.drained)
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && !c.closing && c.werr == nil {
			c.wake.Wait()
		}
		if c.werr != nil || len(c.queue) == 0 {
			c.mu.Unlock()
			return
		}
		bufs := net.Buffers(c.queue)
		c.queue = nil
		c.mu.Unlock()

		n := 0
		for _, b := range bufs {
			n += len(b)
		}
		err := c.writeAll(&bufs)
		c.mu.Lock()
		c.queued -= n
		if err != nil && c.werr == nil {
			c.werr = &errWire{fmt.Sprintf("write to %s: %v", c.RemoteAddr(), err)}
			if !c.closing {
				c.log.Printf("disconnected %s, which accepted nothing for %v: %v", c.RemoteAddr(), c.lim.writeStall, err)
			}
			c.queue, c.queued = nil, 0
		}
		c.wake.Broadcast()
		c.mu.Unlock()
		if err != nil {
			c.Conn.Close() // wakes zmq4's reader, which then reaps the connection
			return
		}
	}
}

func (c *guardedConn) writeAll(bufs *net.Buffers) error {
	for len(*bufs) > 0 {
		if err := c.Conn.SetWriteDeadline(time.Now().Add(c.lim.writeStall)); err != nil {
			return err
		}
		n, err := bufs.WriteTo(c.Conn)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() && n > 0 {
				continue // slow, not stuck
			}
			return err
		}
	}
	return nil
}

// Close sends what is queued (waiting at most closeFlushWait for a slow
// peer) and closes the connection.
func (c *guardedConn) Close() error {
	c.closed.Do(func() {
		c.mu.Lock()
		if c.timer != nil {
			c.timer.Stop()
		}
		c.enqueueLocked()
		c.closing = true
		c.wake.Broadcast()
		c.mu.Unlock()
		select {
		case <-c.drained:
		case <-time.After(c.lim.closeFlushWait):
		}
		c.closeErr = c.Conn.Close()
	})
	return c.closeErr
}
