package kernel

import "trigo/engine/interrupt"

// interruptRequest answers interrupt_request (control channel, the
// kernelspec's interrupt_mode "message"): the running cell stops, the
// kernel and its variables stay.
func interruptRequest(k *Kernel, r *request) {
	k.interruptCell()
	k.reply(r, "interrupt_reply", map[string]any{"status": "ok"})
}

// interruptCell stops the running cell: interpreted code through its
// context, compiled engine loops through trigo/engine/interrupt.
func (k *Kernel) interruptCell() {
	interrupt.Request()
	k.mu.Lock()
	cancel := k.cancel
	k.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}
