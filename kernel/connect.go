package kernel

// connect answers the deprecated connect_request with the kernel's ports.
func connect(k *Kernel, r *request) {
	k.reply(r, "connect_reply", map[string]any{
		"status":       "ok",
		"shell_port":   k.conn.ShellPort,
		"iopub_port":   k.conn.IOPubPort,
		"stdin_port":   k.conn.StdinPort,
		"hb_port":      k.conn.HBPort,
		"control_port": k.conn.ControlPort,
	})
}
