package tensor

import (
	"math/rand"
	"strings"
	"testing"
)

func TestSoftmaxGolden(t *testing.T) {
	runGolden(t, "softmax", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{Softmax(in["x"])}
	})
}

func TestSoftmaxGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	gradCheck(t, "Softmax", func(in []*Tensor) *Tensor { return Softmax(in[0]) }, Randn(rng, 2, 4, 5))
}

func TestSoftmaxRowsSumToOne(t *testing.T) {
	rng := rand.New(rand.NewSource(10))
	y := Softmax(Randn(rng, 20, 500, 33)) // wide logits, parallel path
	for r := 0; r < 500; r++ {
		var s float64
		for _, v := range y.Data[r*33 : (r+1)*33] {
			s += float64(v)
		}
		if s < 1-1e-5 || s > 1+1e-5 {
			t.Fatalf("row %d sums to %g", r, s)
		}
	}
}

func TestSoftmaxBadInput(t *testing.T) {
	if err := Catch(func() { Softmax(Scalar(1)) }); err == nil || !strings.Contains(err.Error(), "tensor.Softmax") {
		t.Fatalf("want an error naming tensor.Softmax, got %v", err)
	}
}
