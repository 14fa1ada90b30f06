package kernel

// inspect answers inspect_request with the declaration and doc comment of
// the symbol under the cursor.
func inspect(k *Kernel, r *request) {
	defer replyOnPanic(k, r, "inspect_reply")
	var req struct {
		Code        string `json:"code"`
		CursorPos   *int   `json:"cursor_pos"`
		DetailLevel int    `json:"detail_level"`
	}
	if err := r.content(&req); err != nil {
		k.reply(r, "inspect_reply", errorContent("BadRequest", err.Error(), nil, 0))
		return
	}
	in := k.interpreter()
	if in == nil {
		k.reply(r, "inspect_reply", errorContent("KernelError", "the interpreter did not start", nil, 0))
		return
	}
	cursor := len(req.Code)
	if req.CursorPos != nil {
		cursor = byteOffset(req.Code, *req.CursorPos)
	}
	data, found := inspectFn(in, req.Code, cursor)
	reply := map[string]any{"status": "ok", "found": found, "data": map[string]any{}, "metadata": map[string]any{}}
	if found {
		reply["data"] = data
	}
	k.reply(r, "inspect_reply", reply)
}
