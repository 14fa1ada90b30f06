package tensor

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"
)

func TestActivationGolden(t *testing.T) {
	runGolden(t, "gelu", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		switch {
		case strings.HasPrefix(c.Name, "gelu"):
			return []*Tensor{GELU(in["x"])}
		case strings.HasPrefix(c.Name, "sigmoid"):
			return []*Tensor{Sigmoid(in["x"])}
		}
		t.Fatalf("no Go op for case %s", c.Name)
		return nil
	})
}

func TestActivationGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	gradCheck(t, "GELU", func(in []*Tensor) *Tensor { return GELU(in[0]) }, Randn(rng, 2, 3, 5))
	gradCheck(t, "Sigmoid", func(in []*Tensor) *Tensor { return Sigmoid(in[0]) }, Randn(rng, 2, 3, 5))
}

// Against the float64 formula element by element, over a large tensor (the
// parallel path) and across the range where tanh saturates.
func TestGELUMatchesFloat64(t *testing.T) {
	n := 100_003
	x := Zeros(n)
	for i := range x.Data {
		x.Data[i] = -12 + 24*float32(i)/float32(n)
	}
	y := GELU(x)
	worst := 0.0
	for i, v := range x.Data {
		f := float64(v)
		want := 0.5 * f * (1 + math.Tanh(geluK*(f+geluC*f*f*f)))
		if e := math.Abs(float64(y.Data[i])-want) / math.Max(math.Abs(want), 1e-3); e > worst {
			worst = e
		}
	}
	// ~1e-6 in the negative tail: the float32 rounding of the argument u
	// (≈1e-7 relative) is amplified by |2u| inside e^(−2u). The textbook
	// float32 formula 0.5x(1+tanh u) is off by ~8e-5 there (cancellation).
	if worst > 2e-6 {
		t.Errorf("GELU relative error %.3g vs float64", worst)
	}
}

func BenchmarkGELU(b *testing.B) {
	for _, shape := range [][2]int{{4096, 256}, {4096, 1536}} {
		x := Randn(rand.New(rand.NewSource(1)), 1, shape[0], shape[1]).SetRequiresGrad(true)
		size := fmt.Sprintf("%dx%d", shape[0], shape[1])
		b.Run("forward/"+size, func(b *testing.B) {
			b.SetBytes(int64(4 * len(x.Data)))
			NoGrad(func() {
				for i := 0; i < b.N; i++ {
					GELU(x)
				}
			})
		})
		b.Run("forward+backward/"+size, func(b *testing.B) {
			b.SetBytes(int64(4 * len(x.Data)))
			for i := 0; i < b.N; i++ {
				y := GELU(x)
				y.Grad = y.Data // any upstream gradient
				y.node.backward()
			}
		})
	}
}
