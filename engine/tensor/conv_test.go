package tensor

import (
	"math/rand"
	"strings"
	"testing"

	"trigo/engine/parallel"
)

func TestCausalConv1dGolden(t *testing.T) {
	runGolden(t, "conv", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{CausalConv1d(in["x"], in["w"], int(c.Params["dilation"]))}
	})
}

func TestCausalConv1dGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for _, dil := range []int{1, 3} {
		x, w := Randn(rng, 1, 2, 11, 5), Randn(rng, 0.5, 5, 4)
		gradCheck(t, "CausalConv1d", func(in []*Tensor) *Tensor { return CausalConv1d(in[0], in[1], dil) }, x, w)
	}
}

// The output at time t must not change when inputs after t change.
func TestCausalConv1dIsCausal(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	x, w := Randn(rng, 1, 1, 12, 3), Randn(rng, 1, 3, 5)
	y0 := CausalConv1d(x, w, 2)
	for i := 6 * 3; i < len(x.Data); i++ {
		x.Data[i] += 1
	}
	y1 := CausalConv1d(x, w, 2)
	for i := 0; i < 6*3; i++ {
		if y0.Data[i] != y1.Data[i] {
			t.Fatalf("output %d changed when only later inputs did", i)
		}
	}
}

// Threads must not change the result (partial dw sums are per chunk).
func TestCausalConv1dThreads(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	x, w := Randn(rng, 1, 3, 40, 7), Randn(rng, 1, 7, 5)
	run := func(th int) (y, dw []float32) {
		prev := parallel.SetThreads(th)
		defer parallel.SetThreads(prev)
		w.Grad = nil
		w.SetRequiresGrad(true)
		out := CausalConv1d(x, w, 4)
		Backward(Sum(out))
		return out.Data, w.Grad
	}
	y1, g1 := run(1)
	y3, g3 := run(3)
	if relErr(y3, y1) > 1e-6 || relErr(g3, g1) > 1e-6 {
		t.Fatalf("threads change the result: y %.3g, dw %.3g", relErr(y3, y1), relErr(g3, g1))
	}
}

func TestCausalConv1dBadInput(t *testing.T) {
	for _, tc := range []struct {
		x, w *Tensor
		dil  int
		want string
	}{
		{Zeros(2, 5, 3), Zeros(4, 5), 1, "[4 5]"},
		{Zeros(5, 3), Zeros(3, 5), 1, "[5 3]"},
		{Zeros(2, 5, 3), Zeros(3, 5), 0, "dilation 0"},
		{Zeros(2, 5, 3), Zeros(3, 0), 1, "[3 0]"},
	} {
		err := Catch(func() { CausalConv1d(tc.x, tc.w, tc.dil) })
		if err == nil || !strings.Contains(err.Error(), "tensor.CausalConv1d") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("x %v w %v dilation %d: got %v", tc.x.Shape, tc.w.Shape, tc.dil, err)
		}
	}
}

func BenchmarkCausalConv1d(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	x := Randn(rng, 1, 16, 256, 512).SetRequiresGrad(true)
	w := Param("w", Randn(rng, 0.3, 512, 5))
	for _, dil := range []int{1, 4} {
		b.Run(map[int]string{1: "fwd+bwd/K5", 4: "fwd+bwd/K5d4"}[dil], func(b *testing.B) {
			for b.Loop() {
				y := CausalConv1d(x, w, dil)
				y.Grad = y.Data // any upstream gradient
				y.node.backward()
			}
		})
	}
}
