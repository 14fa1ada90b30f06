package tensor

import (
	"fmt"
	"math"
)

// Hadamard applies the normalised Walsh–Hadamard transform to each row:
// y = H·x/√D with H the Sylvester (natural-order) ±1 matrix, H₂ₙ = [[H, H], [H, −H]].
// It is orthogonal and symmetric, hence its own inverse, and costs D·log₂D
// adds per row (fast transform, no matrix).
// x [..., D], D a power of 2 (1 included) → [..., D].
func Hadamard(x *Tensor) *Tensor {
	if len(x.Shape) == 0 {
		panic(fmt.Sprintf("tensor.Hadamard: input shape %v has no last dimension", x.Shape))
	}
	d := x.Shape[len(x.Shape)-1]
	if d < 1 || d&(d-1) != 0 {
		panic(fmt.Sprintf("tensor.Hadamard: last dimension of %v is %d, want a power of 2", x.Shape, d))
	}
	n, _ := rows(x)
	out := x.Clone()
	scale := float32(1 / math.Sqrt(float64(d)))
	forRows(n, d*4, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			fwht(out.Data[r*d:(r+1)*d], scale)
		}
	})
	record(out, "Hadamard", func() {
		// The transform is symmetric: dx = H·dy/√D.
		dx := x.grad()
		forRows(n, d*4, func(lo, hi int) {
			row := make([]float32, d)
			for r := lo; r < hi; r++ {
				copy(row, out.Grad[r*d:(r+1)*d])
				fwht(row, scale)
				addTo(dx[r*d:(r+1)*d], row)
			}
		})
	}, x)
	return out
}

// fwht transforms v in place (len a power of 2) and multiplies by scale.
// Levels go two per pass (radix-4 butterflies), which halves the loads and
// stores of the textbook one-level loop.
func fwht(v []float32, scale float32) {
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
