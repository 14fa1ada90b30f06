package tensor

import (
	"math/rand"
	"strings"
	"testing"
)

func TestHadamardGolden(t *testing.T) {
	runGolden(t, "hadamard", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{Hadamard(in["x"])}
	})
}

func TestHadamardGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(18))
	gradCheck(t, "Hadamard", func(in []*Tensor) *Tensor { return Hadamard(in[0]) }, Randn(rng, 1, 3, 16))
}

func TestHadamardSelfInverse(t *testing.T) {
	rng := rand.New(rand.NewSource(19))
	for _, d := range []int{1, 2, 4, 8, 512} {
		x := Randn(rng, 1, 70, d)
		if e := relErr(Hadamard(Hadamard(x)).Data, x.Data); e > 1e-6 {
			t.Errorf("D=%d: H(H(x)) differs from x by %g", d, e)
		}
	}
}

func TestHadamardBadInput(t *testing.T) {
	err := Catch(func() { Hadamard(Zeros(2, 12)) })
	if err == nil || !strings.Contains(err.Error(), "tensor.Hadamard") || !strings.Contains(err.Error(), "[2 12]") || !strings.Contains(err.Error(), "power of 2") {
		t.Fatalf("want an error naming tensor.Hadamard, the shape and the rule, got %v", err)
	}
	if err := Catch(func() { Hadamard(Zeros(3, 0)) }); err == nil {
		t.Fatal("D=0 accepted")
	}
}

func BenchmarkHadamard4096x512(b *testing.B) {
	x := Randn(rand.New(rand.NewSource(1)), 1, 4096, 512).SetRequiresGrad(true)
	for i := 0; i < b.N; i++ {
		y := Hadamard(x)
		y.Grad = y.Data
		y.node.backward()
	}
}
