package tensor

import "trigo/engine/parallel"

// Pointwise activations: GELU and Sigmoid. Both run their exponentials
// through expAffine a block at a time (the block stays in L1 between the
// passes) and split large tensors over workers.

const (
	geluK = 0.7978845608028654 // √(2/π)
	geluC = 0.044715
	// pointBlock is how many elements one pass of a pointwise op handles
	// before moving on: small enough for L1, long enough to amortise calls.
	pointBlock = 512
)

// forPoints runs body over [0, n) in blocks of at most pointBlock elements,
// the blocks spread over workers when n is large.
func forPoints(n int, body func(lo, hi int)) {
	parallel.For(n, elemGrain, func(lo, hi int) {
		for b := lo; b < hi; b += pointBlock {
			body(b, min(b+pointBlock, hi))
		}
	})
}

// GELU returns the tanh approximation of x·Φ(x), as PyTorch's
// gelu(x, approximate='tanh'): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
// It is computed as x·σ(2u) with u the tanh argument (the same function:
// (1+tanh u)/2 = σ(2u)), which needs one exp and never cancels.
// x any shape → same shape.
func GELU(x *Tensor) *Tensor {
	out := Zeros(x.Shape...)
	forPoints(len(x.Data), func(lo, hi int) {
		xs, ys := x.Data[lo:hi], out.Data[lo:hi]
		for i, v := range xs {
			ys[i] = v + geluC*v*v*v
		}
		expAffine(ys, ys, -2*geluK, 0) // e^(−2u)
		for i, v := range xs {
			ys[i] = v / (1 + ys[i])
		}
	})
	record(out, "GELU", func() {
		// With s = σ(2u): d/dx x·s = s + x·2s(1−s)·u′, u′ = √(2/π)(1 + 3c·x²).
		dx := x.grad()
		forPoints(len(x.Data), func(lo, hi int) {
			var s [pointBlock]float32
			xs, dy, g := x.Data[lo:hi], out.Grad[lo:hi], dx[lo:hi]
			sb := s[:hi-lo]
			for i, v := range xs {
				sb[i] = v + geluC*v*v*v
			}
			expAffine(sb, sb, -2*geluK, 0)
			for i, v := range xs {
				si := 1 / (1 + sb[i])
				g[i] += dy[i] * (si + 2*geluK*v*si*(1-si)*(1+3*geluC*v*v))
			}
		})
	}, x)
	return out
}

// Sigmoid returns σ(x) = 1/(1 + e⁻ˣ), exactly 0 and 1 in the far tails.
// x any shape → same shape.
func Sigmoid(x *Tensor) *Tensor {
	out := Zeros(x.Shape...)
	forPoints(len(x.Data), func(lo, hi int) {
		ys := out.Data[lo:hi]
		expAffine(ys, x.Data[lo:hi], -1, 0)
		for i, e := range ys {
			ys[i] = 1 / (1 + e)
		}
	})
	record(out, "Sigmoid", func() {
		// dσ/dx = σ(1−σ), from the saved output.
		dx := x.grad()
		forPoints(len(x.Data), func(lo, hi int) {
			y, dy, g := out.Data[lo:hi], out.Grad[lo:hi], dx[lo:hi]
			for i, v := range y {
				g[i] += dy[i] * v * (1 - v)
			}
		})
	}, x)
	return out
}
