package tensor

import (
	"fmt"

	"trigo/engine/parallel"
	"trigo/internal/kern"
)

// LayerNorm normalises each row of x to zero mean and unit variance (biased,
// as PyTorch), then applies the per-channel gain and bias:
// y = (x − mean)/√(var + eps)·gamma + beta.
// x [..., D], gamma [D] or nil (ones), beta [D] or nil (zeros) → [..., D].
func LayerNorm(x, gamma, beta *Tensor, eps float32) *Tensor {
	if len(x.Shape) == 0 {
		panic(fmt.Sprintf("tensor.LayerNorm: input shape %v has no last dimension", x.Shape))
	}
	n, d := rows(x)
	for _, p := range []*Tensor{gamma, beta} {
		if p != nil && (len(p.Shape) != 1 || p.Shape[0] != x.Shape[len(x.Shape)-1]) {
			panic(fmt.Sprintf("tensor.LayerNorm: gain/bias shape %v does not match input %v (want [%d])", p.Shape, x.Shape, x.Shape[len(x.Shape)-1]))
		}
	}
	g, b := affineOrDefault(gamma, d, 1), affineOrDefault(beta, d, 0)
	out := Zeros(x.Shape...)
	// Per-row mean and 1/σ, kept for backward (which recomputes x̂ from them
	// rather than storing it, as llm.c does).
	mean, rstd := make([]float32, n), make([]float32, n)
	forRows(n, d, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			xr, yr := x.Data[r*d:(r+1)*d], out.Data[r*d:(r+1)*d]
			mean[r], rstd[r] = kern.LayerNorm(yr, xr, g, b, eps)
		}
	})
	record(out, "LayerNorm", func() { layerNormBackward(x, gamma, beta, g, out, mean, rstd) }, x, gamma, beta)
	return out
}

// layerNormBackward adds each row's gradients (kern.LayerNormBackward):
// dgamma = Σrows dy·x̂, dbeta = Σrows dy. g is gamma's data (ones when
// gamma is nil).
func layerNormBackward(x, gamma, beta *Tensor, g []float32, out *Tensor, mean, rstd []float32) {
	n, d := rows(x)
	var dx []float32
	if x.requiresGrad {
		dx = x.grad()
	}
	// Rows go in fixed blocks, each with its own dgamma/dbeta partial sums
	// (always kept, to keep one loop), added up in block order afterwards:
	// no races, and the same bits whatever the thread count.
	per := rowGrain(d)
	blocks := (n + per - 1) / per
	pg, pb := make([]float32, blocks*d), make([]float32, blocks*d)
	parallel.For(blocks, 1, func(b0, b1 int) {
		xh := make([]float32, d)
		for blk := b0; blk < b1; blk++ {
			pg, pb := pg[blk*d:(blk+1)*d], pb[blk*d:(blk+1)*d]
			for r := blk * per; r < min((blk+1)*per, n); r++ {
				var dr []float32
				if dx != nil {
					dr = dx[r*d : (r+1)*d]
				}
				kern.LayerNormBackward(dr, pg, pb, xh, x.Data[r*d:(r+1)*d], out.Grad[r*d:(r+1)*d], g, mean[r], rstd[r])
			}
		}
	})
	if gamma != nil && gamma.requiresGrad {
		dg := gamma.grad()
		for blk := 0; blk < blocks; blk++ {
			addTo(dg, pg[blk*d:(blk+1)*d])
		}
	}
	if beta != nil && beta.requiresGrad {
		db := beta.grad()
		for blk := 0; blk < blocks; blk++ {
			addTo(db, pb[blk*d:(blk+1)*d])
		}
	}
}

// affineOrDefault returns p's data, or d copies of v when p is nil.
func affineOrDefault(p *Tensor, d int, v float32) []float32 {
	if p != nil {
		return p.Data
	}
	s := make([]float32, d)
	for i := range s {
		s[i] = v
	}
	return s
}
