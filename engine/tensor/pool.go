package tensor

import "fmt"

// MaskedMean pools each sequence to one vector: the mask-weighted mean of
// its rows, y[b] = Σₜ m[b,t]·x[b,t] / Σₜ m[b,t]. With a 0/1 mask that is the
// plain mean over the rows whose mask is 1; a sequence whose mask is all 0
// pools to zeros (with zero gradient).
// x [B, T, D], mask len B·T of weights ≥ 0 or nil (all ones) → [B, D].
func MaskedMean(x *Tensor, mask []float32) *Tensor {
	if len(x.Shape) != 3 {
		panic(fmt.Sprintf("tensor.MaskedMean: input shape %v, want [B, T, D]", x.Shape))
	}
	b, t, d := x.Shape[0], x.Shape[1], x.Shape[2]
	checkRowMask("MaskedMean", mask, b*t, x.Shape)
	mask = append([]float32(nil), mask...) // stays nil when nil
	weight := func(i int) float32 {
		if mask == nil {
			return 1
		}
		return mask[i]
	}
	// inv[b] = 1/Σₜ m, or 0 for an all-masked sequence.
	inv := make([]float32, b)
	for i := range inv {
		var s float64
		for j := 0; j < t; j++ {
			s += float64(weight(i*t + j))
		}
		if s > 0 {
			inv[i] = float32(1 / s)
		}
	}
	out := Zeros(b, d)
	forRows(b, t*d, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			y := out.Data[i*d : (i+1)*d]
			for j := 0; j < t; j++ {
				w := weight(i*t+j) * inv[i]
				if w == 0 {
					continue
				}
				for k, v := range x.Data[(i*t+j)*d : (i*t+j+1)*d] {
					y[k] += w * v
				}
			}
		}
	})
	record(out, "MaskedMean", func() {
		// dx[b,t] = m[b,t]/Σm · dy[b].
		dx := x.grad()
		forRows(b, t*d, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				dy := out.Grad[i*d : (i+1)*d]
				for j := 0; j < t; j++ {
					w := weight(i*t+j) * inv[i]
					if w == 0 {
						continue
					}
					g := dx[(i*t+j)*d : (i*t+j+1)*d]
					for k, v := range dy {
						g[k] += w * v
					}
				}
			}
		})
	}, x)
	return out
}
