package kernel

import (
	"encoding/json"
	"errors"

	"trigo/kernel/wire"
)

// ErrNoStdin is what a cell reading stdin gets when the front-end does not
// accept input requests (allow_stdin false, e.g. nbconvert).
var ErrNoStdin = errors.New("stdin is not available: the front-end does not accept input requests")

// serveStdin receives input_reply messages. The stdin channel only ever
// carries answers to the kernel's own input_request.
func (k *Kernel) serveStdin() {
	k.recv(k.stdin, func(r *request) {
		if r.msg.Header.MsgType != "input_reply" {
			k.log.Printf("stdin: unexpected %q", r.msg.Header.MsgType)
			return
		}
		select {
		case k.inputs <- r.msg:
		default:
			k.log.Print("stdin: input_reply nobody asked for")
		}
	})
}

// input sends an input_request to the front-end that sent the running
// execute_request and waits for its input_reply. An interrupt or shutdown
// ends the wait.
func (k *Kernel) input(prompt string, password bool) (string, error) {
	parent := k.parent.Load()
	if parent == nil || !k.allowStdin.Load() {
		return "", ErrNoStdin
	}
	k.flush()
	for len(k.inputs) > 0 { // a stale answer
		<-k.inputs
	}
	content, _ := json.Marshal(map[string]any{"prompt": prompt, "password": password})
	m := &wire.Message{
		Identities:   parent.Identities,
		Header:       wire.NewHeader("input_request", k.session, parent.Header.Username),
		ParentHeader: parent.RawHeader,
		Metadata:     json.RawMessage("{}"),
		Content:      content,
	}
	k.send(k.stdin, m)
	k.mu.Lock()
	cell := k.cellCtx
	k.mu.Unlock()
	if cell == nil {
		cell = k.ctx
	}
	for {
		select {
		case reply := <-k.inputs:
			var c struct {
				Value string `json:"value"`
			}
			if err := json.Unmarshal(reply.Content, &c); err != nil {
				return "", err
			}
			return c.Value, nil
		case <-cell.Done():
			return "", errors.New("interrupted while waiting for input")
		}
	}
}
