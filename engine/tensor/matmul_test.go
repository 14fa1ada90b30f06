package tensor

import (
	"math/rand"
	"strings"
	"testing"
)

func TestLinearGolden(t *testing.T) {
	runGolden(t, "linear", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{Linear(in["x"], in["w"], in["b"])}
	})
}

func TestMatMulGolden(t *testing.T) {
	runGolden(t, "matmul", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{MatMul(in["a"], in["c"])}
	})
}

func TestLinearMatMulGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	x, w, b := Randn(rng, 1, 4, 5), Randn(rng, 0.5, 3, 5), Randn(rng, 1, 3)
	gradCheck(t, "Linear", func(in []*Tensor) *Tensor { return Linear(in[0], in[1], in[2]) }, x, w, b)
	a, c := Randn(rng, 1, 2, 3, 4), Randn(rng, 1, 2, 4, 5)
	gradCheck(t, "MatMul", func(in []*Tensor) *Tensor { return MatMul(in[0], in[1]) }, a, c)
}

func TestLinearBadShapes(t *testing.T) {
	err := Catch(func() { Linear(Zeros(2, 3), Zeros(4, 5), nil) })
	if err == nil || !strings.Contains(err.Error(), "tensor.Linear") || !strings.Contains(err.Error(), "[2 3]") {
		t.Fatalf("want error naming tensor.Linear and shapes, got %v", err)
	}
	err = Catch(func() { MatMul(Zeros(2, 3), Zeros(4, 5)) })
	if err == nil || !strings.Contains(err.Error(), "tensor.MatMul") {
		t.Fatalf("want error naming tensor.MatMul, got %v", err)
	}
}
