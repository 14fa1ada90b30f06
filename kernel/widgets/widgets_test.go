package widgets

import (
	"strings"
	"sync"
	"testing"
)

// fake records what widgets send.
type fake struct {
	mu     sync.Mutex
	opens  map[string]map[string]any // id → state
	sent   []map[string]any          // data of comm_msgs, with "comm_id" added
	closed []string
}

func (f *fake) Open(id, target string, data, meta map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.opens == nil {
		f.opens = map[string]map[string]any{}
	}
	f.opens[id] = data["state"].(map[string]any)
}
func (f *fake) Send(id string, data map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := map[string]any{"comm_id": id}
	for k, v := range data {
		d[k] = v
	}
	f.sent = append(f.sent, d)
}
func (f *fake) Close(id string)      { f.closed = append(f.closed, id) }
func (f *fake) Parent() string       { return "parent-1" }
func (f *fake) Flush()               {}
func (f *fake) last() map[string]any { return f.sent[len(f.sent)-1] }

func withFake(t *testing.T) *fake {
	f := &fake{}
	prev := SetTransport(f)
	t.Cleanup(func() { SetTransport(prev) })
	return f
}

func update(id string, st map[string]any) {
	HandleMsg(id, map[string]any{"method": "update", "state": st, "buffer_paths": []any{}})
}

func TestControlsFollowTheFrontEnd(t *testing.T) {
	f := withFake(t)
	d := NewDropdown("model", []string{"lite", "multi", "vanilla"}, "multi")
	if st := f.opens[d.ModelID()]; st["_model_name"] != "DropdownModel" || st["index"] != 1 || len(st["_options_labels"].([]any)) != 3 {
		t.Errorf("dropdown state %v", st)
	}
	var picked string
	d.OnChange(func(v string) { picked = v })
	update(d.ModelID(), map[string]any{"index": 2.0})
	if picked != "vanilla" || d.Value() != "vanilla" {
		t.Errorf("after index 2: picked %q, Value %q", picked, d.Value())
	}
	if e := f.last(); e["method"] != "echo_update" {
		t.Errorf("no echo_update after an update: %v", e)
	}

	c := NewCheckbox("ternary", false)
	update(c.ModelID(), map[string]any{"value": true})
	if !c.Value() {
		t.Error("checkbox did not follow the update")
	}

	tx := NewText("prompt", "hi")
	var submitted string
	tx.OnSubmit(func(v string) { submitted = v })
	update(tx.ModelID(), map[string]any{"value": "once upon"})
	HandleMsg(tx.ModelID(), map[string]any{"method": "custom", "content": map[string]any{"event": "submit"}})
	if submitted != "once upon" {
		t.Errorf("submit got %q", submitted)
	}

	b := NewButton("run")
	clicks := 0
	b.OnClick(func() { clicks++ })
	HandleMsg(b.ModelID(), map[string]any{"method": "custom", "content": map[string]any{"event": "click"}})
	if clicks != 1 {
		t.Errorf("%d clicks", clicks)
	}

	// Set from Go is sent as an update; request_state gets the whole state.
	s := NewIntSlider("n", 0, 10, 1, 4)
	s.SetValue(7)
	if e := f.last(); e["method"] != "update" || e["state"].(map[string]any)["value"] != 7 {
		t.Errorf("SetValue sent %v", e)
	}
	HandleMsg(s.ModelID(), map[string]any{"method": "request_state"})
	if e := f.last(); e["method"] != "update" || e["state"].(map[string]any)["_view_name"] != "IntSliderView" {
		t.Errorf("request_state answered %v", e)
	}
	// The ipywidgets 8 control comm gets every state at once.
	if !HandleOpen("ctl", ControlTarget, nil, map[string]any{"version": "1.0.0"}) {
		t.Fatal("control comm refused")
	}
	HandleMsg("ctl", map[string]any{"method": "request_states"})
	if e := f.last(); e["method"] != "update_states" || e["states"].(map[string]any)[s.ModelID()] == nil {
		t.Errorf("request_states answered %v", e["method"])
	}
	HandleClose("ctl")
	if HandleOpen("x", "some.other.target", nil, nil) {
		t.Error("an unknown target was accepted")
	}
}

// A panicking callback does not take the kernel down.
func TestCallbackPanic(t *testing.T) {
	withFake(t)
	s := NewIntSlider("n", 0, 10, 1, 4)
	s.OnChange(func(int) { panic("boom") })
	update(s.ModelID(), map[string]any{"value": 5.0})
	if s.Value() != 5 {
		t.Errorf("value %d", s.Value())
	}
}

func TestInteract(t *testing.T) {
	f := withFake(t)
	lam := NewFloatSlider("λ", 0, 1, 0.001, 0.1)
	if st := f.opens[lam.ModelID()]; st["readout_format"] != ".3f" {
		t.Errorf("readout_format %v for step 0.001", st["readout_format"])
	}
	n := NewIntSlider("n", 0, 10, 1, 2)
	var got []float64
	ia := Interact(func(l float32, k float64) { got = append(got, float64(l), k) }, lam, n)
	update(n.ModelID(), map[string]any{"value": 3.0})
	if len(got) != 4 || got[2] < 0.0999 || got[2] > 0.1001 || got[3] != 3 {
		t.Errorf("calls %v", got)
	}
	// The output area collected under the request's id, then stopped.
	var ids []any
	for _, m := range f.sent {
		if m["comm_id"] == ia.Out.ModelID() {
			ids = append(ids, m["state"].(map[string]any)["msg_id"])
		}
	}
	if len(ids) != 4 || ids[0] != "parent-1" || ids[1] != "" {
		t.Errorf("Output msg_id updates %v", ids)
	}
	if txt := ia.MIMEBundle()["text/plain"].(string); !strings.Contains(txt, "FloatSlider") {
		t.Errorf("Interactive text %q", txt)
	}
	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(string), "2 controls") {
			t.Errorf("wrong arity: %v", p)
		}
	}()
	Interact(func(a int) {}, lam, n)
}

// Without a front-end, widgets are text and Interact runs once.
func TestNoTransport(t *testing.T) {
	prev := SetTransport(nil)
	defer SetTransport(prev)
	s := NewIntSlider("n", 0, 10, 1, 4)
	b := s.MIMEBundle()
	if _, ok := b[ViewMIME]; ok || !strings.Contains(b["text/plain"].(string), "value=4") {
		t.Errorf("bundle %v", b)
	}
	runs := 0
	Interact(func() { runs++ }, s)
	if runs != 1 {
		t.Errorf("%d runs", runs)
	}
}
