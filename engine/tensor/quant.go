package tensor

import (
	"fmt"
	"math"

	"trigo/engine/parallel"
)

// The quantisers of the ternary precision mode (docs/design.md §2.4).
// Both return the dequantised values (q·scale as float32) and pass the
// gradient straight through (STE): dx = dy. Rounding is half to even, as
// torch.round, so the Go forward pass, the PyTorch reference and the
// packed integer kernels agree bit for bit given the same scale;
// TernaryScale and Int8Scale are the scale computations the kernels must
// reuse.

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
			// Four float64 chains; abs by clearing the sign bit (a branch on
			// the sign would mispredict half the time).
			var s0, s1, s2, s3 float64
			v := w[b*block : min((b+1)*block, len(w))]
			i := 0
			for ; i+3 < len(v); i += 4 {
				s0 += float64(absF32(v[i]))
				s1 += float64(absF32(v[i+1]))
				s2 += float64(absF32(v[i+2]))
				s3 += float64(absF32(v[i+3]))
			}
			for ; i < len(v); i++ {
				s0 += float64(absF32(v[i]))
			}
			parts[b] = (s0 + s1) + (s2 + s3)
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
			// Clamp first (round·clamp = clamp·round for integer bounds),
			// which keeps roundHalfEven in its range; no data-dependent
			// branches, as the signs are random.
			y[i] = roundHalfEven(min(max(v/alpha, -1), 1)) * alpha
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
		m = max(m, absF32(v))
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

// absF32 is |v| by clearing the sign bit.
func absF32(v float32) float32 { return math.Float32frombits(math.Float32bits(v) &^ (1 << 31)) }
