package tensor

import (
	"trigo/engine/parallel"
	"trigo/internal/kern"
)

// Pointwise activations: GELU (kern.GELU and kern.GELUBackward) and
// Sigmoid, whose exponentials go through expAffine a block at a time (the
// block stays in L1 between the passes); large tensors split over workers.

// pointBlock is how many elements one pass of a pointwise op handles
// before moving on: small enough for L1, long enough to amortise calls.
const pointBlock = 512

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
		kern.GELU(out.Data[lo:hi], x.Data[lo:hi])
	})
	record(out, "GELU", func() {
		dx := x.grad()
		forPoints(len(x.Data), func(lo, hi int) {
			kern.GELUBackward(dx[lo:hi], x.Data[lo:hi], out.Grad[lo:hi])
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
