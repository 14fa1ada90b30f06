package tensor

import (
	"math"
	"math/rand"
	"strings"
	"testing"

	"trigo/engine/parallel"
)

func TestQuantGolden(t *testing.T) {
	runGolden(t, "quant", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		switch {
		case strings.HasPrefix(c.Name, "ternary"):
			return []*Tensor{TernaryQuant(in["w"])}
		case strings.HasPrefix(c.Name, "int8"):
			return []*Tensor{Int8Quant(in["x"])}
		}
		t.Fatalf("no Go op for case %s", c.Name)
		return nil
	})
}

// The tie cases must match PyTorch exactly, not just within tolerance: the
// packed kernels will be checked bit for bit against this forward pass.
func TestQuantTiesExact(t *testing.T) {
	for _, c := range loadGolden(t, "quant") {
		if !strings.HasSuffix(c.Name, "_ties") {
			continue
		}
		for name, x := range c.Inputs {
			in := New(x.Data, x.Shape...)
			var got *Tensor
			if name == "w" {
				got = TernaryQuant(in)
			} else {
				got = Int8Quant(in)
			}
			for i, want := range c.Outputs[0].Data {
				if got.Data[i] != want {
					t.Errorf("%s[%d] = %v, PyTorch %v", c.Name, i, got.Data[i], want)
				}
			}
		}
	}
}

// The STE passes the gradient through unchanged.
func TestQuantStraightThrough(t *testing.T) {
	rng := rand.New(rand.NewSource(20))
	for name, f := range map[string]func(*Tensor) *Tensor{"TernaryQuant": TernaryQuant, "Int8Quant": Int8Quant} {
		x := Randn(rng, 1, 4, 9).SetRequiresGrad(true)
		dy := Randn(rng, 1, 4, 9)
		Backward(Sum(Mul(f(x), dy)))
		if relErr(x.Grad, dy.Data) != 0 {
			t.Errorf("%s: gradient %v, want dy %v", name, x.Grad[:4], dy.Data[:4])
		}
	}
}

func TestQuantValues(t *testing.T) {
	rng := rand.New(rand.NewSource(21))
	w := Randn(rng, 0.02, 300, 70) // several blocks for TernaryScale
	q := TernaryQuant(w)
	var s float64
	for _, v := range w.Data {
		s += math.Abs(float64(v))
	}
	alpha := float32(s / float64(len(w.Data)))
	if a := TernaryScale(w.Data); math.Abs(float64(a-alpha)) > 1e-6*float64(alpha) {
		t.Fatalf("TernaryScale %g, want %g", a, alpha)
	}
	for i, v := range q.Data {
		if v != 0 && v != alpha && v != -alpha {
			t.Fatalf("q[%d] = %g is not in {0, ±%g}", i, v, alpha)
		}
	}
	x := Randn(rng, 3, 50, 33)
	y := Int8Quant(x)
	for r := 0; r < 50; r++ {
		s := Int8Scale(x.Data[r*33 : (r+1)*33])
		for j := 0; j < 33; j++ {
			k := y.Data[r*33+j] * s
			if math.Abs(float64(k)-math.Round(float64(k))) > 1e-4 || k < -128.001 || k > 127.001 {
				t.Fatalf("row %d: %g·s = %g is not an int8 level", r, y.Data[r*33+j], k)
			}
			if d := math.Abs(float64(y.Data[r*33+j] - x.Data[r*33+j])); d > 0.5/float64(s)*(1+1e-6) {
				t.Fatalf("row %d: error %g beyond half a level %g", r, d, 0.5/s)
			}
		}
	}
	prev := parallel.SetThreads(1)
	a1 := TernaryScale(w.Data)
	parallel.SetThreads(3)
	a3 := TernaryScale(w.Data)
	parallel.SetThreads(prev)
	if a1 != a3 {
		t.Errorf("TernaryScale depends on the thread count: %v vs %v", a1, a3)
	}
	if got := TernaryQuant(Zeros(4)); relErr(got.Data, make([]float32, 4)) != 0 {
		t.Errorf("all-zero weight quantises to %v", got.Data)
	}
	if err := Catch(func() { Int8Quant(Scalar(1)) }); err == nil || !strings.Contains(err.Error(), "tensor.Int8Quant") {
		t.Errorf("want an error naming tensor.Int8Quant, got %v", err)
	}
}

func TestRoundHalfEven(t *testing.T) {
	for _, v := range []float32{0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 126.5, 127.49, -127.5, 0.49999997, 3.7, -3.7} {
		if got, want := roundHalfEven(v), float32(math.RoundToEven(float64(v))); got != want {
			t.Errorf("roundHalfEven(%v) = %v, want %v", v, got, want)
		}
	}
}
