package tensor

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

func TestCrossEntropyGolden(t *testing.T) {
	runGolden(t, "crossentropy", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		var mask []float32
		if c.Ints["masked"][0] == 1 {
			mask = in["mask"].Data
		}
		return []*Tensor{CrossEntropy(in["logits"], c.Ints["targets"], mask)}
	})
}

func TestCrossEntropyGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	targets := []int{0, 4, 2, 2, 1}
	gradCheck(t, "CrossEntropy", func(in []*Tensor) *Tensor { return CrossEntropy(in[0], targets, nil) }, Randn(rng, 2, 5, 5))
	mask := []float32{1, 0, 0.5, 1, 0}
	gradCheck(t, "CrossEntropy/masked", func(in []*Tensor) *Tensor { return CrossEntropy(in[0], targets, mask) }, Randn(rng, 2, 5, 5))
}

// Masked-out rows may carry any target (padding), contribute nothing and get
// no gradient; an all-zero mask gives loss 0.
func TestCrossEntropyMaskedRows(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	x := Randn(rng, 1, 3, 4).SetRequiresGrad(true)
	full := CrossEntropy(New(x.Data[:4], 1, 4), []int{2}, nil).Item()
	loss := CrossEntropy(x, []int{2, -1, 99}, []float32{1, 0, 0})
	if d := math.Abs(float64(loss.Item() - full)); d > 1e-6 {
		t.Errorf("masked loss %g, want the first row's %g", loss.Item(), full)
	}
	Backward(loss)
	for j := 4; j < 12; j++ {
		if x.Grad[j] != 0 {
			t.Fatalf("masked row got gradient %v", x.Grad[4:])
		}
	}
	x.Grad = nil
	zero := CrossEntropy(x, []int{0, 0, 0}, []float32{0, 0, 0})
	Backward(zero)
	if zero.Item() != 0 || relErr(x.Grad, make([]float32, 12)) != 0 {
		t.Errorf("all-zero mask: loss %g grad %v", zero.Item(), x.Grad)
	}
}

// Against a float64 reference on a model-sized batch (parallel path).
func TestCrossEntropyLarge(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	n, v := 1000, 256
	x := Randn(rng, 3, n, v).SetRequiresGrad(true)
	targets := make([]int, n)
	for i := range targets {
		targets[i] = rng.Intn(v)
	}
	loss := CrossEntropy(x, targets, nil)
	var want float64
	for i := 0; i < n; i++ {
		row := x.Data[i*v : (i+1)*v]
		var s float64
		for _, l := range row {
			s += math.Exp(float64(l))
		}
		want += math.Log(s) - float64(row[targets[i]])
	}
	want /= float64(n)
	if e := math.Abs(float64(loss.Item())-want) / want; e > 1e-6 {
		t.Errorf("loss %g, float64 reference %g (rel %g)", loss.Item(), want, e)
	}
	Backward(loss)
	var rowSum float64
	for _, g := range x.Grad[:v] {
		rowSum += float64(g)
	}
	if math.Abs(rowSum) > 1e-7 {
		t.Errorf("a row's gradient should sum to 0, got %g", rowSum)
	}
}

func TestCrossEntropyBadInput(t *testing.T) {
	x := Zeros(3, 4)
	for _, c := range []struct {
		f    func()
		want []string
	}{
		{func() { CrossEntropy(x, []int{0, 4, 1}, nil) }, []string{"tensor.CrossEntropy", "targets[1] = 4", "[0, 4)", "[3 4]"}},
		{func() { CrossEntropy(x, []int{0, 1, -1}, []float32{1, 1, 1}) }, []string{"tensor.CrossEntropy", "targets[2] = -1"}},
		{func() { CrossEntropy(x, []int{0, 1}, nil) }, []string{"tensor.CrossEntropy", "2 targets", "[3 4]"}},
		{func() { CrossEntropy(x, []int{0, 1, 2}, []float32{1}) }, []string{"tensor.CrossEntropy", "mask", "[3 4]"}},
		{func() { CrossEntropy(x, []int{0, 1, 2}, []float32{1, -1, 1}) }, []string{"tensor.CrossEntropy", "mask[1]"}},
		{func() { CrossEntropy(Zeros(12), make([]int, 12), nil) }, []string{"tensor.CrossEntropy", "[12]"}},
	} {
		err := Catch(c.f)
		for _, s := range c.want {
			if err == nil || !strings.Contains(err.Error(), s) {
				t.Errorf("want an error containing %q, got %v", s, err)
			}
		}
	}
}

func BenchmarkCrossEntropy4096x256(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	x := Randn(rng, 2, 4096, 256).SetRequiresGrad(true)
	targets := make([]int, 4096)
	for i := range targets {
		targets[i] = rng.Intn(256)
	}
	b.Run("forward", func(b *testing.B) {
		NoGrad(func() {
			for i := 0; i < b.N; i++ {
				CrossEntropy(x, targets, nil)
			}
		})
	})
	b.Run("forward+backward", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			x.Grad = nil
			Backward(CrossEntropy(x, targets, nil))
		}
	})
}
