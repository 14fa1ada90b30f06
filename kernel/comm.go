package kernel

// commInfo answers comm_info_request: Trigo opens no comms.
func commInfo(k *Kernel, r *request) {
	k.reply(r, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
}

// commOpen refuses a comm the front-end opens: no comm targets are
// registered, so the comm is closed at once, as ipykernel does.
func commOpen(k *Kernel, r *request) {
	var req struct {
		CommID string `json:"comm_id"`
	}
	if r.content(&req) == nil && req.CommID != "" {
		k.publish(r.msg, "comm_close", map[string]any{"comm_id": req.CommID, "data": map[string]any{}})
	}
}

// commIgnore drops comm_msg and comm_close for comms that do not exist.
func commIgnore(k *Kernel, r *request) {}
