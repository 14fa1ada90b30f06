package kernel

// shutdown answers shutdown_request and stops the kernel. With restart set
// the caller of Run starts a fresh kernel — a new interpreter, nothing kept
// but the history.
func shutdown(k *Kernel, r *request) {
	var req struct {
		Restart bool `json:"restart"`
	}
	_ = r.content(&req)
	k.interruptCell()
	k.reply(r, "shutdown_reply", map[string]any{"status": "ok", "restart": req.Restart})
	// Shutdown replies also go to iopub (protocol 5.4 behaviour, harmless
	// before) so every client learns of it.
	k.publish(r.msg, "shutdown_reply", map[string]any{"status": "ok", "restart": req.Restart})
	k.restart.Store(req.Restart)
	k.stop()
}
