package tensor

import (
	"fmt"

	"trigo/internal/kern"
)

// Softmax returns exp(x − max)/Σexp(x − max) over the last dimension.
// x [..., N] → [..., N].
func Softmax(x *Tensor) *Tensor {
	if len(x.Shape) == 0 {
		panic(fmt.Sprintf("tensor.Softmax: input shape %v has no last dimension", x.Shape))
	}
	n, d := rows(x)
	out := Zeros(x.Shape...)
	forRows(n, d, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			kern.Softmax(out.Data[r*d:(r+1)*d], x.Data[r*d:(r+1)*d])
		}
	})
	record(out, "Softmax", func() {
		// dx = y ⊙ (dy − Σ dy·y), from the saved output.
		dx := x.grad()
		forRows(n, d, func(lo, hi int) {
			for r := lo; r < hi; r++ {
				kern.SoftmaxBackward(dx[r*d:(r+1)*d], out.Data[r*d:(r+1)*d], out.Grad[r*d:(r+1)*d])
			}
		})
	}, x)
	return out
}
