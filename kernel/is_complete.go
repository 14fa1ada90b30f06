package kernel

import "trigo/kernel/exec"

// isComplete answers is_complete_request, which consoles send to decide
// whether Enter runs the cell or starts a new line.
func isComplete(k *Kernel, r *request) {
	var req struct {
		Code string `json:"code"`
	}
	if err := r.content(&req); err != nil {
		k.reply(r, "is_complete_reply", map[string]any{"status": "unknown"})
		return
	}
	status, indent := exec.IsComplete(req.Code)
	reply := map[string]any{"status": status}
	if status == "incomplete" {
		reply["indent"] = indent
	}
	k.reply(r, "is_complete_reply", reply)
}
