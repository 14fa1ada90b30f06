package tensor

import (
	"fmt"
	"math"
)

// CrossEntropy is fused log-softmax + negative log-likelihood, averaged over
// the rows the mask counts:
// loss = Σᵢ mᵢ·(logsumexp(logitsᵢ) − logitsᵢ[targetᵢ]) / Σᵢ mᵢ.
// logits [N, V], targets len N with values in [0, V), mask len N of weights
// ≥ 0 or nil (all ones) → scalar. A row with mask 0 is skipped entirely, so
// its target is not checked (padding may use −1). If Σ mask = 0 the loss is
// 0 with zero gradient (PyTorch would give NaN).
func CrossEntropy(logits *Tensor, targets []int, mask []float32) *Tensor {
	if len(logits.Shape) != 2 {
		panic(fmt.Sprintf("tensor.CrossEntropy: logits shape %v, want [N, V]", logits.Shape))
	}
	n, v := logits.Shape[0], logits.Shape[1]
	if len(targets) != n {
		panic(fmt.Sprintf("tensor.CrossEntropy: %d targets for logits %v", len(targets), logits.Shape))
	}
	checkRowMask("CrossEntropy", mask, n, logits.Shape)
	for i, t := range targets {
		if (mask == nil || mask[i] != 0) && (t < 0 || t >= v) {
			panic(fmt.Sprintf("tensor.CrossEntropy: targets[%d] = %d out of range [0, %d) for logits %v", i, t, v, logits.Shape))
		}
	}
	weight := func(i int) float32 {
		if mask == nil {
			return 1
		}
		return mask[i]
	}
	var total float64
	for i := 0; i < n; i++ {
		total += float64(weight(i))
	}
	// The softmax probabilities are exactly what backward needs, so keep
	// them when a gradient will be asked for; otherwise a row of scratch.
	var probs []float32
	if GradEnabled() && logits.requiresGrad {
		probs = make([]float32, n*v)
	}
	rowLoss := make([]float64, n)
	forRows(n, v, func(lo, hi int) {
		var scratch []float32
		if probs == nil {
			scratch = make([]float32, v)
		}
		for i := lo; i < hi; i++ {
			if weight(i) == 0 {
				continue
			}
			x := logits.Data[i*v : (i+1)*v]
			p := scratch
			if probs != nil {
				p = probs[i*v : (i+1)*v]
			}
			m := maxF32(x)
			sum := expAffine(p, x, 1, -m)
			// loss = log Σ e^(x−m) − (x[t] − m), each term small.
			rowLoss[i] = float64(weight(i)) * (math.Log(float64(sum)) - float64(x[targets[i]]-m))
			if probs != nil {
				inv := 1 / sum
				for j := range p {
					p[j] *= inv
				}
			}
		}
	})
	var loss float64
	for _, l := range rowLoss {
		loss += l
	}
	if total > 0 {
		loss /= total
	}
	out := Scalar(float32(loss))
	// The caller may refill its batch buffers before calling Backward.
	targets = append([]int(nil), targets...)
	mask = append([]float32(nil), mask...) // stays nil when nil
	record(out, "CrossEntropy", func() {
		// dlogitsᵢ = g·mᵢ/Σm·(softmaxᵢ − onehot(tᵢ)).
		dx := logits.grad()
		if total == 0 {
			return
		}
		g := float64(out.Grad[0]) / total
		forRows(n, v, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				w := weight(i)
				if w == 0 {
					continue
				}
				s := float32(g * float64(w))
				p, d := probs[i*v:(i+1)*v], dx[i*v:(i+1)*v]
				for j, pj := range p {
					d[j] += s * pj
				}
				d[targets[i]] -= s
			}
		})
	}, logits)
	return out
}

// checkRowMask panics unless mask is nil or holds n weights, all ≥ 0.
func checkRowMask(op string, mask []float32, n int, shape []int) {
	if mask == nil {
		return
	}
	if len(mask) != n {
		panic(fmt.Sprintf("tensor.%s: mask has %d values for %d rows of %v", op, len(mask), n, shape))
	}
	for i, m := range mask {
		if !(m >= 0) {
			panic(fmt.Sprintf("tensor.%s: mask[%d] = %g, want a weight ≥ 0", op, i, m))
		}
	}
}
