package kern

// Softmax writes exp(x − max)/Σexp(x − max) to y; x, y [n], n ≥ 1, y may
// alias x. A NaN in x makes every output NaN.
func Softmax(y, x []float32) {
	m := Max(x)
	inv := 1 / ExpAffine(y, x, 1, -m)
	y = y[:len(x)]
	for j := range y {
		y[j] *= inv
	}
}

// SoftmaxBackward adds to dx the gradient through Softmax given its output
// y and the output gradient dy: dx += y ⊙ (dy − Σ dy·y). dx, y, dy [n].
func SoftmaxBackward(dx, y, dy []float32) {
	dot := Dot(y, dy)
	dx, dy = dx[:len(y)], dy[:len(y)]
	for j, v := range y {
		dx[j] += v * (dy[j] - dot)
	}
}
