package tensor

import (
	"math/rand"
	"strings"
	"testing"
)

func TestEmbeddingGolden(t *testing.T) {
	runGolden(t, "embedding", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{Embedding(in["w"], c.Ints["ids"], c.Ints["shape"]...)}
	})
}

func TestEmbeddingGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	ids := []int{0, 3, 3, 1, 4, 0, 2}
	gradCheck(t, "Embedding", func(in []*Tensor) *Tensor { return Embedding(in[0], ids, 7) }, Randn(rng, 1, 5, 3))
}

// A batch big enough to take the parallel column-stripe path in backward.
func TestEmbeddingBackwardParallel(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	v, d, n := 13, 64, 2048
	ids := make([]int, n)
	for i := range ids {
		ids[i] = rng.Intn(v)
	}
	w := Param("w", Randn(rng, 1, v, d))
	dy := Randn(rng, 1, n, d)
	Backward(Sum(Mul(Embedding(w, ids), dy)))
	want := make([]float32, v*d)
	for i, id := range ids {
		addTo(want[id*d:(id+1)*d], dy.Data[i*d:(i+1)*d])
	}
	if e := relErr(w.Grad, want); e > 1e-6 {
		t.Fatalf("parallel scatter-add differs from serial: %g", e)
	}
}

func TestEmbeddingBadInput(t *testing.T) {
	w := Zeros(5, 3)
	for _, c := range []struct {
		f    func()
		want []string
	}{
		{func() { Embedding(w, []int{0, 5}) }, []string{"tensor.Embedding", "ids[1] = 5", "[0, 5)"}},
		{func() { Embedding(w, []int{-1}) }, []string{"tensor.Embedding", "ids[0] = -1"}},
		{func() { Embedding(w, []int{0, 1, 2}, 2, 2) }, []string{"tensor.Embedding", "[2 2]"}},
		{func() { Embedding(Zeros(5), []int{0}) }, []string{"tensor.Embedding", "[5]"}},
	} {
		err := Catch(c.f)
		for _, s := range c.want {
			if err == nil || !strings.Contains(err.Error(), s) {
				t.Errorf("want an error containing %q, got %v", s, err)
			}
		}
	}
}
