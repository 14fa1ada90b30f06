package tensor

import (
	"fmt"
	"math"

	"trigo/engine/parallel"
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
			m := sumF32(xr) / float32(d)
			// Two passes: Σ(x−m)² does not cancel the way Σx² − n·m² does
			// when the mean is large.
			var v0, v1 float32
			j := 0
			for ; j+1 < len(xr); j += 2 {
				a, c := xr[j]-m, xr[j+1]-m
				v0 += a * a
				v1 += c * c
			}
			if j < len(xr) {
				a := xr[j] - m
				v0 += a * a
			}
			s := float32(1 / math.Sqrt(float64((v0+v1)/float32(d)+eps)))
			mean[r], rstd[r] = m, s
			yr, g, b := yr[:len(xr)], g[:len(xr)], b[:len(xr)]
			for j, v := range xr {
				yr[j] = (v-m)*s*g[j] + b[j]
			}
		}
	})
	record(out, "LayerNorm", func() { layerNormBackward(x, gamma, beta, g, out, mean, rstd) }, x, gamma, beta)
	return out
}

// layerNormBackward: with x̂ = (x−mean)·rstd and dx̂ = dy·gamma,
// dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), dgamma = Σrows dy·x̂,
// dbeta = Σrows dy. g is gamma's data (ones when gamma is nil).
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
				xr, dy := x.Data[r*d:(r+1)*d], out.Grad[r*d:(r+1)*d]
				m, s := mean[r], rstd[r]
				dy, g, pg, pb, xh := dy[:len(xr)], g[:len(xr)], pg[:len(xr)], pb[:len(xr)], xh[:len(xr)]
				var s1, s2 float32
				for j, v := range xr {
					h, e := (v-m)*s, dy[j]
					xh[j] = h
					pg[j] += e * h
					pb[j] += e
					dn := e * g[j]
					s1 += dn
					s2 += dn * h
				}
				if dx == nil {
					continue
				}
				s1 /= float32(d)
				s2 /= float32(d)
				dr := dx[r*d : (r+1)*d]
				dr = dr[:len(xr)]
				for j, e := range dy {
					dr[j] += s * (e*g[j] - s1 - xh[j]*s2)
				}
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

// sumF32 adds v with four float32 accumulators (shorter dependency chains,
// and pairwise-ish rounding).
func sumF32(v []float32) float32 {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+3 < len(v); i += 4 {
		s0 += v[i]
		s1 += v[i+1]
		s2 += v[i+2]
		s3 += v[i+3]
	}
	for ; i < len(v); i++ {
		s0 += v[i]
	}
	return (s0 + s1) + (s2 + s3)
}
