package tensor

import (
	"math"

	"trigo/engine/parallel"
)

// Float32 transcendentals for the hot loops (softmax, cross-entropy, GELU,
// sigmoid, entropy). math.Exp and friends work in float64 and cost a
// conversion each way plus a longer polynomial; these are single-precision
// versions (exp: a 64-entry table of 2^(j/64) and a cubic; tanh and log:
// Cephes range reduction + minimax polynomial) with relative error ≤ 2e-7
// over the normal float32 range, checked against package math in
// fastmath_test.go.

const (
	// fmExpMax is the largest float32 x whose eˣ is finite; above it expf
	// returns +Inf.
	fmExpMax = 88.72283172607421875
	// fmExpMin is ln 2⁻¹²⁶ (the smallest normal float32); below it expf
	// returns 0 rather than a subnormal (absolute error < 1.2e-38).
	fmExpMin = -87.33654475055310898657

	fmLog2E    = 1.44269504088896341
	fmLn2Hi    = 0.693359375 // ln 2 split in two so n·fmLn2Hi/64 is exact
	fmLn2Lo    = -2.12194440e-4
	fmRound    = 12582912 // 1.5·2²³: adding it rounds a float32 to an integer
	fmSqrtHalf = 0.707106781186547524
)

// expTable holds the float32 bits of 2^(j/64), j = 0..63.
var expTable = func() (t [64]uint32) {
	for j := range t {
		t[j] = math.Float32bits(float32(math.Exp2(float64(j) / 64)))
	}
	return t
}()

// expf returns eˣ in float32: +Inf above fmExpMax, 0 below fmExpMin, NaN
// for NaN. Relative error ≤ 1.4e-7 (fastmath_test.go).
//
// Method: x = (64k + j)·ln2/64 + r with |r| ≤ ln2/128, so
// eˣ = 2ᵏ·2^(j/64)·eʳ: a table entry with k added to its exponent bits,
// times a cubic for eʳ − 1 (error ≈ r⁴/24 < 4e-11). expAffine repeats these
// lines inside its loop, because the Go compiler will not inline expf.
func expf(x float32) float32 {
	if x < fmExpMin {
		return 0
	}
	if x > fmExpMax {
		return float32(math.Inf(1))
	}
	t := x*(64*fmLog2E) + fmRound // n = round(64x/ln2) in t's low bits
	nf := t - fmRound
	r := x - nf*(fmLn2Hi/64) - nf*(fmLn2Lo/64)
	q := ((0.16666667*r+0.5)*r + 1) * r // eʳ − 1
	n := math.Float32bits(t)
	s := math.Float32frombits(expTable[n&63] + (n>>6)<<23) // 2^(n/64)
	return s + s*q
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
		if v < fmExpMin {
			dst[i] = 0
			continue
		}
		if v > fmExpMax {
			dst[i] = float32(math.Inf(1))
			sum = dst[i]
			continue
		}
		t := v*(64*fmLog2E) + fmRound
		nf := t - fmRound
		r := v - nf*(fmLn2Hi/64) - nf*(fmLn2Lo/64)
		q := ((0.16666667*r+0.5)*r + 1) * r
		n := math.Float32bits(t)
		s := math.Float32frombits(expTable[n&63] + (n>>6)<<23)
		e := s + s*q
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
