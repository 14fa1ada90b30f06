package tensor

import "fmt"

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
			softmaxRow(out.Data[r*d:(r+1)*d], x.Data[r*d:(r+1)*d])
		}
	})
	record(out, "Softmax", func() {
		// dx = y ⊙ (dy − Σ dy·y), from the saved output.
		dx := x.grad()
		forRows(n, d, func(lo, hi int) {
			for r := lo; r < hi; r++ {
				y, dy, g := out.Data[r*d:(r+1)*d], out.Grad[r*d:(r+1)*d], dx[r*d:(r+1)*d]
				dot := dotF32(y, dy)
				for j, v := range y {
					g[j] += v * (dy[j] - dot)
				}
			}
		})
	}, x)
	return out
}

// softmaxRow writes softmax(x) into y (len(y) == len(x) > 0).
func softmaxRow(y, x []float32) {
	m := maxF32(x)
	inv := 1 / expAffine(y, x, 1, -m)
	for j := range y {
		y[j] *= inv
	}
}

// maxF32 returns the largest element of a non-empty v.
func maxF32(v []float32) float32 {
	m := v[0]
	for _, x := range v[1:] {
		if x > m {
			m = x
		}
	}
	return m
}

// dotF32 returns Σ a[i]·b[i] with four accumulators.
func dotF32(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+3 < len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}
