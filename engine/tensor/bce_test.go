package tensor

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

func TestBCEWithLogitsGolden(t *testing.T) {
	runGolden(t, "bce", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{BCEWithLogits(in["logits"], in["targets"].Data)}
	})
}

func TestBCEWithLogitsGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(14))
	y := []float32{0, 1, 0.3, 1, 0.9, 0}
	gradCheck(t, "BCEWithLogits", func(in []*Tensor) *Tensor { return BCEWithLogits(in[0], y) }, Randn(rng, 2, 6, 1))
}

func TestBCEWithLogitsStable(t *testing.T) {
	// |x| = 1000 overflows a naive log(σ(x)); the stable form gives |x|·[wrong side].
	got := BCEWithLogits(New([]float32{1000, -1000, 1000}, 3), []float32{1, 0, 0}).Item()
	if math.Abs(float64(got)-1000.0/3) > 1e-3 {
		t.Errorf("BCE at ±1000 = %g, want %g", got, 1000.0/3)
	}
}

func TestBCEWithLogitsBadInput(t *testing.T) {
	for _, c := range []struct {
		f    func()
		want []string
	}{
		{func() { BCEWithLogits(Zeros(3, 2), make([]float32, 6)) }, []string{"tensor.BCEWithLogits", "[3 2]"}},
		{func() { BCEWithLogits(Zeros(3), make([]float32, 2)) }, []string{"tensor.BCEWithLogits", "2 targets", "[3]"}},
		{func() { BCEWithLogits(Zeros(0), nil) }, []string{"tensor.BCEWithLogits", "empty"}},
	} {
		err := Catch(c.f)
		for _, s := range c.want {
			if err == nil || !strings.Contains(err.Error(), s) {
				t.Errorf("want an error containing %q, got %v", s, err)
			}
		}
	}
}
