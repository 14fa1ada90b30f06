package tensor

import (
	"math/rand"
	"strings"
	"testing"

	"trigo/engine/parallel"
)

func TestLayerNormGolden(t *testing.T) {
	runGolden(t, "layernorm", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{LayerNorm(in["x"], in["gamma"], in["beta"], float32(c.Params["eps"]))}
	})
}

func TestLayerNormGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	x, g, b := Randn(rng, 1, 4, 7), Randn(rng, 1, 7), Randn(rng, 1, 7)
	gradCheck(t, "LayerNorm", func(in []*Tensor) *Tensor { return LayerNorm(in[0], in[1], in[2], 1e-5) }, x, g, b)
	gradCheck(t, "LayerNorm/gain only", func(in []*Tensor) *Tensor { return LayerNorm(in[0], in[1], nil, 1e-5) }, x, g)
}

// Many rows: the parallel path with per-worker gain/bias sums.
func TestLayerNormParallelMatchesSerial(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	x := Randn(rng, 1, 300, 96)
	g, b := Param("g", Randn(rng, 1, 96)), Param("b", Randn(rng, 1, 96))
	dy := Randn(rng, 1, 300, 96)
	x.SetRequiresGrad(true)
	Backward(Sum(Mul(LayerNorm(x, g, b, 1e-5), dy)))
	// Reference: row by row, each a separate graph.
	wantG, wantB := make([]float32, 96), make([]float32, 96)
	for r := 0; r < 300; r++ {
		xr := New(append([]float32(nil), x.Data[r*96:(r+1)*96]...), 1, 96).SetRequiresGrad(true)
		gr, br := New(append([]float32(nil), g.Data...), 96).SetRequiresGrad(true), New(append([]float32(nil), b.Data...), 96).SetRequiresGrad(true)
		Backward(Sum(Mul(LayerNorm(xr, gr, br, 1e-5), New(dy.Data[r*96:(r+1)*96], 1, 96))))
		addTo(wantG, gr.Grad)
		addTo(wantB, br.Grad)
		if e := relErr(x.Grad[r*96:(r+1)*96], xr.Grad); e > 1e-5 {
			t.Fatalf("row %d dx differs: %g", r, e)
		}
	}
	if e := relErr(g.Grad, wantG); e > 1e-5 {
		t.Errorf("dgamma differs: %g", e)
	}
	if e := relErr(b.Grad, wantB); e > 1e-5 {
		t.Errorf("dbeta differs: %g", e)
	}
}

func TestLayerNormBadInput(t *testing.T) {
	err := Catch(func() { LayerNorm(Zeros(2, 4), Zeros(3), nil, 1e-5) })
	if err == nil || !strings.Contains(err.Error(), "tensor.LayerNorm") || !strings.Contains(err.Error(), "[3]") || !strings.Contains(err.Error(), "[2 4]") {
		t.Fatalf("want an error naming tensor.LayerNorm and both shapes, got %v", err)
	}
	err = Catch(func() { LayerNorm(Scalar(1), nil, nil, 1e-5) })
	if err == nil || !strings.Contains(err.Error(), "tensor.LayerNorm") {
		t.Fatalf("want an error for a scalar input, got %v", err)
	}
}

func BenchmarkLayerNorm4096x256(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	x := Randn(rng, 1, 4096, 256).SetRequiresGrad(true)
	g, be := Param("g", Full(1, 256)), Param("b", Zeros(256))
	b.Run("forward", func(b *testing.B) {
		NoGrad(func() {
			for i := 0; i < b.N; i++ {
				LayerNorm(x, g, be, 1e-5)
			}
		})
	})
	b.Run("forward+backward", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			y := LayerNorm(x, g, be, 1e-5)
			y.Grad = y.Data // any upstream gradient
			y.node.backward()
		}
	})
}

// dgamma/dbeta sum over rows in fixed blocks: the same bits at any thread
// count, so seeded runs repeat exactly.
func TestLayerNormDeterministicAcrossThreads(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	x, dy := Randn(rng, 1, 700, 48), Randn(rng, 1, 700, 48)
	grads := func(threads int) []float32 {
		prev := parallel.SetThreads(threads)
		defer parallel.SetThreads(prev)
		g, b := Param("g", Full(1.5, 48)), Param("b", Zeros(48))
		Backward(Sum(Mul(LayerNorm(x, g, b, 1e-5), dy)))
		return append(g.Grad, b.Grad...)
	}
	one := grads(1)
	for _, th := range []int{2, 3, 5} {
		for i, v := range grads(th) {
			if v != one[i] {
				t.Fatalf("threads=%d: gradient %d is %v, %v with one thread", th, i, v, one[i])
			}
		}
	}
}
