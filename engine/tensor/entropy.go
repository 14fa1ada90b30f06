package tensor

import "fmt"

// entropyFloor stands in for p in log p below it, so 0·log 0 = 0 and the
// gradient at p = 0 is the finite −log(1e-30) ≈ 69 instead of +∞.
const entropyFloor = 1e-30

// Entropy returns the entropy −Σ p·ln p of each row of probabilities.
// p [..., P] → [...]; a 0 probability contributes 0 (see entropyFloor:
// the formula is −Σ p·ln max(p, 1e-30), gradient −(ln max(p, 1e-30) + [p ≥ 1e-30])).
func Entropy(p *Tensor) *Tensor {
	if len(p.Shape) == 0 {
		panic(fmt.Sprintf("tensor.Entropy: input shape %v has no last dimension", p.Shape))
	}
	n, k := rows(p)
	out := Zeros(p.Shape[:len(p.Shape)-1]...)
	forRows(n, k, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			var h float32
			for _, v := range p.Data[r*k : (r+1)*k] {
				h -= v * logf(max(v, entropyFloor))
			}
			out.Data[r] = h
		}
	})
	record(out, "Entropy", func() {
		dp := p.grad()
		forRows(n, k, func(lo, hi int) {
			for r := lo; r < hi; r++ {
				g := out.Grad[r]
				for j, v := range p.Data[r*k : (r+1)*k] {
					d := -logf(max(v, entropyFloor))
					if v >= entropyFloor {
						d--
					}
					dp[r*k+j] += g * d
				}
			}
		})
	}, p)
	return out
}
