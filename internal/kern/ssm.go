package kern

// SSMStep advances a diagonal linear recurrence by one token:
// h ← a⊙h + b⊙x, then y = c⊙h. h, x, y, a, b, c [C]; h is updated in
// place and y overwritten.
func SSMStep(h, x, y, a, b, c []float32) {
	n := len(h)
	x, y, a, b, c = x[:n], y[:n], a[:n], b[:n], c[:n]
	for i := range h {
		v := a[i]*h[i] + b[i]*x[i]
		h[i] = v
		y[i] = c[i] * v
	}
}
