package tensor

import (
	"fmt"
	"math"
	"sync"
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
				a, b := xr[j]-m, xr[j+1]-m
				v0 += a * a
				v1 += b * b
			}
			if j < len(xr) {
				a := xr[j] - m
				v0 += a * a
			}
			s := float32(1 / math.Sqrt(float64((v0+v1)/float32(d)+eps)))
			mean[r], rstd[r] = m, s
			switch {
			case gamma != nil && beta != nil:
				g, b := gamma.Data[:d], beta.Data[:d]
				for j, v := range xr {
					yr[j] = (v-m)*s*g[j] + b[j]
				}
			case gamma != nil:
				g := gamma.Data[:d]
				for j, v := range xr {
					yr[j] = (v - m) * s * g[j]
				}
			default:
				for j, v := range xr {
					yr[j] = (v - m) * s
				}
				if beta != nil {
					addTo(yr, beta.Data[:d])
				}
			}
		}
	})
	record(out, "LayerNorm", func() { layerNormBackward(x, gamma, beta, out, mean, rstd) }, x, gamma, beta)
	return out
}

// layerNormBackward: with x̂ = (x−mean)·rstd and dx̂ = dy·gamma,
// dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), dgamma = Σrows dy·x̂,
// dbeta = Σrows dy.
func layerNormBackward(x, gamma, beta, out *Tensor, mean, rstd []float32) {
	n, d := rows(x)
	var dx, dgamma, dbeta []float32
	if x.requiresGrad {
		dx = x.grad()
	}
	needG, needB := gamma != nil && gamma.requiresGrad, beta != nil && beta.requiresGrad
	if needG {
		dgamma = gamma.grad()
	}
	if needB {
		dbeta = beta.grad()
	}
	var mu sync.Mutex
	forRows(n, d, func(lo, hi int) {
		// Each worker sums its rows' gain/bias gradients privately, then
		// adds them in under the lock.
		var pg, pb []float32
		if needG {
			pg = make([]float32, d)
		}
		if needB {
			pb = make([]float32, d)
		}
		xh := make([]float32, d)
		for r := lo; r < hi; r++ {
			xr, dy := x.Data[r*d:(r+1)*d], out.Grad[r*d:(r+1)*d]
			m, s := mean[r], rstd[r]
			for j, v := range xr {
				xh[j] = (v - m) * s
			}
			if needG {
				for j, g := range dy {
					pg[j] += g * xh[j]
				}
			}
			if needB {
				addTo(pb, dy)
			}
			if dx == nil {
				continue
			}
			var s1, s2 float32
			if gamma != nil {
				g := gamma.Data[:d]
				for j, v := range dy {
					dn := v * g[j]
					s1 += dn
					s2 += dn * xh[j]
				}
			} else {
				for j, v := range dy {
					s1 += v
					s2 += v * xh[j]
				}
			}
			s1 /= float32(d)
			s2 /= float32(d)
			dr := dx[r*d : (r+1)*d]
			if gamma != nil {
				g := gamma.Data[:d]
				for j, v := range dy {
					dr[j] += s * (v*g[j] - s1 - xh[j]*s2)
				}
			} else {
				for j, v := range dy {
					dr[j] += s * (v - s1 - xh[j]*s2)
				}
			}
		}
		mu.Lock()
		if needG {
			addTo(dgamma, pg)
		}
		if needB {
			addTo(dbeta, pb)
		}
		mu.Unlock()
	})
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
