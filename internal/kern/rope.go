package kern

import "math"

// RoPEBase is the rotary frequency base (LLaMA, GPT-NeoX).
const RoPEBase = 10000

// RoPETable returns cos and sin of p·θ_i, θ_i = 10000^(−2i/Dh), for
// positions lo ≤ p < hi: [hi−lo, Dh/2] each, computed in float64 and
// rounded once.
func RoPETable(dh, lo, hi int) (cos, sin []float32) {
	half := dh / 2
	cos, sin = make([]float32, (hi-lo)*half), make([]float32, (hi-lo)*half)
	for i := 0; i < half; i++ {
		theta := math.Pow(RoPEBase, -float64(2*i)/float64(dh))
		for p := lo; p < hi; p++ {
			s, c := math.Sincos(float64(p) * theta)
			cos[(p-lo)*half+i], sin[(p-lo)*half+i] = float32(c), float32(s)
		}
	}
	return cos, sin
}

// RoPE rotates one head x [Dh] by one position's angles cos, sin [Dh/2]
// (a row of RoPETable) into y [Dh], rotate-half pairing: element i and
// i+Dh/2 turn together,
//
//	y[i]      = x[i]·cos − x[i+Dh/2]·sin
//	y[i+Dh/2] = x[i+Dh/2]·cos + x[i]·sin
//
// y may alias x.
func RoPE(y, x, cos, sin []float32) {
	half := len(cos)
	x1, x2 := x[:half], x[half:2*half]
	y1, y2 := y[:half], y[half:2*half]
	sin = sin[:half]
	for i, c := range cos {
		a, b := x1[i], x2[i]
		y1[i] = a*c - b*sin[i]
		y2[i] = b*c + a*sin[i]
	}
}

// RoPEBackward adds to dx [Dh] the gradient through RoPE given dy [Dh]:
// the rotation is orthogonal, so dx += Rᵀ·dy, the rotation by −angle.
func RoPEBackward(dx, dy, cos, sin []float32) {
	half := len(cos)
	x1, x2 := dy[:half], dy[half:2*half]
	y1, y2 := dx[:half], dx[half:2*half]
	sin = sin[:half]
	for i, c := range cos {
		s := -sin[i]
		y1[i] += x1[i]*c - x2[i]*s
		y2[i] += x2[i]*c + x1[i]*s
	}
}
