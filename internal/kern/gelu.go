package kern

import "math"

const (
	// GELUK is √(2/π) and GELUC the cubic coefficient of GELU's tanh
	// argument u = GELUK·(x + GELUC·x³).
	GELUK = 0.7978845608028654
	GELUC = 0.044715

	geluK, geluC = GELUK, GELUC
	// geluBlock is how many elements GELUBackward's exponential pass covers
	// at a time: a stack buffer that stays in L1.
	geluBlock = 512
)

// GELU writes the tanh approximation of x·Φ(x) to y, as PyTorch's
// gelu(x, approximate='tanh'): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))),
// computed as x·σ(2u) with u the tanh argument (the same function:
// (1+tanh u)/2 = σ(2u)), which needs one exp and never cancels. x, y [n];
// y may alias x. Exp's lines are written into the loop (the compiler does
// not inline Exp).
func GELU(y, x []float32) {
	y = y[:len(x)]
	for i, v := range x {
		// e = exp(a), a = −2u, as Exp computes it.
		a := -2 * geluK * (v + geluC*v*v*v)
		if a < ExpMin { // e = 0: x·1
			y[i] = v
			continue
		}
		if a > ExpMax { // e = +Inf: x·0
			y[i] = v / float32(math.Inf(1))
			continue
		}
		t := a*(64*log2E) + Round
		nf := t - Round
		r := a - nf*(ln2Hi/64) - nf*(ln2Lo/64)
		q := ((0.16666667*r+0.5)*r + 1) * r
		n := math.Float32bits(t)
		s := math.Float32frombits(expTable[n&63] + (n>>6)<<23)
		y[i] = v / (1 + (s + s*q))
	}
}

// GELUBackward adds to dx the gradient through GELU at x given the output
// gradient dy. With s = σ(2u): d/dx x·s = s + x·2s(1−s)·u′,
// u′ = √(2/π)(1 + 3c·x²). dx, x, dy [n].
func GELUBackward(dx, x, dy []float32) {
	var sb [geluBlock]float32
	for lo := 0; lo < len(x); lo += geluBlock {
		hi := min(lo+geluBlock, len(x))
		xs, d, g := x[lo:hi], dy[lo:hi], dx[lo:hi]
		s := sb[:hi-lo]
		for i, v := range xs {
			s[i] = v + geluC*v*v*v
		}
		ExpAffine(s, s, -2*geluK, 0)
		for i, v := range xs {
			si := 1 / (1 + s[i])
			g[i] += d[i] * (si + 2*geluK*v*si*(1-si)*(1+3*geluC*v*v))
		}
	}
}

// GELUFast applies GELU to x [n] in place, in AVX-512 assembly over n
// rounded down to 16 where the CPU has it and with GELU for the rest. The
// assembly evaluates 2^y with a degree-7 polynomial and VSCALEFPS instead
// of Exp's table, so it agrees with GELU to float32 rounding (2e-6
// relative), not bit for bit: the decoder uses it, the training op GELU,
// whose bits must not depend on the CPU.
func GELUFast(x []float32) {
	n := geluFast(x)
	GELU(x[n:], x[n:])
}
