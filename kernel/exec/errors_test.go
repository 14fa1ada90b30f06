package exec

import (
	"strings"
	"testing"
)

// Errors say what went wrong in Go's words and where: the cell line of a
// panic (Yaegi reports where the function started), the call chain
// through cell functions, and what Yaegi's compiler leaves unexplained.
func TestErrorsSayWhatAndWhere(t *testing.T) {
	in, _ := newInterp(t)
	if _, err := run(t, in, "type Mod struct{ Params []int }\nm := &Mod{Params: []int{1}}\ntype H struct{ Steps []int }\nfunc get(xs []int, k int) int {\n\treturn xs[k]\n}"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		code, name, value string
		line              int
		traceback         []string // in order
	}{
		{"xs := []int{1, 2, 3}\nk := 5\n_ = xs[k]", "runtime error", "index out of range", 3, []string{"cell, line 3", "_ = xs[k]"}},
		{"var nm map[string]int\nnm[\"a\"] = 1", "runtime error", "assignment to entry in nil map", 2, nil},
		{"var h *H\nfmt := 1\n_ = fmt\nn := len(h.Steps)\n_ = n", "runtime error", "invalid memory address or nil pointer dereference", 4, []string{"cell, line 4"}},
		// The chain: the panicking line in get, then the calling lines.
		{"func outer() int {\n\tx := 0\n\treturn get([]int{1}, 3) + x\n}\n\nouter()", "runtime error", "index out of range", 3,
			[]string{"in get (declared in an earlier cell), line 5", "return xs[k]", "in outer, line 3", "return get([]int{1}, 3) + x", "cell, line 6", "outer()"}},
		// A panic inside a block the kernel ran in a function literal is
		// the cell's, reported once.
		{"import \"strconv\"\nys := []int{1}\nfor i := 0; i < 1; i++ {\n\tn, err := strconv.Atoi(\"5\")\n\t_ = err\n\t_ = ys[n]\n}", "runtime error", "index out of range", 6, []string{"cell, line 6", "_ = ys[n]"}},
		{"x := modle.New(3)", "CompileError", "undefined: modle", 1, nil},
		{"m.Params()[0]", "CompileError", "m.Params is a field, not a method", 1, nil},
		{"a := 1\n_ = a\nfor i := range 3 {\n\t_ = i\n}", "CompileError", "range over integers", 3, nil},
	}
	for _, c := range cases {
		_, err := run(t, in, c.code)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%q: err = %v, want *Error", c.code, err)
			continue
		}
		tb := strings.Join(e.Traceback, "\n")
		if e.Name != c.name || !strings.Contains(e.Value, c.value) || e.Line != c.line {
			t.Errorf("%q: got %s %q line %d, want %s %q line %d\n%s", c.code, e.Name, e.Value, e.Line, c.name, c.value, c.line, tb)
			continue
		}
		rest := tb
		for _, want := range c.traceback {
			i := strings.Index(rest, want)
			if i < 0 {
				t.Errorf("%q: traceback lacks %q (in order):\n%s", c.code, want, tb)
				break
			}
			rest = rest[i+len(want):]
		}
		if strings.Count(tb, "cell, line") > 1 {
			t.Errorf("%q: the cell's frame twice:\n%s", c.code, tb)
		}
	}
}
