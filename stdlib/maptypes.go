package stdlib

import (
	"reflect"

	"trigo/kernel/display"
)

// MapTypes tells the interpreter which interfaces to look for when an
// interpreted value is passed to a compiled function that takes `any`: an
// interpreted type with an HTML method, passed to display.Display, arrives
// wrapped as a display.HTMLer. interp.Use reads it from Symbols["."].
var MapTypes = map[reflect.Value][]reflect.Type{}

func init() {
	renderers := display.Renderers()
	for _, fn := range []any{display.Display, display.Of, display.TextOf} {
		MapTypes[reflect.ValueOf(fn)] = renderers
	}
	Symbols["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(MapTypes)}
}
