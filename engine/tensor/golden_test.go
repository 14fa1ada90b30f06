package tensor

import (
	"encoding/json"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The golden files are written by tools/golden/*.py with PyTorch; see
// tools/golden/common.py for the format. Tolerance: the largest absolute
// difference relative to the largest magnitude of the reference.
const goldenTol = 1e-4

type goldenTensor struct {
	Shape []int     `json:"shape"`
	Data  []float32 `json:"data"`
}

type goldenCase struct {
	Name    string                  `json:"name"`
	Params  map[string]float64      `json:"params"`
	Ints    map[string][]int        `json:"ints"`
	Inputs  map[string]goldenTensor `json:"inputs"`
	Outputs []goldenTensor          `json:"outputs"`
	Dys     []goldenTensor          `json:"dys"`
	Grads   map[string]goldenTensor `json:"grads"`
}

func loadGolden(t *testing.T, op string) []goldenCase {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "golden", op+".json"))
	if err != nil {
		t.Fatalf("golden file for %s: %v (regenerate with /usr/bin/python3 tools/golden/*.py)", op, err)
	}
	var f struct {
		Cases []goldenCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("golden file for %s: %v", op, err)
	}
	if len(f.Cases) == 0 {
		t.Fatalf("golden file for %s has no cases", op)
	}
	return f.Cases
}

// relErr is max|got-want| / max(max|want|, 1e-6).
func relErr(got, want []float32) float64 {
	var diff, mag float64
	for i := range want {
		diff = math.Max(diff, math.Abs(float64(got[i])-float64(want[i])))
		mag = math.Max(mag, math.Abs(float64(want[i])))
	}
	return diff / math.Max(mag, 1e-6)
}

func checkClose(t *testing.T, what string, got *Tensor, want goldenTensor, tol float64) {
	t.Helper()
	if !slices.Equal(got.Shape, want.Shape) && !(len(want.Shape) == 0 && len(got.Data) == 1) {
		t.Errorf("%s: shape %v, want %v", what, got.Shape, want.Shape)
		return
	}
	if len(got.Data) != len(want.Data) {
		t.Errorf("%s: %d values, want %d", what, len(got.Data), len(want.Data))
		return
	}
	if e := relErr(got.Data, want.Data); e > tol || math.IsNaN(e) {
		t.Errorf("%s: relative error %.3g > %.1g", what, e, tol)
	}
}

// runGolden feeds each case's inputs to op, compares its outputs, then
// back-propagates sum(out·dy) and compares every input's gradient.
func runGolden(t *testing.T, file string, op func(c goldenCase, in map[string]*Tensor) []*Tensor) {
	for _, c := range loadGolden(t, file) {
		t.Run(c.Name, func(t *testing.T) {
			in := map[string]*Tensor{}
			for k, v := range c.Inputs {
				in[k] = New(append([]float32(nil), v.Data...), v.Shape...).SetRequiresGrad(true)
			}
			outs := op(c, in)
			if len(outs) != len(c.Outputs) {
				t.Fatalf("%d outputs, want %d", len(outs), len(c.Outputs))
			}
			var loss *Tensor
			for i, o := range outs {
				checkClose(t, "output", o, c.Outputs[i], goldenTol)
				dy := New(c.Dys[i].Data, o.Shape...)
				term := Sum(Mul(o, dy))
				if loss == nil {
					loss = term
				} else {
					loss = Add(loss, term)
				}
			}
			Backward(loss)
			for k, want := range c.Grads {
				g := in[k]
				if g.Grad == nil {
					g.Grad = make([]float32, len(g.Data))
				}
				checkClose(t, "grad "+k, &Tensor{Shape: g.Shape, Data: g.Grad}, want, goldenTol)
			}
		})
	}
}

// gradCheck compares analytic gradients of sum(f(inputs)·r) with central
// finite differences, in float32, so the tolerance is loose.
func gradCheck(t *testing.T, name string, f func(in []*Tensor) *Tensor, inputs ...*Tensor) {
	t.Helper()
	rng := rand.New(rand.NewSource(7))
	for _, x := range inputs {
		x.SetRequiresGrad(true)
		x.Grad = nil
	}
	y := f(inputs)
	r := Randn(rng, 1, y.Shape...)
	lossOf := func() float64 {
		var s float64
		NoGrad(func() {
			out := f(inputs)
			for i, v := range out.Data {
				s += float64(v) * float64(r.Data[i])
			}
		})
		return s
	}
	Backward(Sum(Mul(y, r)))
	const eps = 1e-2
	for xi, x := range inputs {
		probe := rng.Perm(len(x.Data))
		if len(probe) > 12 {
			probe = probe[:12]
		}
		for _, i := range probe {
			orig := x.Data[i]
			x.Data[i] = orig + eps
			up := lossOf()
			x.Data[i] = orig - eps
			down := lossOf()
			x.Data[i] = orig
			num := (up - down) / (2 * eps)
			ana := float64(x.Grad[i])
			if math.Abs(num-ana) > 2e-2*math.Max(1, math.Abs(num)) {
				t.Errorf("%s: input %d index %d: analytic grad %.5g, numeric %.5g", name, xi, i, ana, num)
			}
		}
	}
}
