package tensor

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

func TestEntropyGolden(t *testing.T) {
	runGolden(t, "entropy", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{Entropy(in["p"])}
	})
}

func TestEntropyGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	// Probabilities away from 0 (the finite difference steps by 1e-2).
	p := Softmax(Randn(rng, 0.3, 3, 4)).Detach()
	gradCheck(t, "Entropy", func(in []*Tensor) *Tensor { return Entropy(in[0]) }, p)
	gradCheck(t, "Entropy∘Softmax", func(in []*Tensor) *Tensor { return Entropy(Softmax(in[0])) }, Randn(rng, 1, 3, 4))
}

func TestEntropyValues(t *testing.T) {
	h := Entropy(New([]float32{0.25, 0.25, 0.25, 0.25, 1, 0, 0, 0}, 2, 4))
	if math.Abs(float64(h.Data[0])-math.Log(4)) > 1e-6 || h.Data[1] != 0 {
		t.Errorf("entropies %v, want [ln 4, 0]", h.Data)
	}
	if len(h.Shape) != 1 || h.Shape[0] != 2 {
		t.Errorf("shape %v, want [2]", h.Shape)
	}
	if err := Catch(func() { Entropy(Scalar(1)) }); err == nil || !strings.Contains(err.Error(), "tensor.Entropy") {
		t.Errorf("want an error naming tensor.Entropy, got %v", err)
	}
}
