package kernel

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"trigo/kernel/wire"
)

// Attacks on the kernel's sockets from a peer that speaks raw TCP and does
// not know the key (issue 15, "The wire").

// zmtpCommand is a command frame: flags, size, name length, name, body.
func zmtpCommand(name string, body []byte) []byte {
	b := append([]byte{byte(len(name))}, name...)
	b = append(b, body...)
	return append(frameHeader0(0x04, len(b)), b...)
}

// frameHeader0 is a frame header with flags (the long flag added as needed).
func frameHeader0(flags byte, size int) []byte {
	if size > 255 {
		h := []byte{flags | 0x02, 0, 0, 0, 0, 0, 0, 0, 0}
		binary.BigEndian.PutUint64(h[1:], uint64(size))
		return h
	}
	return []byte{flags, byte(size)}
}

// zmtpReady is a NULL-mechanism READY command for a socket type.
func zmtpReady(sockType string) []byte {
	var body []byte
	prop := func(k, v string) {
		body = append(body, byte(len(k)))
		body = append(body, k...)
		body = binary.BigEndian.AppendUint32(body, uint32(len(v)))
		body = append(body, v...)
	}
	prop("Socket-Type", sockType)
	return zmtpCommand("READY", body)
}

// rawConn connects to port with plain TCP.
func rawConn(t *testing.T, conn *wire.Connection, port int) net.Conn {
	t.Helper()
	var c net.Conn
	var err error
	for try := 0; try < 50; try++ {
		if c, err = net.Dial("tcp", net.JoinHostPort(conn.IP, fmt.Sprint(port))); err == nil {
			t.Cleanup(func() { c.Close() })
			return c
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("dial %d: %v", port, err)
	return nil
}

// rawHandshake completes the ZMTP handshake as sockType and reads the
// kernel's greeting and READY.
func rawHandshake(t *testing.T, c net.Conn, sockType string) {
	t.Helper()
	if _, err := c.Write(append(append([]byte(nil), zmq4Greeting...), zmtpReady(sockType)...)); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	defer c.SetReadDeadline(time.Time{})
	buf := make([]byte, 64+2)
	if _, err := io.ReadFull(c, buf); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	size := int(buf[65])
	if buf[64]&0x02 != 0 {
		t.Fatal("long READY from the kernel")
	}
	if _, err := io.ReadFull(c, make([]byte, size)); err != nil {
		t.Fatalf("handshake: %v", err)
	}
}

// alive checks that the kernel still executes a cell for a fresh client.
func alive(t *testing.T, conn *wire.Connection) {
	t.Helper()
	c := dial(t, conn)
	if r, out := c.execute("6 * 7"); r["status"] != "ok" || result(out) != "42" {
		t.Fatalf("after the attack: reply %v, result %q", r, result(out))
	}
}

// within fails the test when f does not return in d (f may be stuck on a
// kernel that no longer answers).
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s took more than %v", what, d)
	}
}

func heapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

func TestWireHugeFrameInHandshake(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := rawConn(t, k.conn, k.conn.ShellPort)
	// The greeting, then a command frame announcing 2^50 bytes: zmq4 alone
	// panics in makeslice and takes the process down.
	c.Write(zmq4Greeting)
	c.Write(append([]byte{0x06}, binary.BigEndian.AppendUint64(nil, 1<<50)...))
	expectClosed(t, c)
	alive(t, k.conn)
}

func TestWireHugeFrameAfterHandshake(t *testing.T) {
	k := startKernel(t, newConnection(t))
	before := heapMB()
	for _, port := range []int{k.conn.ShellPort, k.conn.ControlPort, k.conn.IOPubPort, k.conn.HBPort} {
		typ := map[int]string{k.conn.IOPubPort: "SUB", k.conn.HBPort: "REQ"}[port]
		if typ == "" {
			typ = "DEALER"
		}
		c := rawConn(t, k.conn, port)
		rawHandshake(t, c, typ)
		// 2^40 bytes: zmq4 alone dies of a fatal out-of-memory.
		c.Write(append([]byte{0x02}, binary.BigEndian.AppendUint64(nil, 1<<40)...))
		expectClosed(t, c)
	}
	alive(t, k.conn)
	if grew := heapMB() - before; grew > 64 {
		t.Errorf("the heap grew by %.0f MB", grew)
	}
}

// expectClosed waits for the kernel to close c.
func expectClosed(t *testing.T, c net.Conn) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the kernel kept a connection that announced an oversized frame")
	}
}

func TestWireIdleConnectionsDoNotBlockClients(t *testing.T) {
	k := startKernel(t, newConnection(t))
	conn := k.conn
	for _, port := range []int{conn.ShellPort, conn.ControlPort, conn.StdinPort, conn.IOPubPort, conn.HBPort} {
		rawConn(t, conn, port) // connected, says nothing
		half := rawConn(t, conn, port)
		half.Write(zmq4Greeting[:10]) // a signature, then silence
	}
	// Well within HandshakeTimeout: the idle ones must not be in the way.
	within(t, HandshakeTimeout/2, "a client next to idle connections", func() { alive(t, conn) })
}

func TestWireNonReadingSubscriber(t *testing.T) {
	saved := defaultLimits
	defaultLimits.sendQueue = 4 << 20
	defaultLimits.writeStall = time.Second
	t.Cleanup(func() { defaultLimits = saved })
	k := startKernel(t, newConnection(t))
	good := dial(t, k.conn)

	bad := rawConn(t, k.conn, k.conn.IOPubPort)
	if tc, ok := bad.(*net.TCPConn); ok {
		tc.SetReadBuffer(4 << 10) // keep what the kernel can park in the socket small
	}
	rawHandshake(t, bad, "SUB")
	bad.Write(append(frameHeader0(0, 1), 1)) // subscribe to everything, then never read
	time.Sleep(100 * time.Millisecond)

	before := heapMB()
	// 48 MB of output, in 1 MB prints.
	code := `import ("fmt"; "strings")
big := strings.Repeat("x", 1<<20)
for i := 0; i < 48; i++ { fmt.Print(big) }`
	var n int
	within(t, 30*time.Second, "48 MB of output next to a stuck subscriber", func() {
		id := good.send(good.shell, "execute_request", map[string]any{"code": code, "silent": false})
		if r := content(good.reply(good.shellC, id, 25*time.Second)); r["status"] != "ok" {
			t.Errorf("reply %v", r)
		}
		for _, m := range good.outputs(id, 25*time.Second) {
			if m.Header.MsgType == "stream" {
				n += len(content(m)["text"].(string))
			}
		}
	})
	if n != 48<<20 {
		t.Errorf("the reading client got %d bytes of output, want %d", n, 48<<20)
	}
	if grew := heapMB() - before; grew > 32 {
		t.Errorf("the heap grew by %.0f MB with a subscriber that does not read", grew)
	}
	alive(t, k.conn)
}

func TestWireReplayedMessageIgnored(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	b := []byte(`{"code":"1","silent":false,"store_history":true,"user_expressions":{},"allow_stdin":false}`)
	m := &wire.Message{Header: wire.NewHeader("execute_request", c.session, "tester"), Content: b}
	frames, err := wire.Encode(m, c.signer)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // the second is a replay, byte for byte
		if err := c.shell.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
			t.Fatal(err)
		}
	}
	if r := content(c.reply(c.shellC, m.Header.MsgID, 10*time.Second)); r["execution_count"] != 1.0 {
		t.Fatalf("first reply %v", r)
	}
	// The next request gets count 2: the replay did not run.
	r, _ := c.execute("2")
	if r["execution_count"] != 2.0 {
		t.Errorf("execution_count after a replay = %v, want 2", r["execution_count"])
	}
	select {
	case extra := <-c.shellC:
		t.Errorf("a second reply to the replayed request: %s", extra.Content)
	default:
	}
}

// The raw byte stream of a peer, fuzzed into a live kernel. Each input is
// sent on a fresh connection (after a valid greeting and READY when the
// first byte is odd); the kernel must keep answering its heartbeat.
func FuzzWireStream(f *testing.F) {
	huge := func(flags byte, n uint64) []byte {
		return append([]byte{flags}, binary.BigEndian.AppendUint64(nil, n)...)
	}
	for _, seed := range [][]byte{
		append([]byte{0}, huge(0x06, 1<<50)...),
		append([]byte{1}, huge(0x02, 1<<40)...),
		append([]byte{1}, huge(0x03, 1<<62)...),
		append([]byte{0}, bytes.Repeat([]byte{0xff}, 100)...),
		append([]byte{1}, zmtpCommand("PING", []byte{0, 1})...),
		append([]byte{1}, zmtpCommand("READY", []byte("\x0bSocket-Type\xff\xff\xff\xffX"))...),
		append([]byte{1}, bytes.Repeat([]byte{0x01, 0}, 1000)...),
		append([]byte{1}, append(frameHeader0(0x01, 9), "<IDS|MSG>"...)...),
		{1, 0x00, 200, 'a'},
		{0},
	} {
		f.Add(seed)
	}
	conn := fuzzKernel(f)
	hb := zmq4.NewReq(f.Context())
	defer hb.Close()
	if err := hb.Dial(conn.Addr(conn.HBPort)); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		c, err := net.Dial("tcp", net.JoinHostPort(conn.IP, fmt.Sprint(conn.ShellPort)))
		if err != nil {
			t.Fatal(err)
		}
		if in[0]&1 == 1 {
			c.Write(append(append([]byte(nil), zmq4Greeting...), zmtpReady("DEALER")...))
		}
		c.Write(in[1:])
		c.Close()
		within(t, 5*time.Second, "a heartbeat after the input", func() {
			if err := hb.Send(zmq4.NewMsg([]byte("ping"))); err != nil {
				t.Errorf("heartbeat send: %v", err)
				return
			}
			if m, err := hb.Recv(); err != nil || string(m.Frames[0]) != "ping" {
				t.Errorf("heartbeat: %v %v", m, err)
			}
		})
	})
}

// drain0 discards the iopub messages already received, without waiting.
func (c *client) drain0() {
	for {
		select {
		case <-c.iopubC:
		default:
			return
		}
	}
}

// fuzzKernel starts the kernel a fuzz process attacks.
func fuzzKernel(f *testing.F) *wire.Connection {
	ports := make([]int, 5)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			f.Fatal(err)
		}
		ports[i] = l.Addr().(*net.TCPAddr).Port
		l.Close()
	}
	conn := &wire.Connection{Transport: "tcp", IP: "127.0.0.1", Key: "fuzz-" + wire.NewID(), SignatureScheme: "hmac-sha256",
		ShellPort: ports[0], ControlPort: ports[1], StdinPort: ports[2], IOPubPort: ports[3], HBPort: ports[4]}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); Run(ctx, conn, Config{}) }()
	f.Cleanup(func() { cancel(); <-done })
	return conn
}

// The soak: three thousand executes while malformed connections come and go;
// the kernel answers throughout and its heap and goroutines stay bounded.
func TestWireSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak")
	}
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	c.execute("n := 0")
	attacks := []func(){
		func() { // oversized frame after the greeting
			r := rawConn(t, k.conn, k.conn.ShellPort)
			r.Write(append(append([]byte(nil), zmq4Greeting...), append([]byte{0x06}, binary.BigEndian.AppendUint64(nil, 1<<50)...)...))
			r.Close()
		},
		func() { // garbage
			r := rawConn(t, k.conn, k.conn.ControlPort)
			r.Write(bytes.Repeat([]byte("GET / HTTP/1.1\r\n"), 20))
			r.Close()
		},
		func() { // a well-formed message with a bad signature
			r := rawConn(t, k.conn, k.conn.ShellPort)
			r.Write(append(append([]byte(nil), zmq4Greeting...), zmtpReady("DEALER")...))
			for i, f := range []string{"<IDS|MSG>", "bad", "{}", "{}", "{}", "{}"} {
				flags := byte(0x01)
				if i == 5 {
					flags = 0
				}
				r.Write(append(frameHeader0(flags, len(f)), f...))
			}
			r.Close()
		},
		func() { // connect and leave (closed by the deferred cleanup... or now)
			r := rawConn(t, k.conn, k.conn.IOPubPort)
			r.Write(zmq4Greeting[:10])
			r.Close()
		},
	}
	const n = 3000
	var heap0 float64
	var g0 int
	start := time.Now()
	for i := 1; i <= n; i++ {
		if i%5 == 0 {
			attacks[(i/5)%len(attacks)]()
		}
		code := "n++\nn"
		id := c.send(c.shell, "execute_request", map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{}})
		r := content(c.reply(c.shellC, id, 10*time.Second))
		if r["status"] != "ok" {
			t.Fatalf("execute %d: %v", i, r)
		}
		c.drain0()
		if i == 100 {
			heap0, g0 = heapMB(), runtime.NumGoroutine()
		}
	}
	elapsed := time.Since(start)
	if _, out := c.execute("n"); result(out) != fmt.Sprint(n) {
		t.Errorf("n = %q after %d executes, want %d", result(out), n, n)
	}
	time.Sleep(200 * time.Millisecond) // let dropped connections be reaped
	heap1, g1 := heapMB(), runtime.NumGoroutine()
	t.Logf("%d executes with %d malformed connections in %v; heap %.1f → %.1f MB; goroutines %d → %d", n, n/5, elapsed, heap0, heap1, g0, g1)
	if heap1-heap0 > 32 {
		t.Errorf("heap grew from %.1f to %.1f MB", heap0, heap1)
	}
	if g1-g0 > 50 {
		t.Errorf("goroutines grew from %d to %d", g0, g1)
	}
}
