package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"trigo/kernel/wire"
)

// client is a minimal Jupyter client over zmq4, enough to drive the kernel
// the way jupyter_client does.
type client struct {
	t                     *testing.T
	signer                *wire.Signer
	session               string
	shell, control, stdin zmq4.Socket
	iopub, hb             zmq4.Socket
	iopubC                chan *wire.Message
	shellC, controlC      chan *wire.Message
	stdinC                chan *wire.Message
}

// kernelUnderTest is a kernel running in this process.
type kernelUnderTest struct {
	conn    *wire.Connection
	cancel  context.CancelFunc
	done    chan struct{}
	restart bool
	err     error
}

func freePorts(t *testing.T, n int) []int {
	var ports []int
	var ls []net.Listener
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

func newConnection(t *testing.T) *wire.Connection {
	p := freePorts(t, 5)
	return &wire.Connection{
		Transport: "tcp", IP: "127.0.0.1", Key: "test-key-" + wire.NewID(), SignatureScheme: "hmac-sha256",
		ShellPort: p[0], ControlPort: p[1], StdinPort: p[2], IOPubPort: p[3], HBPort: p[4],
	}
}

func startKernel(t *testing.T, conn *wire.Connection) *kernelUnderTest {
	t.Helper()
	return startKernelWith(t, conn, Config{})
}

func startKernelWith(t *testing.T, conn *wire.Connection, cfg Config) *kernelUnderTest {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	k := &kernelUnderTest{conn: conn, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(k.done)
		k.restart, k.err = Run(ctx, conn, cfg)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-k.done:
		case <-time.After(5 * time.Second):
			t.Error("kernel did not stop")
		}
	})
	return k
}

func (k *kernelUnderTest) wait(t *testing.T) {
	select {
	case <-k.done:
	case <-time.After(5 * time.Second):
		t.Fatal("kernel did not stop")
	}
}

func dial(t *testing.T, conn *wire.Connection) *client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	session := wire.NewID()
	id := zmq4.WithID(zmq4.SocketIdentity(session))
	c := &client{
		t: t, signer: wire.NewSigner([]byte(conn.Key)), session: session,
		shell:   zmq4.NewDealer(ctx, id),
		control: zmq4.NewDealer(ctx, id),
		stdin:   zmq4.NewDealer(ctx, id),
		iopub:   zmq4.NewSub(ctx),
		hb:      zmq4.NewReq(ctx),
		iopubC:  make(chan *wire.Message, 1000), shellC: make(chan *wire.Message, 100),
		controlC: make(chan *wire.Message, 100), stdinC: make(chan *wire.Message, 100),
	}
	for _, s := range []struct {
		s    zmq4.Socket
		port int
	}{{c.shell, conn.ShellPort}, {c.control, conn.ControlPort}, {c.stdin, conn.StdinPort}, {c.iopub, conn.IOPubPort}, {c.hb, conn.HBPort}} {
		var err error
		for try := 0; try < 50; try++ {
			if err = s.s.Dial(conn.Addr(s.port)); err == nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err != nil {
			t.Fatalf("dial %d: %v", s.port, err)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	pump := func(s zmq4.Socket, ch chan *wire.Message) {
		for {
			m, err := s.Recv()
			if err != nil {
				return
			}
			msg, err := wire.Decode(m.Frames, c.signer)
			if err != nil {
				t.Errorf("client: bad message from kernel: %v", err)
				continue
			}
			ch <- msg
		}
	}
	go pump(c.shell, c.shellC)
	go pump(c.control, c.controlC)
	go pump(c.stdin, c.stdinC)
	go pump(c.iopub, c.iopubC)
	t.Cleanup(func() {
		cancel()
		for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.iopub, c.hb} {
			s.Close()
		}
	})
	// Like jupyter_client: kernel_info until iopub is known to be connected.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		id := c.send(c.shell, "kernel_info_request", map[string]any{})
		c.reply(c.shellC, id, 5*time.Second)
		select {
		case <-c.iopubC:
			c.drain()
			return c
		case <-time.After(200 * time.Millisecond):
		}
	}
	t.Fatal("iopub never connected")
	return nil
}

// sendWith signs a request with signer and sends it on s.
func (c *client) sendWith(signer *wire.Signer, s zmq4.Socket, msgType string, content any) string {
	c.t.Helper()
	b, _ := json.Marshal(content)
	m := &wire.Message{Header: wire.NewHeader(msgType, c.session, "tester"), Content: b}
	frames, err := wire.Encode(m, signer)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
	return m.Header.MsgID
}

func (c *client) send(s zmq4.Socket, msgType string, content any) string {
	return c.sendWith(c.signer, s, msgType, content)
}

func parentID(m *wire.Message) string {
	var h wire.Header
	json.Unmarshal(m.ParentHeader, &h)
	return h.MsgID
}

// reply waits for the reply to request id on ch.
func (c *client) reply(ch chan *wire.Message, id string, timeout time.Duration) *wire.Message {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m := <-ch:
			if parentID(m) == id {
				return m
			}
		case <-deadline:
			c.t.Fatalf("no reply to %s within %v", id, timeout)
		}
	}
}

// outputs collects the iopub messages of request id up to its idle status.
func (c *client) outputs(id string, timeout time.Duration) []*wire.Message {
	c.t.Helper()
	var out []*wire.Message
	deadline := time.After(timeout)
	for {
		select {
		case m := <-c.iopubC:
			if parentID(m) != id {
				continue
			}
			out = append(out, m)
			if m.Header.MsgType == "status" && content(m)["execution_state"] == "idle" {
				return out
			}
		case <-deadline:
			c.t.Fatalf("no idle status for %s within %v (got %d messages)", id, timeout, len(out))
		}
	}
}

func (c *client) drain() {
	for {
		select {
		case <-c.iopubC:
		case <-time.After(100 * time.Millisecond):
			return
		}
	}
}

func content(m *wire.Message) map[string]any {
	var v map[string]any
	json.Unmarshal(m.Content, &v)
	return v
}

// execute runs code and returns the reply and the iopub messages.
func (c *client) execute(code string, extra ...map[string]any) (map[string]any, []*wire.Message) {
	c.t.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for _, e := range extra {
		for k, v := range e {
			req[k] = v
		}
	}
	id := c.send(c.shell, "execute_request", req)
	r := c.reply(c.shellC, id, 20*time.Second)
	return content(r), c.outputs(id, 5*time.Second)
}

func types(ms []*wire.Message) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Header.MsgType)
	}
	return strings.Join(s, ",")
}

func result(ms []*wire.Message) string {
	for _, m := range ms {
		if m.Header.MsgType == "execute_result" {
			return content(m)["data"].(map[string]any)["text/plain"].(string)
		}
	}
	return ""
}

func TestKernelInfoAndHeartbeat(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	id := c.send(c.shell, "kernel_info_request", map[string]any{})
	r := content(c.reply(c.shellC, id, 5*time.Second))
	li := r["language_info"].(map[string]any)
	if r["protocol_version"] != "5.3" || li["name"] != "go" || li["file_extension"] != ".go" || li["mimetype"] != "text/x-go" {
		t.Errorf("kernel_info_reply = %v", r)
	}
	if err := c.hb.Send(zmq4.NewMsg([]byte("ping"))); err != nil {
		t.Fatal(err)
	}
	if m, err := c.hb.Recv(); err != nil || string(m.Frames[0]) != "ping" {
		t.Errorf("heartbeat: %v %v", m, err)
	}
}

func TestExecute(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	r, out := c.execute("x := 6 * 7\nx")
	if r["status"] != "ok" || r["execution_count"] != 1.0 {
		t.Errorf("reply = %v", r)
	}
	if got := types(out); got != "status,execute_input,execute_result,status" {
		t.Errorf("iopub = %s", got)
	}
	if result(out) != "42" {
		t.Errorf("result = %q", result(out))
	}
	r, out = c.execute(`import "fmt"` + "\nfmt.Println(\"hello, world\")\nx + 1")
	if r["execution_count"] != 2.0 || result(out) != "43" {
		t.Errorf("second cell: %v %s", r, types(out))
	}
	var stream string
	for _, m := range out {
		if m.Header.MsgType == "stream" {
			stream += content(m)["text"].(string)
		}
	}
	if stream != "hello, world\n" {
		t.Errorf("stream = %q", stream)
	}
	// user_expressions and silent execution.
	r, out = c.execute("x = 1", map[string]any{"silent": true, "user_expressions": map[string]any{"twice": "x * 2"}})
	ue := r["user_expressions"].(map[string]any)["twice"].(map[string]any)
	if ue["status"] != "ok" || ue["data"].(map[string]any)["text/plain"] != "2" {
		t.Errorf("user_expressions = %v", ue)
	}
	if types(out) != "status,status" || r["execution_count"] != 2.0 {
		t.Errorf("silent cell: %s %v", types(out), r)
	}
}

func TestForgedMessageIgnored(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	forger := wire.NewSigner([]byte("not-the-key"))
	id := c.sendWith(forger, c.shell, "execute_request", map[string]any{"code": "forged := 1", "silent": false})
	select {
	case m := <-c.shellC:
		t.Fatalf("the kernel answered a forged message: %s", m.Header.MsgType)
	case m := <-c.iopubC:
		if parentID(m) == id {
			t.Fatalf("the kernel published for a forged message: %s", m.Header.MsgType)
		}
	case <-time.After(500 * time.Millisecond):
	}
	r, out := c.execute("forged")
	if r["status"] != "error" || !strings.Contains(fmt.Sprint(r["evalue"]), "undefined: forged") {
		t.Errorf("the forged cell ran: %v %s", r, types(out))
	}
}

func TestInterruptLongLoop(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	c.execute("n := 0")
	id := c.send(c.shell, "execute_request", map[string]any{"code": "for { n++ }", "silent": false, "stop_on_error": true})
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	iid := c.send(c.control, "interrupt_request", map[string]any{})
	if r := content(c.reply(c.controlC, iid, 2*time.Second)); r["status"] != "ok" {
		t.Errorf("interrupt_reply = %v", r)
	}
	r := content(c.reply(c.shellC, id, 2*time.Second))
	if d := time.Since(start); d > time.Second {
		t.Errorf("cell stopped %v after the interrupt", d)
	}
	if r["status"] != "error" || r["ename"] != "Interrupted" {
		t.Errorf("reply = %v", r)
	}
	c.outputs(id, 2*time.Second)
	r, out := c.execute("n > 0")
	if r["status"] != "ok" || result(out) != "true" {
		t.Errorf("after interrupt: %v %q", r, result(out))
	}
}

func TestPanicRecoveryAndStopOnError(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	r, out := c.execute("import \"time\"\na := 1\npanic(\"boom\")")
	if r["status"] != "error" || r["ename"] != "panic" || r["evalue"] != "boom" {
		t.Errorf("reply = %v", r)
	}
	if types(out) != "status,execute_input,error,status" {
		t.Errorf("iopub = %s", types(out))
	}
	tb := fmt.Sprint(r["traceback"])
	if !strings.Contains(tb, "line 3") {
		t.Errorf("traceback does not point at line 3: %s", tb)
	}
	// Queued cells behind a failing one are aborted.
	ids := []string{
		c.send(c.shell, "execute_request", map[string]any{"code": "time.Sleep(200 * time.Millisecond); panic(1)", "stop_on_error": true}),
		c.send(c.shell, "execute_request", map[string]any{"code": "a = 2", "stop_on_error": true}),
		c.send(c.shell, "execute_request", map[string]any{"code": "a = 3", "stop_on_error": true}),
	}
	for i, id := range ids {
		r := content(c.reply(c.shellC, id, 5*time.Second))
		want := []string{"error", "aborted", "aborted"}[i]
		if r["status"] != want {
			t.Errorf("cell %d: status %v, want %s", i, r["status"], want)
		}
	}
	c.drain()
	if _, out := c.execute("a"); result(out) != "1" {
		t.Errorf("a = %q after aborted cells", result(out))
	}
}

func TestRestart(t *testing.T) {
	conn := newConnection(t)
	k := startKernel(t, conn)
	c := dial(t, conn)
	c.execute("kept := 1")
	id := c.send(c.control, "shutdown_request", map[string]any{"restart": true})
	if r := content(c.reply(c.controlC, id, 5*time.Second)); r["restart"] != true || r["status"] != "ok" {
		t.Errorf("shutdown_reply = %v", r)
	}
	k.wait(t)
	if !k.restart || k.err != nil {
		t.Fatalf("Run returned restart=%v err=%v", k.restart, k.err)
	}
	// What a kernel manager does: a fresh kernel on the same ports.
	k2 := startKernel(t, conn)
	c2 := dial(t, k2.conn)
	r, _ := c2.execute("kept")
	if r["status"] != "error" {
		t.Errorf("a variable survived the restart: %v", r)
	}
	if r, out := c2.execute("1 + 1"); r["execution_count"] != 2.0 || result(out) != "2" {
		t.Errorf("fresh kernel: %v %q", r, result(out))
	}
}

func TestStdinAndDisplay(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	id := c.send(c.shell, "execute_request", map[string]any{
		"code":        "import (\"fmt\"; \"trigo/kernel/display\")\nname, _ := display.Input(\"name? \")\nvar n int\nfmt.Scanln(&n)\nfmt.Sprint(name, n)",
		"allow_stdin": true,
	})
	for _, answer := range []string{"gopher", "7"} {
		select {
		case m := <-c.stdinC:
			if m.Header.MsgType != "input_request" {
				t.Fatalf("stdin: %s", m.Header.MsgType)
			}
			c.send(c.stdin, "input_reply", map[string]any{"value": answer})
		case <-time.After(5 * time.Second):
			t.Fatal("no input_request")
		}
	}
	c.reply(c.shellC, id, 5*time.Second)
	if out := c.outputs(id, 5*time.Second); result(out) != "gopher7" {
		t.Errorf("result %q", result(out))
	}
	// Without allow_stdin the read fails instead of hanging.
	if r, _ := c.execute("import \"os\"\nbuf := make([]byte, 1)\n_, err := os.Stdin.Read(buf)\nerr"); r["status"] != "ok" {
		t.Errorf("stdin without allow_stdin: %v", r)
	}

	_, out := c.execute("h := display.NewHandle()\nh.HTML(\"<b>1</b>\")\nh.HTML(\"<b>2</b>\")\ndisplay.Clear(true)\ndisplay.Markdown(\"*hi*\")")
	if got := types(out); got != "status,execute_input,display_data,update_display_data,clear_output,display_data,status" {
		t.Fatalf("iopub = %s", got)
	}
	d, u := content(out[2]), content(out[3])
	did := d["transient"].(map[string]any)["display_id"]
	if did == nil || u["transient"].(map[string]any)["display_id"] != did || u["data"].(map[string]any)["text/html"] != "<b>2</b>" {
		t.Errorf("display %v then update %v", d, u)
	}
}

func TestCompleteInspectIsCompleteHistory(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	c.execute("import \"strings\"\nwords := strings.Fields(\"a b\")")
	ask := func(msgType string, req map[string]any) map[string]any {
		id := c.send(c.shell, msgType, req)
		return content(c.reply(c.shellC, id, 5*time.Second))
	}
	// Cursor positions count code points: "é" is one.
	r := ask("complete_request", map[string]any{"code": "é := strings.ToL", "cursor_pos": 16})
	if fmt.Sprint(r["matches"]) != "[ToLower ToLowerSpecial]" || r["cursor_start"] != 13.0 || r["cursor_end"] != 16.0 {
		t.Errorf("complete_reply = %v", r)
	}
	r = ask("inspect_request", map[string]any{"code": "strings.Fields", "cursor_pos": 10, "detail_level": 0})
	if r["found"] != true || !strings.Contains(fmt.Sprint(r["data"]), "func Fields(s string) []string") {
		t.Errorf("inspect_reply = %v", r)
	}
	r = ask("is_complete_request", map[string]any{"code": "for {"})
	if r["status"] != "incomplete" || r["indent"] == nil {
		t.Errorf("is_complete_reply = %v", r)
	}
	r = ask("history_request", map[string]any{"output": false, "raw": true, "hist_access_type": "tail", "n": 1})
	h := r["history"].([]any)
	if len(h) != 1 || !strings.Contains(fmt.Sprint(h[0]), "strings.Fields") {
		t.Errorf("history_reply = %v", r)
	}
	r = ask("comm_info_request", map[string]any{})
	if r["status"] != "ok" {
		t.Errorf("comm_info_reply = %v", r)
	}
}
