package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/go-zeromq/zmq4"

	"trigo/kernel/display"
	"trigo/kernel/exec"
	"trigo/kernel/widgets"
	"trigo/kernel/wire"
)

// Run serves the kernel on the ports of conn until a shutdown_request
// arrives or ctx ends. It reports whether the shutdown asked for a restart
// (the caller may then start a fresh kernel on the same ports, as a kernel
// manager does).
func Run(ctx context.Context, conn *wire.Connection, cfg Config) (restart bool, err error) {
	k := &Kernel{
		cfg:     cfg,
		conn:    conn,
		signer:  wire.NewSigner([]byte(conn.Key)),
		session: wire.NewID(),
		log:     cfg.Log,
		inputs:  make(chan *wire.Message, 1),
		hist:    openHistory(cfg.HistoryFile),
		digests: newDigestHistory(digestHistorySize),
	}
	if k.log == nil {
		k.log = log.New(io.Discard, "", 0)
	}
	k.ctx, k.stop = context.WithCancel(ctx)
	defer k.stop()
	defer k.hist.close()

	zlog := log.New(k.log.Writer(), "zmq4: ", log.LstdFlags)
	opts := []zmq4.Option{zmq4.WithLogger(zlog), zmq4.WithTimeout(10 * time.Second)}
	sctx := withTransportLog(k.ctx, log.New(k.log.Writer(), "wire: ", log.LstdFlags))
	k.shell = &channel{name: "shell", sock: zmq4.NewRouter(sctx, opts...)}
	k.control = &channel{name: "control", sock: zmq4.NewRouter(sctx, opts...)}
	k.stdin = &channel{name: "stdin", sock: zmq4.NewRouter(sctx, opts...)}
	k.iopub = &channel{name: "iopub", sock: zmq4.NewPub(sctx, opts...)}
	k.hb = zmq4.NewRep(sctx, opts...)
	socks := []struct {
		s    zmq4.Socket
		port int
	}{
		{k.shell.sock, conn.ShellPort}, {k.control.sock, conn.ControlPort}, {k.stdin.sock, conn.StdinPort},
		{k.iopub.sock, conn.IOPubPort}, {k.hb, conn.HBPort},
	}
	defer func() {
		for _, s := range socks {
			s.s.Close()
		}
	}()
	for _, s := range socks {
		if err := s.s.Listen(endpoint(conn.Addr(s.port))); err != nil {
			return false, fmt.Errorf("listen on %s: %w", conn.Addr(s.port), err)
		}
	}

	// The interpreter starts in the background: kernel_info, heartbeats
	// and the control channel answer at once, which is what a front-end
	// waits for; handlers that need the interpreter wait for it.
	k.ready = make(chan struct{})
	var initErr error
	go func() {
		if testHookInterp != nil {
			testHookInterp()
		}
		initErr = k.newInterp()
		close(k.ready)
		if initErr != nil {
			k.log.Printf("starting the interpreter: %v", initErr)
			k.stop()
		}
	}()
	defer func() {
		<-k.ready
		k.closeInterp()
	}()
	prev := display.SetSink(sink{k})
	defer display.SetSink(prev)
	prevT := widgets.SetTransport(widgetTransport{k})
	defer widgets.SetTransport(prevT)

	if cfg.HandleSIGINT {
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt)
		defer signal.Stop(sigs)
		go func() {
			for {
				select {
				case <-sigs:
					k.log.Print("SIGINT: interrupting the running cell")
					k.interruptCell()
				case <-k.ctx.Done():
					return
				}
			}
		}()
	}

	k.publish(nil, "status", map[string]any{"execution_state": "starting"})
	go k.heartbeat()
	go k.serveStdin()
	go k.serveControl()
	go k.serveShell()
	<-k.ctx.Done()
	time.Sleep(50 * time.Millisecond) // let iopub's queue drain
	<-k.ready
	return k.restart.Load(), initErr
}

// testHookInterp, when set by a test, runs before the interpreter is built.
var testHookInterp func()

// newInterp starts a fresh interpreter (at start and on restart).
func (k *Kernel) newInterp() error {
	in, err := exec.New(exec.Options{
		Stdout:    func(s string) { k.stream("stdout", s) },
		Stderr:    func(s string) { k.stream("stderr", s) },
		CaptureFD: k.cfg.CaptureFD,
		Input:     k.input,
		Args:      []string{"trigo"},
	})
	if err != nil {
		return err
	}
	k.mu.Lock()
	k.interp = in
	k.mu.Unlock()
	return nil
}

func (k *Kernel) closeInterp() {
	k.mu.Lock()
	in := k.interp
	k.interp = nil
	k.mu.Unlock()
	if in != nil {
		in.Close()
	}
}

// recv reads and verifies messages from c and passes them to deliver until
// the kernel stops. Messages that fail verification are logged and dropped.
func (k *Kernel) recv(c *channel, deliver func(*request)) {
	for {
		zm, err := c.sock.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			k.log.Printf("%s: receive: %v", c.name, err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		m, err := wire.Decode(zm.Frames, k.signer)
		if err != nil {
			k.log.Printf("%s: dropped a message: %v", c.name, err)
			continue
		}
		// Without a key nothing is signed, and there is nothing to replay.
		if k.conn.Key != "" && !k.digests.fresh(signature(zm.Frames)) {
			k.log.Printf("%s: dropped a replayed message (%s %s): its signature was seen before", c.name, m.Header.MsgType, m.Header.MsgID)
			continue
		}
		deliver(&request{msg: m, sock: c})
	}
}

// serveShell handles shell requests one at a time, in order.
func (k *Kernel) serveShell() {
	queue := make(chan *request, 256)
	go k.recv(k.shell, func(r *request) {
		select {
		case queue <- r:
		case <-k.ctx.Done():
		}
	})
	for {
		select {
		case r := <-queue:
			if k.dispatch(r) {
				k.abortQueued(queue)
			}
		case <-k.ctx.Done():
			return
		}
	}
}

// abortQueued answers the execute requests already waiting with "aborted"
// after a cell failed with stop_on_error; other requests are served. Like
// ipykernel (stop_on_error_timeout 0), requests that arrive later run.
func (k *Kernel) abortQueued(queue chan *request) {
	for {
		select {
		case r := <-queue:
			if r.msg.Header.MsgType != "execute_request" {
				k.dispatch(r)
				continue
			}
			k.publish(r.msg, "status", map[string]any{"execution_state": "busy"})
			k.reply(r, "execute_reply", map[string]any{"status": "aborted", "execution_count": k.execCount})
			k.publish(r.msg, "status", map[string]any{"execution_state": "idle"})
		default:
			return
		}
	}
}

// serveControl handles control requests as they come, even while a cell runs.
func (k *Kernel) serveControl() {
	k.recv(k.control, func(r *request) { k.dispatch(r) })
}

// dispatch runs the handler of r's message type between busy and idle
// statuses. It reports whether queued executions must be aborted.
func (k *Kernel) dispatch(r *request) (abort bool) {
	k.publish(r.msg, "status", map[string]any{"execution_state": "busy"})
	defer k.publish(r.msg, "status", map[string]any{"execution_state": "idle"})
	defer func() {
		if p := recover(); p != nil {
			k.log.Printf("%s: handler panicked: %v", r.msg.Header.MsgType, p)
		}
	}()
	h, ok := handlers[r.msg.Header.MsgType]
	if !ok {
		k.log.Printf("%s: no handler for %q", r.sock.name, r.msg.Header.MsgType)
		return false
	}
	r.abort = false
	h(k, r)
	return r.abort
}

// heartbeat echoes every ping.
func (k *Kernel) heartbeat() {
	for {
		m, err := k.hb.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			continue
		}
		if err := k.hb.Send(m); err != nil && k.ctx.Err() != nil {
			return
		}
	}
}

// send signs m and sends it on c.
func (k *Kernel) send(c *channel, m *wire.Message) {
	frames, err := wire.Encode(m, k.signer)
	if err != nil {
		k.log.Printf("%s: encode %s: %v", c.name, m.Header.MsgType, err)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil && k.ctx.Err() == nil {
		k.log.Printf("%s: send %s: %v", c.name, m.Header.MsgType, err)
	}
}

// reply answers r on the channel it came from.
func (k *Kernel) reply(r *request, msgType string, content any) {
	m, err := wire.Reply(r.msg, msgType, k.session, content)
	if err != nil {
		k.log.Printf("reply %s: %v", msgType, err)
		return
	}
	k.send(r.sock, m)
}

// publish broadcasts a message on iopub with parent as its parent (nil:
// none).
func (k *Kernel) publish(parent *wire.Message, msgType string, content any) {
	k.publishMeta(parent, msgType, content, nil)
}

// publishMeta is publish with the message's metadata (nil: {}).
func (k *Kernel) publishMeta(parent *wire.Message, msgType string, content any, metadata map[string]any) {
	c, err := json.Marshal(content)
	if err != nil {
		k.log.Printf("publish %s: %v", msgType, err)
		return
	}
	meta := json.RawMessage("{}")
	if metadata != nil {
		if meta, err = json.Marshal(metadata); err != nil {
			k.log.Printf("publish %s metadata: %v", msgType, err)
			return
		}
	}
	m := &wire.Message{
		Identities: [][]byte{[]byte("kernel." + k.session + "." + msgType)},
		Header:     wire.NewHeader(msgType, k.session, "trigo"),
		Metadata:   meta,
		Content:    c,
	}
	if parent != nil {
		m.ParentHeader = parent.RawHeader
		m.Header.Username = parent.Header.Username
	}
	k.send(k.iopub, m)
}

// stream publishes printed text of the current cell.
func (k *Kernel) stream(name, text string) {
	k.publish(k.parent.Load(), "stream", map[string]any{"name": name, "text": text})
}

// flush pushes the running cell's pending output out.
func (k *Kernel) flush() {
	k.mu.Lock()
	in := k.interp
	k.mu.Unlock()
	if in != nil {
		in.Flush()
	}
}

// interpreter waits until the interpreter has started and returns it (nil
// if it could not start).
func (k *Kernel) interpreter() *exec.Interp {
	<-k.ready
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.interp
}

// content decodes a request's content into v.
func (r *request) content(v any) error {
	return json.Unmarshal(r.msg.Content, v)
}
