package tensor

import (
	"math/rand"
	"strings"
	"testing"
)

func TestMaskedMeanGolden(t *testing.T) {
	runGolden(t, "pool", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{MaskedMean(in["x"], in["mask"].Data)}
	})
}

func TestMaskedMeanGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(16))
	mask := []float32{1, 0, 1, 1, 0, 0, 0, 0, 0.5, 1, 2, 0}
	gradCheck(t, "MaskedMean", func(in []*Tensor) *Tensor { return MaskedMean(in[0], mask) }, Randn(rng, 1, 3, 4, 5))
	gradCheck(t, "MaskedMean/nil mask", func(in []*Tensor) *Tensor { return MaskedMean(in[0], nil) }, Randn(rng, 1, 2, 3, 4))
}

func TestMaskedMeanBadInput(t *testing.T) {
	for _, c := range []struct {
		f    func()
		want []string
	}{
		{func() { MaskedMean(Zeros(2, 3), nil) }, []string{"tensor.MaskedMean", "[2 3]"}},
		{func() { MaskedMean(Zeros(2, 3, 4), make([]float32, 5)) }, []string{"tensor.MaskedMean", "5 values", "[2 3 4]"}},
		{func() { MaskedMean(Zeros(1, 2, 4), []float32{1, -1}) }, []string{"tensor.MaskedMean", "mask[1]"}},
	} {
		err := Catch(c.f)
		for _, s := range c.want {
			if err == nil || !strings.Contains(err.Error(), s) {
				t.Errorf("want an error containing %q, got %v", s, err)
			}
		}
	}
}
