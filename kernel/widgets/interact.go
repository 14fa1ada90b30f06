package widgets

import (
	"fmt"
	"reflect"

	"trigo/kernel/display"
)

// Control is a widget with a value that Interact passes on: the sliders,
// Dropdown, Checkbox, Text (Button: a click re-runs, with no value).
type Control interface {
	Widget
	value() any
	onChange(f func())
}

// Interactive is what Interact shows: the controls above an Output that
// holds what the function printed and displayed.
type Interactive struct {
	*Box
	Out *Output
	run func()
}

// Update re-runs the function with the controls' current values.
func (i *Interactive) Update() { i.run() }

// MIMEBundle is text only: Interact has displayed the widgets already, and
// a cell ending in Interact(...) would show them twice (ipywidgets'
// interact returns the function, shown as text, for the same reason).
// display.Display(i.Box) shows them again.
func (i *Interactive) MIMEBundle() map[string]any {
	return map[string]any{"text/plain": "interactive " + i.Box.text()}
}

// Interact displays controls and an output area, calls f with the
// controls' values, and calls it again, with the output area cleared,
// whenever one of them changes — a slider that sweeps λ and redraws a
// figure. f is a func() (it reads the controls itself) or takes one
// argument per control, in order, of the control's value type (int for
// an IntSlider, float64, string for a Dropdown or Text, bool; a number
// converts to another numeric type). A Button among the controls re-runs
// f when clicked and passes no argument.
//
// Without a front-end that renders widgets (trigo run, a terminal) f runs
// once, its output going where the cell's goes.
func Interact(f any, controls ...Control) *Interactive {
	fv := reflect.ValueOf(f)
	if fv.Kind() != reflect.Func {
		panic(fmt.Sprintf("widgets.Interact: f is a %T, not a function", f))
	}
	var valued []Control
	for _, c := range controls {
		if _, ok := c.(*Button); !ok {
			valued = append(valued, c)
		}
	}
	ft := fv.Type()
	if ft.NumIn() != 0 && ft.NumIn() != len(valued) {
		panic(fmt.Sprintf("widgets.Interact: f takes %d arguments and there are %d controls with values", ft.NumIn(), len(valued)))
	}
	call := func() {
		var args []reflect.Value
		if ft.NumIn() > 0 {
			for i, c := range valued {
				args = append(args, convert(c.value(), ft.In(i)))
			}
		}
		fv.Call(args)
	}
	out := NewOutput()
	children := make([]Widget, 0, len(controls)+1)
	for _, c := range controls {
		children = append(children, c)
	}
	ia := &Interactive{Box: VBox(append(children, out)...), Out: out}
	ia.run = func() { out.Capture(true, call) }
	for _, c := range controls {
		c.onChange(ia.run)
	}
	display.Display(ia.Box)
	ia.run()
	return ia
}

// convert makes v a value of type t (panics with both types named when it
// cannot).
func convert(v any, t reflect.Type) reflect.Value {
	rv := reflect.ValueOf(v)
	if rv.Type().AssignableTo(t) {
		return rv
	}
	if rv.Type().ConvertibleTo(t) && rv.Kind() != reflect.String && t.Kind() != reflect.String {
		return rv.Convert(t)
	}
	panic(fmt.Sprintf("widgets.Interact: a control's value is a %s, the function's parameter a %s", rv.Type(), t))
}
