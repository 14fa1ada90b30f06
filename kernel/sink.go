package kernel

import "trigo/kernel/display"

// sink is the display API's destination inside the kernel: display_data,
// update_display_data and clear_output on iopub, tied to the running
// execute request, and input requests on the stdin channel. Output printed
// before a display is flushed first, so the notebook shows both in order.
type sink struct{ k *Kernel }

func (s sink) Show(data display.Bundle, metadata map[string]any, id string, update bool) {
	s.k.flush()
	if metadata == nil {
		metadata = map[string]any{}
	}
	content := map[string]any{"data": data, "metadata": metadata, "transient": map[string]any{}}
	if id != "" {
		content["transient"] = map[string]any{"display_id": id}
	}
	msgType := "display_data"
	if update && id != "" {
		msgType = "update_display_data"
	}
	s.k.publish(s.k.parent.Load(), msgType, content)
}

func (s sink) Clear(wait bool) {
	s.k.flush()
	s.k.publish(s.k.parent.Load(), "clear_output", map[string]any{"wait": wait})
}

func (s sink) Input(prompt string, password bool) (string, error) {
	return s.k.input(prompt, password)
}
