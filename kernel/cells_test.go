package kernel

import (
	"bytes"
	"context"
	"encoding/json"
	"log"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"trigo/kernel/wire"
)

// Cells that killed or hung the kernel (issue 15, items 5–8).

// TestMain doubles as a kernel process for the tests that need one to die:
// with TRIGO_TEST_KERNEL set to a connection file, the test binary serves
// it the way `trigo kernel` does (fd capture, crash output).
func TestMain(m *testing.M) {
	if f := os.Getenv("TRIGO_TEST_KERNEL"); f != "" {
		conn, err := wire.ReadConnection(f)
		if err != nil {
			panic(err)
		}
		stderr := PrepareProcess()
		_, err = Run(context.Background(), conn, Config{CaptureFD: true, HandleSIGINT: true, Log: log.New(stderr, "child kernel: ", 0)})
		if err != nil {
			log.New(stderr, "", 0).Print(err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// lockedBuffer collects a child's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type childKernel struct {
	conn   *wire.Connection
	cmd    *osexec.Cmd
	stderr *lockedBuffer
	exited chan error
}

// startChildKernel runs a kernel in a subprocess of the test binary.
func startChildKernel(t *testing.T) *childKernel {
	t.Helper()
	conn := newConnection(t)
	b, err := json.Marshal(conn)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "kernel.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	k := &childKernel{conn: conn, stderr: &lockedBuffer{}, exited: make(chan error, 1)}
	k.cmd = osexec.Command(os.Args[0], "-test.run=^$")
	k.cmd.Env = append(os.Environ(), "TRIGO_TEST_KERNEL="+file, "XDG_DATA_HOME="+t.TempDir())
	k.cmd.Stderr = k.stderr
	k.cmd.Stdout = k.stderr
	if err := k.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { k.exited <- k.cmd.Wait() }()
	t.Cleanup(func() {
		k.cmd.Process.Kill()
		<-k.exited
	})
	return k
}

// expectDeath waits for the child to exit with a failure and wants on
// its stderr.
func (k *childKernel) expectDeath(t *testing.T, within time.Duration, wants ...string) {
	t.Helper()
	select {
	case err := <-k.exited:
		k.exited <- err
		if err == nil {
			t.Errorf("the kernel exited with status 0")
		}
	case <-time.After(within):
		t.Fatalf("the kernel still runs %v later (hung); stderr:\n%s", within, tail(k.stderr.String()))
	}
	for _, w := range wants {
		if !strings.Contains(k.stderr.String(), w) {
			t.Errorf("stderr lacks %q:\n%s\n[...]\n%s", w, head(k.stderr.String()), tail(k.stderr.String()))
		}
	}
}

func tail(s string) string {
	if len(s) > 2000 {
		return "..." + s[len(s)-2000:]
	}
	return s
}

func TestCellStackOverflowKillsKernelCleanly(t *testing.T) {
	k := startChildKernel(t)
	c := dial(t, k.conn)
	c.send(c.shell, "execute_request", map[string]any{"code": "func rec(n int) int { return rec(n+1) + 1 }\nrec(0)", "silent": false})
	k.expectDeath(t, 30*time.Second, "stack overflow")
}

func TestCellGoroutinePanicKillsKernelCleanly(t *testing.T) {
	k := startChildKernel(t)
	c := dial(t, k.conn)
	// Output captured at fd 1 must survive os.Stdout.Close() (item 8, with
	// descriptor capture), before the kernel is killed.
	c.execute(`import ("fmt"; "os"; "time")`)
	if r, _ := c.execute("os.Stdout.Close()"); r["status"] != "ok" {
		t.Fatalf("closing: %v", r)
	}
	if _, out := c.execute(`fmt.Println("after close")`); !strings.Contains(streams(out), "after close") {
		t.Errorf("output after os.Stdout.Close(): %q", streams(out))
	}
	c.send(c.shell, "execute_request", map[string]any{"code": `time.AfterFunc(0, func() { panic("late boom") }); time.Sleep(5 * time.Second)`, "silent": false})
	k.expectDeath(t, 20*time.Second, "panic: late boom")
}

func streams(out []*wire.Message) string {
	var b strings.Builder
	for _, m := range out {
		if m.Header.MsgType == "stream" {
			b.WriteString(content(m)["text"].(string))
		}
	}
	return b.String()
}

func TestCellParallelForPanicIsAnError(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	r, out := c.execute(`import "trigo/engine/parallel"
parallel.SetThreads(4)
parallel.For(4, 1, func(lo, hi int) { if lo == 3 { panic("worker boom") } })`)
	if r["status"] != "error" || !strings.Contains(r["evalue"].(string), "worker boom") {
		t.Errorf("reply %v", r)
	}
	if types(out) != "status,execute_input,error,status" {
		t.Errorf("iopub %s", types(out))
	}
	if r, out := c.execute("1 + 1"); r["status"] != "ok" || result(out) != "2" {
		t.Errorf("after: %v %q", r, result(out))
	}
}

func TestUserExpressionsInterruptible(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	id := c.send(c.shell, "execute_request", map[string]any{"code": "x := 1", "silent": false,
		"user_expressions": map[string]any{"spin": "func() int { for {} }()"}})
	time.Sleep(500 * time.Millisecond)
	c.send(c.control, "interrupt_request", map[string]any{})
	r := content(c.reply(c.shellC, id, 10*time.Second))
	ue, _ := r["user_expressions"].(map[string]any)
	spin, _ := ue["spin"].(map[string]any)
	if r["status"] != "ok" || spin["status"] != "error" {
		t.Errorf("reply %v", r)
	}
	if r, out := c.execute("x + 1"); r["status"] != "ok" || result(out) != "2" {
		t.Errorf("after: %v %q", r, result(out))
	}
}

func TestStdoutCloseInCell(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	c.execute(`import ("fmt"; "os")`)
	if r, _ := c.execute("os.Stdout.Close()\nos.Stderr.Close()"); r["status"] != "ok" {
		t.Fatalf("closing: %v", r)
	}
	_, out := c.execute(`fmt.Println("out again"); fmt.Fprintln(os.Stderr, "err again")`)
	if s := streams(out); !strings.Contains(s, "out again") || !strings.Contains(s, "err again") {
		t.Errorf("output after closing os.Stdout and os.Stderr: %q", s)
	}
}

func head(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "..."
	}
	return s
}
