package tensor

import (
	"fmt"

	"trigo/internal/kern"
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
	scale := kern.HadamardScale(d)
	forRows(n, d*4, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			kern.FWHT(out.Data[r*d:(r+1)*d], scale)
		}
	})
	record(out, "Hadamard", func() {
		// The transform is symmetric: dx = H·dy/√D.
		dx := x.grad()
		forRows(n, d*4, func(lo, hi int) {
			row := make([]float32, d)
			for r := lo; r < hi; r++ {
				copy(row, out.Grad[r*d:(r+1)*d])
				kern.FWHT(row, scale)
				addTo(dx[r*d:(r+1)*d], row)
			}
		})
	}, x)
	return out
}
