package widgets

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"trigo/kernel/display"
)

// num reads a JSON number (float64) or a Go number from a state.
func num(v any) float64 {
	switch v := v.(type) {
	case float64:
		return v
	case float32:
		return float64(v)
	case int:
		return float64(v)
	case int64:
		return float64(v)
	}
	return 0
}

func onKey(m *model, key string, f func()) {
	m.changed = append(m.changed, func(keys []string) {
		for _, k := range keys {
			if k == key {
				f()
				return
			}
		}
	})
}

// IntSlider is a slider over integers (IntSliderModel).
type IntSlider struct{ *model }

// NewIntSlider makes a slider from min to max in steps of step, at value.
func NewIntSlider(description string, min, max, step, value int) *IntSlider {
	w := &IntSlider{control("IntSliderModel", "IntSliderView", "SliderStyleModel", map[string]any{
		"description": description, "description_allow_html": false, "disabled": false,
		"min": min, "max": max, "step": step, "value": value,
		"behavior": "drag-tap", "continuous_update": true, "orientation": "horizontal",
		"readout": true, "readout_format": "d",
	})}
	w.text = func() string {
		return fmt.Sprintf("IntSlider(value=%d, min=%d, max=%d, description=%q)", w.Value(), min, max, description)
	}
	return w
}

// Value is the slider's position.
func (w *IntSlider) Value() int { return int(math.Round(num(w.get("value")))) }

// SetValue moves the slider.
func (w *IntSlider) SetValue(v int) { w.set(map[string]any{"value": v}) }

// OnChange calls f with the new value whenever the user moves the slider.
func (w *IntSlider) OnChange(f func(v int)) { onKey(w.model, "value", func() { f(w.Value()) }) }

func (w *IntSlider) value() any        { return w.Value() }
func (w *IntSlider) onChange(f func()) { onKey(w.model, "value", f) }

// FloatSlider is a slider over float64 (FloatSliderModel).
type FloatSlider struct{ *model }

// NewFloatSlider makes a slider from min to max in steps of step, at value.
func NewFloatSlider(description string, min, max, step, value float64) *FloatSlider {
	w := &FloatSlider{control("FloatSliderModel", "FloatSliderView", "SliderStyleModel", map[string]any{
		"description": description, "description_allow_html": false, "disabled": false,
		"min": min, "max": max, "step": step, "value": value,
		"behavior": "drag-tap", "continuous_update": true, "orientation": "horizontal",
		"readout": true, "readout_format": readoutFormat(step),
	})}
	w.text = func() string {
		return fmt.Sprintf("FloatSlider(value=%g, min=%g, max=%g, description=%q)", w.Value(), min, max, description)
	}
	return w
}

// readoutFormat shows as many decimals as the step has (".2f" by default,
// ipywidgets').
func readoutFormat(step float64) string {
	d := 2
	if step > 0 {
		s := strconv.FormatFloat(step, 'f', -1, 64)
		if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > d {
			d = len(s) - i - 1
		}
	}
	return "." + strconv.Itoa(d) + "f"
}

func (w *FloatSlider) Value() float64     { return num(w.get("value")) }
func (w *FloatSlider) SetValue(v float64) { w.set(map[string]any{"value": v}) }
func (w *FloatSlider) OnChange(f func(v float64)) {
	onKey(w.model, "value", func() { f(w.Value()) })
}
func (w *FloatSlider) value() any        { return w.Value() }
func (w *FloatSlider) onChange(f func()) { onKey(w.model, "value", f) }

// Dropdown picks one of several strings (DropdownModel: the front-end
// knows the labels and the index).
type Dropdown struct {
	*model
	options []string
}

// NewDropdown makes a dropdown of options with value selected ("" or a
// value not among them: the first).
func NewDropdown(description string, options []string, value string) *Dropdown {
	idx := 0
	for i, o := range options {
		if o == value {
			idx = i
		}
	}
	labels := make([]any, len(options))
	for i, o := range options {
		labels[i] = o
	}
	var index any = idx
	if len(options) == 0 {
		index = nil
	}
	w := &Dropdown{options: append([]string(nil), options...)}
	w.model = control("DropdownModel", "DropdownView", "DescriptionStyleModel", map[string]any{
		"description": description, "description_allow_html": false, "disabled": false,
		"_options_labels": labels, "index": index,
	})
	w.text = func() string {
		return fmt.Sprintf("Dropdown(value=%q, options=%q, description=%q)", w.Value(), options, description)
	}
	return w
}

// Index is the position of the selected option (-1: none).
func (w *Dropdown) Index() int {
	v := w.get("index")
	if v == nil {
		return -1
	}
	return int(num(v))
}

// Value is the selected option ("" when none).
func (w *Dropdown) Value() string {
	if i := w.Index(); i >= 0 && i < len(w.options) {
		return w.options[i]
	}
	return ""
}

// SetValue selects an option; one not among the options is ignored.
func (w *Dropdown) SetValue(v string) {
	for i, o := range w.options {
		if o == v {
			w.set(map[string]any{"index": i})
			return
		}
	}
}

func (w *Dropdown) OnChange(f func(v string)) { onKey(w.model, "index", func() { f(w.Value()) }) }
func (w *Dropdown) value() any                { return w.Value() }
func (w *Dropdown) onChange(f func())         { onKey(w.model, "index", f) }

// Checkbox is a boolean (CheckboxModel).
type Checkbox struct{ *model }

func NewCheckbox(description string, value bool) *Checkbox {
	w := &Checkbox{control("CheckboxModel", "CheckboxView", "CheckboxStyleModel", map[string]any{
		"description": description, "description_allow_html": false, "disabled": false,
		"indent": true, "value": value,
	})}
	w.text = func() string { return fmt.Sprintf("Checkbox(value=%t, description=%q)", w.Value(), description) }
	return w
}

func (w *Checkbox) Value() bool             { v, _ := w.get("value").(bool); return v }
func (w *Checkbox) SetValue(v bool)         { w.set(map[string]any{"value": v}) }
func (w *Checkbox) OnChange(f func(v bool)) { onKey(w.model, "value", func() { f(w.Value()) }) }
func (w *Checkbox) value() any              { return w.Value() }
func (w *Checkbox) onChange(f func())       { onKey(w.model, "value", f) }

// Text is a one-line text box (TextModel).
type Text struct {
	*model
	submit []func(string)
}

func NewText(description, value string) *Text {
	w := &Text{}
	w.model = control("TextModel", "TextView", "TextStyleModel", map[string]any{
		"description": description, "description_allow_html": false, "disabled": false,
		"continuous_update": true, "placeholder": "\u200b", "value": value,
	})
	w.text = func() string { return fmt.Sprintf("Text(value=%q, description=%q)", w.Value(), description) }
	w.custom = func(c map[string]any) {
		if c["event"] == "submit" {
			for _, f := range w.submit {
				guard(func() { f(w.Value()) })
			}
		}
	}
	return w
}

func (w *Text) Value() string             { v, _ := w.get("value").(string); return v }
func (w *Text) SetValue(v string)         { w.set(map[string]any{"value": v}) }
func (w *Text) OnChange(f func(v string)) { onKey(w.model, "value", func() { f(w.Value()) }) }

// OnSubmit calls f with the text when the user presses Enter.
func (w *Text) OnSubmit(f func(v string)) { w.submit = append(w.submit, f) }
func (w *Text) value() any                { return w.Value() }
func (w *Text) onChange(f func())         { onKey(w.model, "value", f) }

// Button is a push button (ButtonModel).
type Button struct {
	*model
	clicks []func()
}

func NewButton(description string) *Button {
	w := &Button{}
	w.model = control("ButtonModel", "ButtonView", "ButtonStyleModel", map[string]any{
		"description": description, "disabled": false, "button_style": "", "icon": "",
	})
	w.text = func() string { return fmt.Sprintf("Button(description=%q)", description) }
	w.custom = func(c map[string]any) {
		if c["event"] == "click" {
			for _, f := range w.clicks {
				guard(f)
			}
		}
	}
	return w
}

// OnClick calls f whenever the button is clicked.
func (w *Button) OnClick(f func()) { w.clicks = append(w.clicks, f) }

// Click runs the click callbacks as a click would (for code and tests).
func (w *Button) Click() {
	if w.custom != nil {
		w.custom(map[string]any{"event": "click"})
	}
}
func (w *Button) value() any        { return nil }
func (w *Button) onChange(f func()) { w.OnClick(f) }

// Label is a line of text (LabelModel).
type Label struct{ *model }

func NewLabel(value string) *Label {
	w := &Label{control("LabelModel", "LabelView", "LabelStyleModel", map[string]any{
		"description": "", "description_allow_html": false, "placeholder": "\u200b", "value": value,
	})}
	w.text = func() string { v, _ := w.get("value").(string); return v }
	return w
}

func (w *Label) SetValue(v string) { w.set(map[string]any{"value": v}) }

// Box lays widgets out in a row (HBox) or a column (VBox).
type Box struct {
	*model
	children []Widget
}

func newBox(name string, children []Widget) *Box {
	refs := make([]any, len(children))
	for i, c := range children {
		refs[i] = ref(c.base())
	}
	w := &Box{children: children}
	w.model = control(name+"Model", name+"View", "", map[string]any{"box_style": "", "children": refs})
	w.text = func() string {
		var parts []string
		for _, c := range w.children {
			parts = append(parts, c.base().text())
		}
		return name + "(" + strings.Join(parts, ", ") + ")"
	}
	return w
}

// VBox stacks widgets vertically.
func VBox(children ...Widget) *Box { return newBox("VBox", children) }

// HBox puts widgets side by side.
func HBox(children ...Widget) *Box { return newBox("HBox", children) }

// Children are the box's widgets.
func (w *Box) Children() []Widget { return w.children }

// Output is an area that collects the output of code run inside Capture
// (OutputModel): what it prints and displays appears in the widget, not
// under the cell. The front-end does the collecting: while the widget's
// msg_id names a request, outputs of that request go into the widget.
type Output struct{ *model }

func NewOutput() *Output {
	w := &Output{}
	w.model = open(map[string]any{
		"_model_module": "@jupyter-widgets/output", "_model_module_version": OutputVersion, "_model_name": "OutputModel",
		"_view_module": "@jupyter-widgets/output", "_view_module_version": OutputVersion, "_view_name": "OutputView",
		"_dom_classes": []any{}, "tabbable": nil, "tooltip": nil, "layout": ref(layout()),
		"msg_id": "", "outputs": []any{},
	})
	w.text = func() string { return "Output()" }
	return w
}

// Capture runs f with its output going into the widget. With clear set,
// the widget's earlier output is replaced (when f's first output arrives,
// so that a redrawn figure does not flicker).
func (w *Output) Capture(clear bool, f func()) {
	if w.t == nil {
		f()
		return
	}
	w.set(map[string]any{"msg_id": w.t.Parent()})
	defer func() {
		w.t.Flush() // what f printed, before the widget stops collecting
		w.set(map[string]any{"msg_id": ""})
	}()
	if clear {
		display.Clear(true)
	}
	f()
}

// Clear empties the widget.
func (w *Output) Clear() {
	if w.t == nil {
		return
	}
	w.set(map[string]any{"outputs": []any{}})
}
