package nn

import (
	"math"

	"trigo/engine/tensor"
)

// Linear is y = x·Wᵀ + b. With Ternary set, the forward pass quantises the
// weight to {−α, 0, +α} (absmean, straight-through) and the input to int8
// per token (absmax, straight-through), so that a packed integer kernel can
// reproduce it exactly; the bias stays float32.
type Linear struct {
	// W is the float32 (shadow) weight [out, in].
	W *tensor.Tensor
	// B is the bias [out], or nil.
	B *tensor.Tensor
	// Ternary switches on weight and activation quantisation.
	Ternary bool
}

// NewLinear registers name.w [out, in] (N(0, std²), std = gain/√in) and,
// when bias is set, name.b [out] (zeros).
func NewLinear(p *Params, name string, in, out int, bias, ternary bool, gain float64) *Linear {
	std := float32(gain / math.Sqrt(float64(in)))
	l := &Linear{W: p.Normal(name+".w", Matrix, std, out, in), Ternary: ternary}
	if bias {
		l.B = p.Const(name+".b", Vector, 0, out)
	}
	return l
}

// Forward maps x [..., in] to [..., out].
func (l *Linear) Forward(x *tensor.Tensor) *tensor.Tensor {
	if l.Ternary {
		return tensor.Linear(tensor.Int8Quant(x), tensor.TernaryQuant(l.W), l.B)
	}
	return tensor.Linear(x, l.W, l.B)
}

// In is the input width.
func (l *Linear) In() int { return l.W.Shape[1] }

// Out is the output width.
func (l *Linear) Out() int { return l.W.Shape[0] }
