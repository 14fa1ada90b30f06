package tensor

import (
	"math/rand"
	"strings"
	"testing"
)

func TestElementwiseGolden(t *testing.T) {
	runGolden(t, "elementwise", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		switch {
		case strings.HasPrefix(c.Name, "add"):
			return []*Tensor{Add(in["a"], in["b"])}
		case c.Name == "sub":
			return []*Tensor{Sub(in["a"], in["b"])}
		case strings.HasPrefix(c.Name, "mul"):
			return []*Tensor{Mul(in["a"], in["b"])}
		case c.Name == "scale":
			return []*Tensor{Scale(in["a"], float32(c.Params["s"]))}
		case c.Name == "sum":
			return []*Tensor{Sum(in["a"])}
		case c.Name == "mean":
			return []*Tensor{Mean(in["a"])}
		}
		t.Fatalf("no Go op for case %s", c.Name)
		return nil
	})
}

func TestElementwiseGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	a, b := Randn(rng, 1, 3, 4), Randn(rng, 1, 4)
	gradCheck(t, "Mul", func(in []*Tensor) *Tensor { return Mul(in[0], in[1]) }, a, b)
	gradCheck(t, "Add", func(in []*Tensor) *Tensor { return Add(in[0], in[1]) }, a, b)
	gradCheck(t, "Reshape", func(in []*Tensor) *Tensor { return Reshape(Scale(in[0], 2), -1, 2) }, a)
}

func TestShapeErrorsNameTheOp(t *testing.T) {
	err := Catch(func() { Add(Zeros(2, 3), Zeros(4)) })
	if err == nil || !strings.Contains(err.Error(), "tensor.Add") || !strings.Contains(err.Error(), "[2 3]") {
		t.Fatalf("want an error naming tensor.Add and the shapes, got %v", err)
	}
	err = Catch(func() { Reshape(Zeros(2, 3), 4, 2) })
	if err == nil || !strings.Contains(err.Error(), "tensor.Reshape") {
		t.Fatalf("want an error naming tensor.Reshape, got %v", err)
	}
}

func TestBackwardAccumulatesAndReleasesGraph(t *testing.T) {
	w := Param("w", New([]float32{1, 2, 3}, 3))
	x := New([]float32{4, 5, 6}, 3)
	for i := 0; i < 2; i++ {
		Backward(Sum(Mul(x, w)))
	}
	for i, want := range []float32{8, 10, 12} {
		if w.Grad[i] != want {
			t.Fatalf("grad[%d] = %v, want %v (two accumulated backward passes)", i, w.Grad[i], want)
		}
	}
	var y *Tensor
	NoGrad(func() { y = Mul(x, w) })
	if y.RequiresGrad() || y.node != nil {
		t.Fatal("NoGrad recorded a graph")
	}
}
