package kern

import "math"

// HadamardScale is 1/√D, the scale of the normalised transform of width D.
func HadamardScale(d int) float32 { return float32(1 / math.Sqrt(float64(d))) }

// FWHT applies the Walsh–Hadamard transform (Sylvester, natural order) to
// v [D] in place, D a power of 2, and multiplies by scale (HadamardScale
// for the normalised, self-inverse transform). Levels go two per pass
// (radix-4 butterflies), which halves the loads and stores of the textbook
// one-level loop and performs the same additions in the same order.
func FWHT(v []float32, scale float32) {
	d := len(v)
	h := 1
	if d >= 4 {
		// h = 1, 2: groups of four adjacent values.
		for i := 0; i+3 < d; i += 4 {
			a, b, c, e := v[i], v[i+1], v[i+2], v[i+3]
			s0, d0, s1, d1 := a+b, a-b, c+e, c-e
			v[i], v[i+1], v[i+2], v[i+3] = s0+s1, d0+d1, s0-s1, d0-d1
		}
		h = 4
	}
	for ; 4*h <= d; h *= 4 {
		for i := 0; i < d; i += 4 * h {
			a := v[i : i+h]
			b, c, e := v[i+h:i+2*h], v[i+2*h:i+3*h], v[i+3*h:i+4*h]
			b, c, e = b[:len(a)], c[:len(a)], e[:len(a)]
			for j, x := range a {
				s0, d0, s1, d1 := x+b[j], x-b[j], c[j]+e[j], c[j]-e[j]
				a[j], b[j], c[j], e[j] = s0+s1, d0+d1, s0-s1, d0-d1
			}
		}
	}
	if h < d { // log₂D odd: one radix-2 level left, h = D/2
		lo, hi := v[:h], v[h:]
		hi = hi[:len(lo)]
		for j, a := range lo {
			b := hi[j]
			lo[j], hi[j] = a+b, a-b
		}
	}
	for i := range v {
		v[i] *= scale
	}
}
