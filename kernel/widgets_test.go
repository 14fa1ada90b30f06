package kernel

import (
	"strings"
	"testing"
	"time"

	"trigo/kernel/wire"
)

// byType returns the messages of one type.
func byType(ms []*wire.Message, typ string) []map[string]any {
	var out []map[string]any
	for _, m := range ms {
		if m.Header.MsgType == typ {
			out = append(out, content(m))
		}
	}
	return out
}

// A cell opens widgets over comms (protocol 2.1); an update from the
// front-end runs the Interact function again, whose output arrives with the
// comm_msg as parent while the Output widget's msg_id names it.
func TestWidgetsInteract(t *testing.T) {
	k := startKernel(t, newConnection(t))
	c := dial(t, k.conn)
	r, out := c.execute(`import (
	"fmt"
	"trigo/kernel/widgets"
)
lam := widgets.NewFloatSlider("λ", 0, 1, 0.05, 0.25)
n := widgets.NewIntSlider("n", 1, 10, 1, 3)
widgets.Interact(func(l float64, k int) { fmt.Printf("λ=%.2f n=%d\n", l, k) }, lam, n)
lam.ModelID()`)
	if r["status"] != "ok" {
		t.Fatalf("cell failed: %v", r)
	}
	opens := byType(out, "comm_open")
	var slider map[string]any
	for _, o := range opens {
		if o["target_name"] != "jupyter.widget" {
			t.Errorf("comm_open target %v", o["target_name"])
		}
		st := o["data"].(map[string]any)["state"].(map[string]any)
		if st["_model_name"] == "FloatSliderModel" {
			slider = o
		}
	}
	if slider == nil {
		t.Fatalf("no FloatSliderModel among %d comm_opens", len(opens))
	}
	st := slider["data"].(map[string]any)["state"].(map[string]any)
	if st["_model_module"] != "@jupyter-widgets/controls" || st["_model_module_version"] != "2.0.0" ||
		st["value"] != 0.25 || st["description"] != "λ" || !strings.HasPrefix(st["layout"].(string), "IPY_MODEL_") {
		t.Errorf("slider state = %v", st)
	}
	for _, m := range out {
		if m.Header.MsgType == "comm_open" && !strings.Contains(string(m.Metadata), `"version":"2.1.0"`) {
			t.Errorf("comm_open metadata %s, want version 2.1.0", m.Metadata)
		}
	}
	if ds := byType(out, "display_data"); len(ds) != 1 || ds[0]["data"].(map[string]any)["application/vnd.jupyter.widget-view+json"] == nil {
		t.Errorf("display_data = %v, want one widget view", ds)
	}
	if !strings.Contains(streams(out), "λ=0.25 n=3") {
		t.Errorf("first run's output missing: %q", streams(out))
	}
	id := strings.Trim(result(out), `"`)
	if len(id) != 32 {
		t.Fatalf("model id %q", id)
	}

	// The user moves the slider.
	mid := c.send(c.shell, "comm_msg", map[string]any{"comm_id": id,
		"data": map[string]any{"method": "update", "state": map[string]any{"value": 0.5}, "buffer_paths": []any{}}})
	msgs := c.outputs(mid, 10*time.Second)
	if !strings.Contains(streams(msgs), "λ=0.50 n=3") {
		t.Errorf("after the update: %s %q", types(msgs), streams(msgs))
	}
	var echo, capture bool
	for _, m := range byType(msgs, "comm_msg") {
		d := m["data"].(map[string]any)
		if d["method"] == "echo_update" && m["comm_id"] == id {
			echo = true
		}
		if s, ok := d["state"].(map[string]any); ok && s["msg_id"] == mid {
			capture = true
		}
	}
	if !echo || !capture {
		t.Errorf("echo_update %v, Output msg_id set to the comm_msg %v: %s", echo, capture, types(msgs))
	}
	if r, _ := c.execute("lam.Value()"); r["status"] != "ok" {
		t.Fatal(r)
	}
	// comm_info lists the open comms.
	iid := c.send(c.shell, "comm_info_request", map[string]any{"target_name": "jupyter.widget"})
	comms := content(c.reply(c.shellC, iid, 5*time.Second))["comms"].(map[string]any)
	if _, ok := comms[id]; !ok || len(comms) < 8 {
		t.Errorf("comm_info_reply has %d comms, want the slider %s among them", len(comms), id)
	}
}
