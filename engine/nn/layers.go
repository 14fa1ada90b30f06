package nn

import "trigo/engine/tensor"

// LayerNormEps is the epsilon every LayerNorm in the model family uses.
const LayerNormEps = 1e-5

// LayerNorm normalises the last dimension and applies a gain and a bias.
type LayerNorm struct {
	// G is the gain [D] (ones at init).
	G *tensor.Tensor
	// B is the bias [D] (zeros at init).
	B *tensor.Tensor
}

// NewLayerNorm registers name.g and name.b of width d.
func NewLayerNorm(p *Params, name string, d int) *LayerNorm {
	return &LayerNorm{G: p.Const(name+".g", Vector, 1, d), B: p.Const(name+".b", Vector, 0, d)}
}

// Forward normalises x [..., D].
func (n *LayerNorm) Forward(x *tensor.Tensor) *tensor.Tensor {
	return tensor.LayerNorm(x, n.G, n.B, LayerNormEps)
}

// Embedding maps byte ids to rows of a table.
type Embedding struct {
	// W is the table [V, D].
	W *tensor.Tensor
}

// NewEmbedding registers name.w [v, d] with N(0, std²) rows.
func NewEmbedding(p *Params, name string, v, d int, std float32) *Embedding {
	return &Embedding{W: p.Normal(name+".w", EmbeddingKind, std, v, d)}
}

// Forward looks up ids (len B·T) and returns [B, T, D].
func (e *Embedding) Forward(ids []int, B, T int) *tensor.Tensor {
	return tensor.Embedding(e.W, ids, B, T)
}

// Conv is a depthwise causal convolution over time: every channel has its
// own K taps, spaced Dilation steps apart, looking only backwards. With
// Ternary set the kernel is quantised to {−α, 0, +α} (absmean, STE); its
// input is not quantised (a depthwise conv has no integer-kernel payoff).
type Conv struct {
	// W is the kernel [C, K]; tap K−1 multiplies the current position.
	W *tensor.Tensor
	// Dilation is the spacing between taps (1 = adjacent).
	Dilation int
	// Ternary switches on weight quantisation.
	Ternary bool
}

// NewConv registers name.w [c, k] with N(0, std²) taps.
func NewConv(p *Params, name string, c, k, dilation int, ternary bool, std float32) *Conv {
	return &Conv{W: p.Normal(name+".w", ConvKind, std, c, k), Dilation: dilation, Ternary: ternary}
}

// Forward convolves x [B, T, C] causally and returns [B, T, C].
func (c *Conv) Forward(x *tensor.Tensor) *tensor.Tensor {
	w := c.W
	if c.Ternary {
		w = tensor.TernaryQuant(w)
	}
	return tensor.CausalConv1d(x, w, c.Dilation)
}

// ReceptiveField is how many positions (the current one included) one
// output sees.
func (c *Conv) ReceptiveField() int { return (c.W.Shape[1]-1)*c.Dilation + 1 }
