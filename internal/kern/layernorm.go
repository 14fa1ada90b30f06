package kern

import "math"

// LayerNorm writes (x − mean)/√(var + eps)·g + b to y (biased variance)
// and returns the mean and 1/√(var + eps), which LayerNormBackward takes.
// x, y, g, b [D]. The mean sums with four accumulators (Sum), the variance
// with two, over x − mean: two passes do not cancel the way Σx² − D·m²
// does when the mean is large.
func LayerNorm(y, x, g, b []float32, eps float32) (mean, rstd float32) {
	d := len(x)
	m := Sum(x) / float32(d)
	var v0, v1 float32
	j := 0
	for ; j+1 < len(x); j += 2 {
		a, c := x[j]-m, x[j+1]-m
		v0 += a * a
		v1 += c * c
	}
	if j < len(x) {
		a := x[j] - m
		v0 += a * a
	}
	s := float32(1 / math.Sqrt(float64((v0+v1)/float32(d)+eps)))
	y, g, b = y[:len(x)], g[:len(x)], b[:len(x)]
	for j, v := range x {
		y[j] = (v-m)*s*g[j] + b[j]
	}
	return m, s
}

// LayerNormSerial is LayerNorm with one running sum for the mean and one
// for the variance, the order the decoder normalises its one vector per
// layer in. It computes the same function as LayerNorm; the two round
// differently in the last bits. x, y, g, b [D].
func LayerNormSerial(y, x, g, b []float32, eps float32) {
	var sum float32
	for _, v := range x {
		sum += v
	}
	m := sum / float32(len(x))
	var v0 float32
	for _, v := range x {
		a := v - m
		v0 += a * a
	}
	s := float32(1 / math.Sqrt(float64(v0/float32(len(x))+eps)))
	y, g, b = y[:len(x)], g[:len(x)], b[:len(x)]
	for j, v := range x {
		y[j] = (v-m)*s*g[j] + b[j]
	}
}

// LayerNormBackward adds one row's gradients given LayerNorm's mean and
// rstd: with x̂ = (x−mean)·rstd and dx̂ = dy·g,
//
//	dx += rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)),  dg += dy·x̂,  db += dy.
//
// x, dy, g, dg, db, xh [D]; xh is scratch; dx [D] or nil (no input gradient).
func LayerNormBackward(dx, dg, db, xh, x, dy, g []float32, mean, rstd float32) {
	m, s := mean, rstd
	dy, g, dg, db, xh = dy[:len(x)], g[:len(x)], dg[:len(x)], db[:len(x)], xh[:len(x)]
	var s1, s2 float32
	for j, v := range x {
		h, e := (v-m)*s, dy[j]
		xh[j] = h
		dg[j] += e * h
		db[j] += e
		dn := e * g[j]
		s1 += dn
		s2 += dn * h
	}
	if dx == nil {
		return
	}
	d := len(x)
	s1 /= float32(d)
	s2 /= float32(d)
	dx = dx[:len(x)]
	for j, e := range dy {
		dx[j] += s * (e*g[j] - s1 - xh[j]*s2)
	}
}
