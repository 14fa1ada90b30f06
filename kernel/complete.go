package kernel

import (
	"fmt"
	"runtime/debug"
	"unicode/utf8"

	"trigo/kernel/exec"
)

// completeFn and inspectFn are what the handlers ask; tests replace them.
var (
	completeFn = (*exec.Interp).Complete
	inspectFn  = (*exec.Interp).Inspect
)

// replyOnPanic, deferred by a handler, turns a panic into an error reply
// of type msgType (a frontend waits for every request's reply: Tab or
// Shift-Tab must not go silent) and logs it with the stack.
func replyOnPanic(k *Kernel, r *request, msgType string) {
	p := recover()
	if p == nil {
		return
	}
	k.log.Printf("%s: handler panicked: %v\n%s", r.msg.Header.MsgType, p, debug.Stack())
	k.reply(r, msgType, errorContent("InternalError", fmt.Sprintf("%s failed inside the kernel: %v", r.msg.Header.MsgType, p), nil, 0))
}

// complete answers complete_request. Cursor positions on the wire count
// Unicode code points (protocol 5.2+); the interpreter counts bytes.
func complete(k *Kernel, r *request) {
	defer replyOnPanic(k, r, "complete_reply")
	var req struct {
		Code      string `json:"code"`
		CursorPos *int   `json:"cursor_pos"`
	}
	if err := r.content(&req); err != nil {
		k.reply(r, "complete_reply", errorContent("BadRequest", err.Error(), nil, 0))
		return
	}
	in := k.interpreter()
	if in == nil {
		k.reply(r, "complete_reply", errorContent("KernelError", "the interpreter did not start", nil, 0))
		return
	}
	cursor := len(req.Code)
	if req.CursorPos != nil {
		cursor = byteOffset(req.Code, *req.CursorPos)
	}
	matches, start, end := completeFn(in, req.Code, cursor)
	if matches == nil {
		matches = []string{}
	}
	k.reply(r, "complete_reply", map[string]any{
		"status":       "ok",
		"matches":      matches,
		"cursor_start": utf8.RuneCountInString(req.Code[:start]),
		"cursor_end":   utf8.RuneCountInString(req.Code[:end]),
		"metadata":     map[string]any{},
	})
}

// byteOffset converts a code-point offset into s to a byte offset.
func byteOffset(s string, points int) int {
	if points <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == points {
			return i
		}
		n++
	}
	return len(s)
}
