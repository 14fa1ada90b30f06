package nn

import (
	"strings"
	"testing"

	"trigo/engine/tensor"
)

func TestParamsRegistry(t *testing.T) {
	p := NewParams(1)
	l := NewLinear(p, "a", 4, 3, true, false, 1)
	NewLayerNorm(p, "n", 3)
	if p.Count() != 4*3+3+3+3 || p.CountPrefix("a.") != 15 || p.Get("a.w") != l.W || p.Lookup("n.g").Kind != Vector {
		t.Fatalf("registry: count %d", p.Count())
	}
	if l.W.Name != "a.w" || !l.W.RequiresGrad() {
		t.Fatal("parameter not named or not trainable")
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "duplicate") {
			t.Fatalf("duplicate name: %v", r)
		}
	}()
	NewLinear(p, "a", 4, 3, false, false, 1)
}

// A ternary Linear equals a float Linear over the quantised weight and input.
func TestTernaryLinear(t *testing.T) {
	p := NewParams(2)
	l := NewLinear(p, "t", 8, 5, true, true, 1)
	x := tensor.Randn(p.Rng, 1, 3, 8)
	got := l.Forward(x)
	want := tensor.Linear(tensor.Int8Quant(x), tensor.TernaryQuant(l.W), l.B)
	for i := range want.Data {
		if got.Data[i] != want.Data[i] {
			t.Fatal("ternary Linear differs from its definition")
		}
	}
	q := tensor.TernaryQuant(l.W)
	levels := map[float32]bool{}
	for _, v := range q.Data {
		levels[v] = true
	}
	if len(levels) > 3 {
		t.Fatalf("ternary weight has %d levels", len(levels))
	}
	c := NewConv(p, "c", 4, 5, 4, false, 1)
	if c.ReceptiveField() != 17 {
		t.Fatalf("receptive field %d", c.ReceptiveField())
	}
}
