package tensor

import (
	"math"

	"trigo/engine/parallel"
)

// Float32 transcendentals for the hot loops (softmax, cross-entropy, GELU,
// sigmoid, entropy). math.Exp and friends work in float64 and cost a
// conversion each way plus a slower polynomial; these are Cephes-style
// single-precision versions (range reduction + minimax polynomial) with
// relative error ≤ 2e-7 over their whole normal range, checked against the
// float64 math package in fastmath_test.go.

const (
	// Past these arguments float32 eˣ is +Inf or rounds to 0; clamping to
	// them makes the polynomial path produce exactly that.
	fmExpHi = 89
	fmExpLo = -104

	fmLog2E    = 1.44269504088896341
	fmLn2Hi    = 0.693359375 // ln 2 split in two so kf·fmLn2Hi is exact
	fmLn2Lo    = -2.12194440e-4
	fmRound    = 12582912 // 1.5·2²³: adding it rounds a float32 to an integer
	fmSqrtHalf = 0.707106781186547524
)

// expf returns eˣ in float32: +Inf from x ≈ 88.7228 up, subnormals below
// x ≈ −87.34, 0 from x ≈ −103.97 down, NaN for NaN. No branches beyond two
// clamps, so it is also written out inline in expAffine's loop.
func expf(x float32) float32 {
	if x < fmExpLo {
		x = fmExpLo
	}
	if x > fmExpHi {
		x = fmExpHi
	}
	// x = n·ln2 + r, |r| ≤ ln2/2; n by the 1.5·2²³ trick (round to
	// nearest), read back from the float's low mantissa bits.
	t := x*fmLog2E + fmRound
	kf := t - fmRound
	r := x - kf*fmLn2Hi - kf*fmLn2Lo
	p := ((((1.9875691500e-4*r+1.3981999507e-3)*r+8.3334519073e-3)*r+4.1665795894e-2)*r+1.6666665459e-1)*r + 5.0000001201e-1
	p = p*(r*r) + r + 1
	// 2ⁿ as two halves: n runs from −150 to 128, past a single float's
	// exponent range at both ends.
	n := int32(math.Float32bits(t) - 0x4B400000)
	h := n >> 1
	return p * math.Float32frombits(uint32(h+127)<<23) * math.Float32frombits(uint32(n-h+127)<<23)
}

// tanhf returns tanh(x) in float32: an odd polynomial for |x| < 0.625
// (where 1 − 2/(e²ˣ+1) would cancel), expf beyond.
func tanhf(x float32) float32 {
	a := x
	if a < 0 {
		a = -a
	}
	if a < 0.625 {
		z := x * x
		p := float32(-5.70498872745e-3)
		p = p*z + 2.06390887954e-2
		p = p*z - 5.37397155531e-2
		p = p*z + 1.33314422036e-1
		p = p*z - 3.33332819422e-1
		return p*z*x + x
	}
	y := 1 - 2/(expf(2*a)+1)
	if x < 0 {
		return -y
	}
	return y
}

// expAffine sets dst[i] = exp(a·src[i] + b) and returns Σ dst[i] (float32,
// so only for rows of moderate length). It is expf with the polynomial
// written into the loop: the Go compiler does not inline expf, and the call
// costs about twice the arithmetic. dst may alias src.
func expAffine(dst, src []float32, a, b float32) float32 {
	dst = dst[:len(src)]
	var sum float32
	for i, x := range src {
		v := a*x + b
		if v < fmExpLo {
			v = fmExpLo
		}
		if v > fmExpHi {
			v = fmExpHi
		}
		t := v*fmLog2E + fmRound
		kf := t - fmRound
		r := v - kf*fmLn2Hi - kf*fmLn2Lo
		p := ((((1.9875691500e-4*r+1.3981999507e-3)*r+8.3334519073e-3)*r+4.1665795894e-2)*r+1.6666665459e-1)*r + 5.0000001201e-1
		p = p*(r*r) + r + 1
		n := int32(math.Float32bits(t) - 0x4B400000)
		h := n >> 1
		e := p * math.Float32frombits(uint32(h+127)<<23) * math.Float32frombits(uint32(n-h+127)<<23)
		dst[i] = e
		sum += e
	}
	return sum
}

// sigmoidf returns 1/(1+e⁻ˣ); exact 0 and 1 in the far tails.
func sigmoidf(x float32) float32 { return 1 / (1 + expf(-x)) }

// logf returns ln x in float32: −Inf at 0, NaN below 0 and for NaN.
func logf(x float32) float32 {
	switch {
	case x != x || x < 0:
		return float32(math.NaN())
	case x == 0:
		return float32(math.Inf(-1))
	case x > math.MaxFloat32:
		return x
	}
	// x = m·2ᵉ with m in [√½, √2): frexp by the bits, subnormals scaled up.
	b := math.Float32bits(x)
	e := int32(0)
	if b < 1<<23 {
		b = math.Float32bits(x * (1 << 23))
		e = -23
	}
	e += int32(b>>23) - 126
	m := math.Float32frombits(b&0x007FFFFF | 0x3F000000) // in [0.5, 1)
	if m < fmSqrtHalf {
		e--
		m = m + m - 1
	} else {
		m = m - 1
	}
	z := m * m
	p := float32(7.0376836292e-2)
	p = p*m - 1.1514610310e-1
	p = p*m + 1.1676998740e-1
	p = p*m - 1.2420140846e-1
	p = p*m + 1.4249322787e-1
	p = p*m - 1.6668057665e-1
	p = p*m + 2.0000714765e-1
	p = p*m - 2.4999993993e-1
	p = p*m + 3.3333331174e-1
	y := p * m * z
	ef := float32(e)
	y += ef * fmLn2Lo
	y -= 0.5 * z
	return m + y + ef*fmLn2Hi
}

// rowGrain is how many rows of width d make one parallel task: about 16K
// elements, below which a goroutine costs more than it saves.
func rowGrain(d int) int { return max(1, 16384/max(d, 1)) }

// elemGrain is the element count of one parallel task for pointwise ops.
const elemGrain = 32768

// forRows runs body over [0, n) rows of width d, in parallel when large.
func forRows(n, d int, body func(lo, hi int)) { parallel.For(n, rowGrain(d), body) }
