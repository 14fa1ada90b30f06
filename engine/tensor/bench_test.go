package tensor

import (
	"math/rand"
	"testing"
)

// BenchmarkLinearBackward times the backward pass of one lite-sized FFN
// Linear (x [4, 128, 256] · w [1536, 256]ᵀ + b): the gradients of x, w and
// b, i.e. two GEMMs and a column sum. The forward pass that records the
// graph runs outside the timer. Not run in CI; e.g.
// go test ./engine/tensor -run '^$' -bench LinearBackward -benchtime 20x
func BenchmarkLinearBackward(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	x := Randn(rng, 1, 4, 128, 256).SetRequiresGrad(true)
	w := Param("w", Randn(rng, 0.06, 1536, 256))
	bias := Param("b", Zeros(1536))
	for b.Loop() {
		b.StopTimer()
		x.ZeroGrad()
		w.ZeroGrad()
		bias.ZeroGrad()
		loss := Sum(Linear(x, w, bias))
		b.StartTimer()
		Backward(loss)
	}
	// Two GEMMs of 2·(4·128)·256·1536 flops each.
	b.ReportMetric(float64(b.N)*2*2*4*128*256*1536/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
