package kern

import "math"

// Float32 transcendentals for the hot loops (softmax, cross-entropy, GELU,
// sigmoid, entropy). math.Exp and friends work in float64 and cost a
// conversion each way plus a longer polynomial; these are single-precision
// versions (exp: a 64-entry table of 2^(j/64) and a cubic; tanh and log:
// Cephes range reduction + minimax polynomial) with relative error ≤ 2e-7
// over the normal float32 range (engine/tensor's fastmath_test.go checks
// them against package math).

const (
	// ExpMax is the largest float32 x whose eˣ is finite; above it Exp
	// returns +Inf.
	ExpMax = 88.72283172607421875
	// ExpMin is ln 2⁻¹²⁶ (the smallest normal float32); below it Exp
	// returns 0 rather than a subnormal (absolute error < 1.2e-38).
	ExpMin = -87.33654475055310898657

	// Round is 1.5·2²³: adding it to a float32 of magnitude < 2²² leaves
	// no fraction bits, so the hardware rounds to an integer (half to even).
	Round = 12582912

	log2E    = 1.44269504088896341
	ln2Hi    = 0.693359375 // ln 2 split in two so n·ln2Hi/64 is exact
	ln2Lo    = -2.12194440e-4
	sqrtHalf = 0.707106781186547524
)

// expTable holds the float32 bits of 2^(j/64), j = 0..63.
var expTable = func() (t [64]uint32) {
	for j := range t {
		t[j] = math.Float32bits(float32(math.Exp2(float64(j) / 64)))
	}
	return t
}()

// Exp returns eˣ in float32: +Inf above ExpMax, 0 below ExpMin, NaN for
// NaN. Relative error ≤ 1.4e-7.
//
// Method: x = (64k + j)·ln2/64 + r with |r| ≤ ln2/128, so
// eˣ = 2ᵏ·2^(j/64)·eʳ: a table entry with k added to its exponent bits,
// times a cubic for eʳ − 1 (error ≈ r⁴/24 < 4e-11). ExpAffine and GELU
// repeat these lines inside their loops, because the Go compiler will not
// inline Exp.
func Exp(x float32) float32 {
	if x < ExpMin {
		return 0
	}
	if x > ExpMax {
		return float32(math.Inf(1))
	}
	t := x*(64*log2E) + Round // n = round(64x/ln2) in t's low bits
	nf := t - Round
	r := x - nf*(ln2Hi/64) - nf*(ln2Lo/64)
	q := ((0.16666667*r+0.5)*r + 1) * r // eʳ − 1
	n := math.Float32bits(t)
	s := math.Float32frombits(expTable[n&63] + (n>>6)<<23) // 2^(n/64)
	return s + s*q
}

// ExpAffine sets dst[i] = exp(a·src[i] + b) and returns Σ dst[i] (float32,
// so only for rows of moderate length). dst [n], src [n]; dst may alias src.
func ExpAffine(dst, src []float32, a, b float32) float32 {
	dst = dst[:len(src)]
	var sum float32
	for i, x := range src {
		v := a*x + b
		if v < ExpMin {
			dst[i] = 0
			continue
		}
		if v > ExpMax {
			dst[i] = float32(math.Inf(1))
			sum = dst[i]
			continue
		}
		t := v*(64*log2E) + Round
		nf := t - Round
		r := v - nf*(ln2Hi/64) - nf*(ln2Lo/64)
		q := ((0.16666667*r+0.5)*r + 1) * r
		n := math.Float32bits(t)
		s := math.Float32frombits(expTable[n&63] + (n>>6)<<23)
		e := s + s*q
		dst[i] = e
		sum += e
	}
	return sum
}

// Tanh returns tanh(x) in float32: an odd polynomial for |x| < 0.625
// (where 1 − 2/(e²ˣ+1) would cancel), Exp beyond.
func Tanh(x float32) float32 {
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
	y := 1 - 2/(Exp(2*a)+1)
	if x < 0 {
		return -y
	}
	return y
}

// Sigmoid returns 1/(1+e⁻ˣ); exact 0 and 1 in the far tails.
func Sigmoid(x float32) float32 { return 1 / (1 + Exp(-x)) }

// Log returns ln x in float32: −Inf at 0, NaN below 0 and for NaN.
func Log(x float32) float32 {
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
	if m < sqrtHalf {
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
	y += ef * ln2Lo
	y -= 0.5 * z
	return m + y + ef*ln2Hi
}

// RoundHalfEven rounds to the nearest integer, ties to even, for |v| < 2²²
// (callers stay within ±128).
func RoundHalfEven(v float32) float32 { return (v + Round) - Round }

// Int8Round is int8 quantisation's rounding of a scaled value: half to
// even, clamped to [−128, 127].
func Int8Round(v float32) float32 { return min(max(RoundHalfEven(v), -128), 127) }
