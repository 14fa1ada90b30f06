// Package widgets is the Jupyter widget protocol for Go cells: sliders,
// dropdowns, checkboxes, buttons, text boxes, output areas and boxes that
// JupyterLab, Notebook 7 and VS Code (ipywidgets 8 front-ends) render as
// live controls, and Interact, which re-runs a Go function whenever one of
// its controls changes.
//
//	lambda := widgets.NewFloatSlider("λ", 0, 1, 0.01, 0.1)
//	widgets.Interact(func(l float64) {
//		display.Display(plots.Line(...l...))
//	}, lambda)
//
// It speaks version 2.1 of the widget message protocol (ipywidgets 8:
// @jupyter-widgets/base and /controls 2.0.0, /output 1.0.0) over Jupyter
// comms: each widget is a comm of target "jupyter.widget" whose comm_open
// carries {state, buffer_paths}; "update", "request_state", "custom" and
// "echo_update" messages keep both sides in step. The package has no
// dependency on the messaging protocol: the kernel installs a Transport.
// Without one (trigo run, a terminal) widgets display as text and Interact
// calls its function once.
package widgets

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sort"
	"sync"
)

// The protocol and model versions this package speaks.
const (
	ProtocolVersion        = "2.1.0" // comm_open metadata "version"
	ControlProtocolVersion = "1.0.0" // the "jupyter.widget.control" comm
	BaseVersion            = "2.0.0" // @jupyter-widgets/base
	ControlsVersion        = "2.0.0" // @jupyter-widgets/controls
	OutputVersion          = "1.0.0" // @jupyter-widgets/output

	// Target is the comm target of widget models; ControlTarget the one
	// ipywidgets 8 front-ends open to fetch every state at once.
	Target        = "jupyter.widget"
	ControlTarget = "jupyter.widget.control"
	// ViewMIME is the MIME type under which a widget displays.
	ViewMIME = "application/vnd.jupyter.widget-view+json"
)

// Transport carries comm messages between widgets and a front-end. The
// kernel implements it on iopub; Parent is the msg_id of the request whose
// outputs are being produced (an execute_request, or the comm_msg whose
// callback is running), which an Output widget captures.
type Transport interface {
	Open(commID, target string, data, metadata map[string]any)
	Send(commID string, data map[string]any)
	Close(commID string)
	Parent() string
	// Flush publishes output printed so far (before a Capture ends).
	Flush()
}

var (
	mu        sync.Mutex
	transport Transport
	models    = map[string]*model{}
	// controlComm is the id of the front-end's "jupyter.widget.control"
	// comm.
	controlComm string
)

// SetTransport installs t (nil: none) and returns the previous one. Widgets
// made without a transport stay text-only.
func SetTransport(t Transport) Transport {
	mu.Lock()
	defer mu.Unlock()
	prev := transport
	transport = t
	return prev
}

func currentTransport() Transport {
	mu.Lock()
	defer mu.Unlock()
	return transport
}

// Widget is anything this package displays as a live control.
type Widget interface {
	// ModelID is the id of the widget's comm ("" without a transport).
	ModelID() string
	// MIMEBundle is how it displays: the widget view, and text for
	// front-ends without widgets.
	MIMEBundle() map[string]any
	base() *model
}

// model is one widget model: its state, synced with the front-end.
type model struct {
	id      string
	t       Transport // nil: text-only
	mu      sync.Mutex
	state   map[string]any
	text    func() string         // text/plain
	changed []func(keys []string) // after the front-end changed state
	custom  func(map[string]any)  // "custom" messages (button clicks, submits)
	onClose []func()
}

func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ref is how a state refers to another model.
func ref(m *model) string { return "IPY_MODEL_" + m.id }

// open creates a model with state and opens its comm.
func open(state map[string]any) *model {
	m := &model{id: newID(), t: currentTransport(), state: state}
	if m.t == nil {
		return m
	}
	mu.Lock()
	models[m.id] = m
	mu.Unlock()
	m.t.Open(m.id, Target, map[string]any{"state": m.snapshot(), "buffer_paths": []any{}},
		map[string]any{"version": ProtocolVersion})
	return m
}

// snapshot copies the state.
func (m *model) snapshot() map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := make(map[string]any, len(m.state))
	for k, v := range m.state {
		s[k] = v
	}
	return s
}

func (m *model) get(key string) any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state[key]
}

// set changes state from Go and tells the front-end.
func (m *model) set(kv map[string]any) {
	m.mu.Lock()
	for k, v := range kv {
		m.state[k] = v
	}
	m.mu.Unlock()
	if m.t != nil {
		m.t.Send(m.id, map[string]any{"method": "update", "state": kv, "buffer_paths": []any{}})
	}
}

// controlModel makes the layout (base) and a style model of a control.
func layout() *model {
	return open(map[string]any{
		"_model_module": "@jupyter-widgets/base", "_model_module_version": BaseVersion, "_model_name": "LayoutModel",
		"_view_module": "@jupyter-widgets/base", "_view_module_version": BaseVersion, "_view_name": "LayoutView",
	})
}

func style(name string, extra map[string]any) *model {
	s := map[string]any{
		"_model_module": "@jupyter-widgets/controls", "_model_module_version": ControlsVersion, "_model_name": name,
		"_view_module": "@jupyter-widgets/base", "_view_module_version": BaseVersion, "_view_name": "StyleView",
		"description_width": "",
	}
	for k, v := range extra {
		s[k] = v
	}
	return open(s)
}

// control opens a @jupyter-widgets/controls model with its layout and,
// when styleName is not "", its style.
func control(modelName, viewName, styleName string, state map[string]any) *model {
	s := map[string]any{
		"_model_module": "@jupyter-widgets/controls", "_model_module_version": ControlsVersion, "_model_name": modelName,
		"_view_module": "@jupyter-widgets/controls", "_view_module_version": ControlsVersion, "_view_name": viewName,
		"_dom_classes": []any{}, "tabbable": nil, "tooltip": nil, "layout": ref(layout()),
	}
	if styleName != "" {
		var extra map[string]any
		switch styleName {
		case "SliderStyleModel":
			extra = map[string]any{"handle_color": nil}
		case "ButtonStyleModel":
			extra = map[string]any{"button_color": nil, "font_family": nil, "font_size": nil, "font_style": nil,
				"font_variant": nil, "font_weight": nil, "text_color": nil, "text_decoration": nil}
		}
		s["style"] = ref(style(styleName, extra))
	}
	for k, v := range state {
		s[k] = v
	}
	return open(s)
}

func (m *model) ModelID() string {
	if m.t == nil {
		return ""
	}
	return m.id
}

func (m *model) base() *model { return m }

// MIMEBundle shows the widget's view where the front-end renders widgets,
// and its text elsewhere.
func (m *model) MIMEBundle() map[string]any {
	b := map[string]any{"text/plain": m.text()}
	if m.t != nil {
		b[ViewMIME] = map[string]any{"model_id": m.id, "version_major": 2, "version_minor": 0}
	}
	return b
}

// Close closes the widget's comm: its views disappear.
func (m *model) Close() {
	if m.t == nil {
		return
	}
	mu.Lock()
	_, ok := models[m.id]
	delete(models, m.id)
	mu.Unlock()
	if ok {
		m.t.Close(m.id)
	}
}

// Set changes any attribute of the widget's state (see the ipywidgets
// model documentation): "disabled", "readout_format", "continuous_update",
// "button_style", … It is sent to the front-end at once.
func (m *model) Set(attr string, value any) { m.set(map[string]any{attr: value}) }

// Get returns an attribute of the widget's state.
func (m *model) Get(attr string) any { return m.get(attr) }

// HandleOpen is called by the kernel for a comm_open from the front-end.
// It reports whether the comm is accepted (the kernel closes it when not).
func HandleOpen(commID, target string, data, metadata map[string]any) bool {
	if target != ControlTarget {
		return false
	}
	mu.Lock()
	controlComm = commID
	mu.Unlock()
	return true
}

// HandleMsg is called by the kernel for a comm_msg from the front-end. It
// reports whether the comm is a widget's or the control comm.
func HandleMsg(commID string, data map[string]any) bool {
	mu.Lock()
	m, ok := models[commID]
	isControl := commID != "" && commID == controlComm
	t := transport
	mu.Unlock()
	if isControl {
		if data["method"] == "request_states" && t != nil {
			t.Send(commID, map[string]any{"method": "update_states", "states": States(), "buffer_paths": map[string]any{}})
		}
		return true
	}
	if !ok {
		return false
	}
	switch data["method"] {
	case "update":
		st, _ := data["state"].(map[string]any)
		m.receive(st)
	case "request_state":
		m.t.Send(m.id, map[string]any{"method": "update", "state": m.snapshot(), "buffer_paths": []any{}})
	case "custom":
		c, _ := data["content"].(map[string]any)
		if m.custom != nil {
			guard(func() { m.custom(c) })
		}
	}
	return true
}

// receive applies a front-end's update, echoes it (protocol 2.1: every
// front-end learns the value the kernel accepted) and runs the callbacks.
func (m *model) receive(st map[string]any) {
	if len(st) == 0 {
		return
	}
	keys := make([]string, 0, len(st))
	m.mu.Lock()
	for k, v := range st {
		m.state[k] = v
		keys = append(keys, k)
	}
	m.mu.Unlock()
	sort.Strings(keys)
	m.t.Send(m.id, map[string]any{"method": "echo_update", "state": st, "buffer_paths": []any{}})
	for _, f := range m.changed {
		guard(func() { f(keys) })
	}
}

// HandleClose is called by the kernel for a comm_close from the front-end.
func HandleClose(commID string) {
	mu.Lock()
	m := models[commID]
	delete(models, commID)
	if commID == controlComm {
		controlComm = ""
	}
	mu.Unlock()
	if m != nil {
		for _, f := range m.onClose {
			guard(f)
		}
	}
}

// Comms lists the open widget comms (comm_info_reply): id → target.
func Comms(target string) map[string]string {
	mu.Lock()
	defer mu.Unlock()
	out := map[string]string{}
	if target == "" || target == Target {
		for id := range models {
			out[id] = Target
		}
	}
	return out
}

// States is every open model's state, the way ipywidgets answers the
// control comm's request_states.
func States() map[string]any {
	mu.Lock()
	ms := make([]*model, 0, len(models))
	for _, m := range models {
		ms = append(ms, m)
	}
	mu.Unlock()
	out := map[string]any{}
	for _, m := range ms {
		s := m.snapshot()
		out[m.id] = map[string]any{
			"model_name": s["_model_name"], "model_module": s["_model_module"],
			"model_module_version": s["_model_module_version"], "state": s,
		}
	}
	return out
}

// guard runs a callback; a panic in it is printed on stderr instead of
// ending the kernel.
func guard(f func()) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(os.Stderr, "panic in a widget callback: %v\n", p)
		}
	}()
	f()
}
