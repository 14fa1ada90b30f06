package tensor

import (
	"fmt"
	"math"
)

// BCEWithLogits is binary cross-entropy on logits, averaged over N, in the
// numerically stable form max(x, 0) − x·y + log(1 + e^−|x|).
// logits [N] or [N, 1], targets len N (labels in [0, 1]; soft ones allowed)
// → scalar.
func BCEWithLogits(logits *Tensor, targets []float32) *Tensor {
	if !(len(logits.Shape) == 1 || len(logits.Shape) == 2 && logits.Shape[1] == 1) {
		panic(fmt.Sprintf("tensor.BCEWithLogits: logits shape %v, want [N] or [N, 1]", logits.Shape))
	}
	n := len(logits.Data)
	if len(targets) != n {
		panic(fmt.Sprintf("tensor.BCEWithLogits: %d targets for logits %v", len(targets), logits.Shape))
	}
	if n == 0 {
		panic(fmt.Sprintf("tensor.BCEWithLogits: empty logits %v", logits.Shape))
	}
	// N is a batch of sequence-level labels, small: float64 is fine here.
	var sum float64
	for i, x := range logits.Data {
		x, y := float64(x), float64(targets[i])
		sum += math.Max(x, 0) - x*y + math.Log1p(math.Exp(-math.Abs(x)))
	}
	out := Scalar(float32(sum / float64(n)))
	targets = append([]float32(nil), targets...)
	record(out, "BCEWithLogits", func() {
		// d/dx = (σ(x) − y)/N.
		dx, g := logits.grad(), out.Grad[0]/float32(n)
		for i, x := range logits.Data {
			dx[i] += g * (sigmoidf(x) - targets[i])
		}
	}, logits)
	return out
}
