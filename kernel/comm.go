package kernel

import (
	"encoding/json"

	"trigo/kernel/widgets"
)

// Comms carry the Jupyter widget protocol (trigo/kernel/widgets): the
// kernel opens a comm per widget model, the front-end sends state updates
// and events back as comm_msg on the shell channel, which runs the Go
// callbacks in order with the cells, as ipykernel does.

// commInfo answers comm_info_request with the open widget comms.
func commInfo(k *Kernel, r *request) {
	var req struct {
		Target string `json:"target_name"`
	}
	r.content(&req)
	comms := map[string]any{}
	for id, target := range widgets.Comms(req.Target) {
		comms[id] = map[string]any{"target_name": target}
	}
	k.reply(r, "comm_info_reply", map[string]any{"status": "ok", "comms": comms})
}

// commRequest is the content of comm_open, comm_msg and comm_close.
type commRequest struct {
	CommID string         `json:"comm_id"`
	Target string         `json:"target_name"`
	Data   map[string]any `json:"data"`
}

// commOpen accepts the comms the widgets package knows (the ipywidgets 8
// control comm) and closes any other at once, as ipykernel does for a
// target nobody registered.
func commOpen(k *Kernel, r *request) {
	var req commRequest
	if r.content(&req) != nil || req.CommID == "" {
		return
	}
	var meta map[string]any
	json.Unmarshal(r.msg.Metadata, &meta)
	if !widgets.HandleOpen(req.CommID, req.Target, req.Data, meta) {
		k.publish(r.msg, "comm_close", map[string]any{"comm_id": req.CommID, "data": map[string]any{}})
	}
}

// commMsg hands a front-end's message to its widget. What the callbacks
// print or display has the comm_msg as its parent (an Output widget
// collects it by that id).
func commMsg(k *Kernel, r *request) {
	var req commRequest
	if r.content(&req) != nil {
		return
	}
	if k.interpreter() == nil {
		return
	}
	k.parent.Store(r.msg)
	defer k.flush()
	if !widgets.HandleMsg(req.CommID, req.Data) {
		k.log.Printf("comm_msg for unknown comm %s dropped", req.CommID)
	}
}

// commClose forgets a comm the front-end closed.
func commClose(k *Kernel, r *request) {
	var req commRequest
	if r.content(&req) == nil {
		widgets.HandleClose(req.CommID)
	}
}

// widgetTransport publishes the widgets' comm messages on iopub.
type widgetTransport struct{ k *Kernel }

func (t widgetTransport) Open(id, target string, data, metadata map[string]any) {
	t.k.publishMeta(t.k.parent.Load(), "comm_open",
		map[string]any{"comm_id": id, "target_name": target, "data": data}, metadata)
}

func (t widgetTransport) Send(id string, data map[string]any) {
	t.k.publish(t.k.parent.Load(), "comm_msg", map[string]any{"comm_id": id, "data": data})
}

func (t widgetTransport) Close(id string) {
	t.k.publish(t.k.parent.Load(), "comm_close", map[string]any{"comm_id": id, "data": map[string]any{}})
}

func (t widgetTransport) Parent() string {
	if m := t.k.parent.Load(); m != nil {
		return m.Header.MsgID
	}
	return ""
}

func (t widgetTransport) Flush() { t.k.flush() }
