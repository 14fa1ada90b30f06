package tensor

import (
	"fmt"

	"trigo/engine/parallel"
)

// The quantisers of the ternary precision mode (DESIGN §2.4). Both return
// the dequantised values (q·scale as float32) and pass the gradient straight
// through (STE): dx = dy. Rounding is half to even, as torch.round, so the
// Go forward pass, the PyTorch reference and the packed integer kernels
// agree bit for bit given the same scale; TernaryScale and Int8Scale are
// the scale computations the kernels must reuse.

// ternaryEps keeps α > 0 for an all-zero weight (which quantises to zeros).
const ternaryEps = 1e-8

// TernaryScale returns the absmean scale α = max(mean|w|, 1e-8) of a
// weight tensor's values. The sum runs in float64 over fixed blocks added
// in order, so α does not depend on the thread count.
func TernaryScale(w []float32) float32 {
	if len(w) == 0 {
		return ternaryEps
	}
	const block = 8192
	parts := make([]float64, (len(w)+block-1)/block)
	parallel.For(len(parts), 1, func(lo, hi int) {
		for b := lo; b < hi; b++ {
			var s float64
			for _, v := range w[b*block : min((b+1)*block, len(w))] {
				if v < 0 {
					v = -v
				}
				s += float64(v)
			}
			parts[b] = s
		}
	})
	var s float64
	for _, p := range parts {
		s += p
	}
	return max(float32(s/float64(len(w))), ternaryEps)
}

// TernaryQuant quantises weights to {−α, 0, +α}, α = TernaryScale(w):
// q = clamp(round(w/α), −1, 1)·α with round half to even, so w/α = ±0.5
// exactly maps to 0. Straight-through gradient.
// w any shape → same shape.
func TernaryQuant(w *Tensor) *Tensor {
	alpha := TernaryScale(w.Data)
	out := Zeros(w.Shape...)
	parallel.For(len(w.Data), elemGrain, func(lo, hi int) {
		y := out.Data[lo:hi]
		for i, v := range w.Data[lo:hi] {
			// round(clamp(w/α)) ∈ {−1, 0, 1}: nonzero only past ±0.5.
			switch r := v / alpha; {
			case r > 0.5:
				y[i] = alpha
			case r < -0.5:
				y[i] = -alpha
			}
		}
	})
	record(out, "TernaryQuant", func() { addTo(w.grad(), out.Grad) }, w)
	return out
}

// int8Floor keeps the int8 scale finite for an all-zero row.
const int8Floor = 1e-5

// Int8Scale returns the absmax scale s = 127/max(max|row|, 1e-5) of one row
// (float32 division, as the reference).
func Int8Scale(row []float32) float32 {
	var m float32
	for _, v := range row {
		if v < 0 {
			v = -v
		}
		if v > m {
			m = v
		}
	}
	return 127 / max(m, int8Floor)
}

// Int8Quant fake-quantises each row to int8 with its own absmax scale:
// s = Int8Scale(row), q = clamp(round(x·s), −128, 127)/s, round half to
// even. Straight-through gradient.
// x [..., D] → [..., D].
func Int8Quant(x *Tensor) *Tensor {
	if len(x.Shape) == 0 {
		panic(fmt.Sprintf("tensor.Int8Quant: input shape %v has no last dimension", x.Shape))
	}
	n, d := rows(x)
	out := Zeros(x.Shape...)
	forRows(n, d, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			xr, y := x.Data[r*d:(r+1)*d], out.Data[r*d:(r+1)*d]
			s := Int8Scale(xr)
			for j, v := range xr {
				y[j] = min(max(roundHalfEven(v*s), -128), 127) / s
			}
		}
	})
	record(out, "Int8Quant", func() { addTo(x.grad(), out.Grad) }, x)
	return out
}

// roundHalfEven rounds to the nearest integer, ties to even, for |v| < 2²²
// (callers stay within ±128): adding 1.5·2²³ leaves no fraction bits, so
// the hardware's round-to-nearest-even does the work.
func roundHalfEven(v float32) float32 {
	return (v + fmRound) - fmRound
}
