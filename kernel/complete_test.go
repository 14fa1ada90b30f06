package kernel

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"trigo/kernel/display"
	"trigo/kernel/exec"
)

// After a cell whose typed var fails to compile, Tab and Shift-Tab still
// get their replies, with the variables of earlier cells.
func TestCompleteInspectAfterCompileError(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	c.execute("import \"strings\"\nwords := strings.Fields(\"a b\")")
	if r, _ := c.execute(`var lr float64 = "0.002"`); r["status"] != "error" {
		t.Fatalf("the failing cell replied %v", r)
	}
	ask := func(msgType string, req map[string]any) map[string]any {
		id := c.send(c.shell, msgType, req)
		return content(c.reply(c.shellC, id, 5*time.Second))
	}
	r := ask("complete_request", map[string]any{"code": "words.", "cursor_pos": 6})
	if r["status"] != "ok" || fmt.Sprint(r["matches"]) != "[]" {
		t.Errorf("complete_reply = %v", r)
	}
	r = ask("complete_request", map[string]any{"code": "wor", "cursor_pos": 3})
	if r["status"] != "ok" || fmt.Sprint(r["matches"]) != "[words]" {
		t.Errorf("complete_reply = %v", r)
	}
	r = ask("inspect_request", map[string]any{"code": "words", "cursor_pos": 5, "detail_level": 0})
	if r["status"] != "ok" || !strings.Contains(fmt.Sprint(r["data"]), "var words []string") {
		t.Errorf("inspect_reply = %v", r)
	}
}

// A handler that panics still replies, with status error.
func TestCompleteInspectPanicReplies(t *testing.T) {
	oldC, oldI := completeFn, inspectFn
	t.Cleanup(func() { completeFn, inspectFn = oldC, oldI })
	completeFn = func(*exec.Interp, string, int) ([]string, int, int) { panic("boom in complete") }
	inspectFn = func(*exec.Interp, string, int) (display.Bundle, bool) { panic("boom in inspect") }

	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	for _, msgType := range []string{"complete_request", "inspect_request"} {
		id := c.send(c.shell, msgType, map[string]any{"code": "x", "cursor_pos": 1})
		r := content(c.reply(c.shellC, id, 5*time.Second))
		if r["status"] != "error" || r["ename"] != "InternalError" || !strings.Contains(fmt.Sprint(r["evalue"]), "boom in") {
			t.Errorf("%s: reply %v, want status error naming the panic", msgType, r)
		}
	}
	// The kernel still serves cells.
	if r, _ := c.execute("1 + 1"); r["status"] != "ok" {
		t.Errorf("execute after the panics: %v", r)
	}
}
