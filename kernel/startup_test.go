//go:build unix

package kernel

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// kernel_info is answered before the interpreter exists; the first execute
// waits for it and then runs.
func TestKernelInfoBeforeInterpreter(t *testing.T) {
	release := make(chan struct{})
	testHookInterp = func() { <-release }
	t.Cleanup(func() { testHookInterp = nil })
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn) // sends kernel_info_request until answered
	id := c.send(c.shell, "execute_request", map[string]any{"code": "1+1", "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
	select {
	case m := <-c.shellC:
		t.Fatalf("%s arrived while the interpreter was still being built", m.Header.MsgType)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	r := content(c.reply(c.shellC, id, 20*time.Second))
	if r["status"] != "ok" {
		t.Fatalf("first execute after the interpreter started: %v", r)
	}
}

// The history file is read in the background: a file that cannot be read
// yet (a FIFO with no writer) must not hold kernel_info back. Before, the
// kernel read it before listening, so a 20 MB history delayed start-up by
// 150–350 ms and this test found no kernel to dial.
func TestKernelInfoBeforeHistory(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "history.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	k := startKernelWith(t, newConnection(t), Config{HistoryFile: fifo})
	c := dial(t, k.conn)
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.WriteString(`{"session":7,"line":3,"input":"x := 1"}` + "\n")
	w.Close()
	id := c.send(c.shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 5, "output": false})
	h := content(c.reply(c.shellC, id, 5*time.Second))["history"].([]any)
	if len(h) != 1 || h[0].([]any)[2] != "x := 1" || h[0].([]any)[0] != 7.0 {
		t.Fatalf("history after the file was read = %v, want session 7's cell", h)
	}
}
