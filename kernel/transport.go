package kernel

import (
	"bufio"
	"context"
	"encoding/binary"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// zmq4 writes a ZMTP message frame by frame, header and body separately,
// and reads it the same way: a six-frame Jupyter reply costs a dozen
// syscalls and as many TCP segments each way. The kernel's sockets listen
// through "trigo-tcp" instead, a tcp transport whose connections read
// through a buffer and write whole messages at once: bytes are held until
// the last frame of a message (no MORE flag) is complete, then flushed
// in one write.
const bufferedScheme = "trigo-tcp"

var registerOnce sync.Once

// endpoint is conn's address of port, through the buffered transport for
// tcp.
func endpoint(addr string) string {
	registerOnce.Do(func() { _ = zmq4.RegisterTransport(bufferedScheme, bufferedTCP{}) })
	if rest, ok := strings.CutPrefix(addr, "tcp://"); ok {
		return bufferedScheme + "://" + rest
	}
	return addr
}

type bufferedTCP struct{}

func (bufferedTCP) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return newFramedConn(c), nil
}

func (bufferedTCP) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return framedListener{l}, nil
}

func (bufferedTCP) Addr(ep string) (string, error) { return transport.New("tcp").Addr(ep) }

type framedListener struct{ net.Listener }

func (l framedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return newFramedConn(c), nil
}

// framedConn buffers reads, and buffers writes up to the end of each ZMTP
// message. A timer flushes anything left behind (never expected: it guards
// against a write pattern the frame parser does not foresee).
type framedConn struct {
	net.Conn
	r *bufio.Reader

	mu       sync.Mutex
	out      []byte
	greeting int    // greeting bytes still to pass (the first 64 written)
	hdr      []byte // a frame header being assembled
	body     int    // body bytes of the current frame still to come
	last     bool   // the current frame ends its message
	boundary bool   // everything buffered ends a message: flush
	timer    *time.Timer
}

const zmtpGreeting = 64

func newFramedConn(c net.Conn) *framedConn {
	return &framedConn{Conn: c, r: bufio.NewReaderSize(c, 64<<10), greeting: zmtpGreeting}
}

func (c *framedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

func (c *framedConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(p)
	c.out = append(c.out, p...)
	for len(p) > 0 {
		switch {
		case c.greeting > 0:
			k := min(c.greeting, len(p))
			c.greeting -= k
			p = p[k:]
			c.boundary = c.greeting == 0
		case c.body > 0:
			k := min(c.body, len(p))
			c.body -= k
			p = p[k:]
			c.boundary = c.body == 0 && c.last
		default:
			// A frame header: flags, then a 1-byte or 8-byte size.
			c.boundary = false
			c.hdr = append(c.hdr, p[0])
			p = p[1:]
			need := 2
			if c.hdr[0]&0x02 != 0 {
				need = 9
			}
			if len(c.hdr) < need {
				continue
			}
			size := int(c.hdr[1])
			if need == 9 {
				size = int(binary.BigEndian.Uint64(c.hdr[1:9]))
			}
			c.last = c.hdr[0]&0x01 == 0 // no MORE: the message (or command) ends here
			c.body = size
			c.hdr = c.hdr[:0]
			c.boundary = size == 0 && c.last
		}
	}
	if c.boundary {
		if c.timer != nil {
			c.timer.Stop()
		}
		return n, c.flushLocked()
	}
	if c.timer == nil {
		c.timer = time.AfterFunc(2*time.Millisecond, func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			_ = c.flushLocked()
		})
	} else {
		c.timer.Reset(2 * time.Millisecond)
	}
	return n, nil
}

func (c *framedConn) flushLocked() error {
	if len(c.out) == 0 {
		return nil
	}
	_, err := c.Conn.Write(c.out)
	c.out = c.out[:0]
	return err
}

func (c *framedConn) Close() error {
	c.mu.Lock()
	_ = c.flushLocked()
	if c.timer != nil {
		c.timer.Stop()
	}
	c.mu.Unlock()
	return c.Conn.Close()
}
