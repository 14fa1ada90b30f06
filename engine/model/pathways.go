package model

import (
	"math"

	"trigo/engine/nn"
	"trigo/engine/tensor"
)

// Pathway is one branch of a routed block: it maps the normalised input
// h [B, T, D] to an update [B, T, D]. The set is sealed: an unexported
// method builds each pathway's incremental decode state (decode.go says
// why), so a new pathway is added here, with its autograd forward, its
// decode step and a parity test.
type Pathway interface {
	// Forward computes the pathway's output for h [B, T, D].
	Forward(h *tensor.Tensor) *tensor.Tensor
	// Kind is the pathway's name: Local, Wide, State, Sparse or Dense.
	Kind() string
	// decodePath builds the pathway's decode state, adding its kernels to
	// the layer's stage-1 and stage-2 groups.
	decodePath(b *decBuild, stage1, stage2 *decGroup) decPath
}

// Attention is causal multi-head self-attention with RoPE on q and k;
// TopK > 0 keeps only each query's k largest scores before the softmax.
type Attention struct {
	// Wq, Wk, Wv project D → Heads·HeadDim; Wo projects back to D.
	Wq, Wk, Wv, Wo *nn.Linear
	// Heads is the number of heads; each is Wq.Out()/Heads wide.
	Heads int
	// TopK is the number of scores each query keeps (0 = all).
	TopK int
	kind string
}

func newAttention(p *nn.Params, name, kind string, s Spec, outGain float64) *Attention {
	d, a, t := s.Dim, s.AttnDim(), s.IsTernary()
	return &Attention{
		Wq:    nn.NewLinear(p, name+".wq", d, a, true, t, 1),
		Wk:    nn.NewLinear(p, name+".wk", d, a, true, t, 1),
		Wv:    nn.NewLinear(p, name+".wv", d, a, true, t, 1),
		Wo:    nn.NewLinear(p, name+".wo", a, d, true, t, outGain),
		Heads: s.Heads, TopK: s.TopK, kind: kind,
	}
}

// Forward attends over positions 0… of h [B, T, D].
func (m *Attention) Forward(h *tensor.Tensor) *tensor.Tensor {
	return m.ForwardAt(h, 0)
}

// ForwardAt is Forward for a window whose first position is pos0 (RoPE).
func (m *Attention) ForwardAt(h *tensor.Tensor, pos0 int) *tensor.Tensor {
	q := tensor.RoPE(m.Wq.Forward(h), m.Heads, pos0)
	k := tensor.RoPE(m.Wk.Forward(h), m.Heads, pos0)
	v := m.Wv.Forward(h)
	return m.Wo.Forward(tensor.Attention(q, k, v, m.Heads, m.TopK))
}

// Kind returns Sparse (routed blocks) or "attn" (vanilla blocks).
func (m *Attention) Kind() string { return m.kind }

// FFN is W2·gelu(W1·h).
type FFN struct {
	// W1 maps D → FFN width, W2 maps back to D.
	W1, W2 *nn.Linear
	kind   string
}

func newFFN(p *nn.Params, name, kind string, s Spec, outGain float64) *FFN {
	t := s.IsTernary()
	return &FFN{
		W1:   nn.NewLinear(p, name+".w1", s.Dim, s.FFN, true, t, 1),
		W2:   nn.NewLinear(p, name+".w2", s.FFN, s.Dim, true, t, outGain),
		kind: kind,
	}
}

// Forward applies the feed-forward network to h [B, T, D].
func (f *FFN) Forward(h *tensor.Tensor) *tensor.Tensor {
	return f.W2.Forward(tensor.GELU(f.W1.Forward(h)))
}

// Kind returns Dense (routed blocks) or "ffn" (vanilla blocks).
func (f *FFN) Kind() string { return f.kind }

// ConvPath is a depthwise causal conv followed by a channel mix: a Linear
// (Mix != nil, lite's W_loc) or the normalised Hadamard transform.
type ConvPath struct {
	// Conv is the depthwise causal convolution.
	Conv *nn.Conv
	// Mix is the channel-mixing Linear, or nil for Hadamard mixing.
	Mix  *nn.Linear
	kind string
}

// Forward convolves h [B, T, D] and mixes channels.
func (c *ConvPath) Forward(h *tensor.Tensor) *tensor.Tensor {
	return mixChannels(c.Conv.Forward(h), c.Mix)
}

// Kind returns Local or Wide.
func (c *ConvPath) Kind() string { return c.kind }

// StatePath is a diagonal linear recurrence per channel followed by a
// channel mix: h_t = tanh(A)⊙h_{t−1} + B⊙x_t, y_t = C⊙h_t.
type StatePath struct {
	// A is the raw decay [D] (a = tanh(A)); B and C are input and output gains [D].
	A, B, C *tensor.Tensor
	// Mix is the channel-mixing Linear, or nil for Hadamard mixing.
	Mix *nn.Linear
}

// Forward runs the recurrence over h [B, T, D] and mixes channels.
func (s *StatePath) Forward(h *tensor.Tensor) *tensor.Tensor {
	return mixChannels(tensor.SSM(h, s.A, s.B, s.C), s.Mix)
}

// Kind returns State.
func (s *StatePath) Kind() string { return State }

func mixChannels(y *tensor.Tensor, mix *nn.Linear) *tensor.Tensor {
	if mix == nil {
		return tensor.Hadamard(y)
	}
	return mix.Forward(y)
}

// newCheapMix is a pathway's channel mix: a d×d Linear or nil (Hadamard).
func newCheapMix(p *nn.Params, name string, s Spec, outGain float64) *nn.Linear {
	if s.CheapMix == "hadamard" {
		return nil
	}
	return nn.NewLinear(p, name+".mix", s.Dim, s.Dim, true, s.IsTernary(), outGain)
}

func newPathway(p *nn.Params, name, kind string, s Spec, outGain float64) Pathway {
	// Convolutions see a unit-scale input; with a Hadamard mix their output
	// goes straight into the residual stream, so it carries outGain itself.
	convGain := 1.0
	if s.CheapMix == "hadamard" {
		convGain = outGain
	}
	switch kind {
	case Local:
		std := float32(convGain / math.Sqrt(float64(s.ConvKernel)))
		return &ConvPath{Conv: nn.NewConv(p, name+".conv", s.Dim, s.ConvKernel, 1, s.IsTernary(), std),
			Mix: newCheapMix(p, name, s, outGain), kind: Local}
	case Wide:
		std := float32(convGain / math.Sqrt(float64(s.WideKernel)))
		return &ConvPath{Conv: nn.NewConv(p, name+".conv", s.Dim, s.WideKernel, s.WideDilation, s.IsTernary(), std),
			Mix: newCheapMix(p, name, s, outGain), kind: Wide}
	case State:
		// Decays spread over [0.5, 0.97] so channels remember for ~2 to ~30
		// steps; B = 1−a gives every channel unit gain at steady state.
		d := s.Dim
		a, b, c := make([]float32, d), make([]float32, d), make([]float32, d)
		for i := range a {
			ai := 0.5 + 0.47*float64(i)/float64(max(d-1, 1))
			a[i] = float32(math.Atanh(ai))
			b[i] = float32(1 - ai)
			c[i] = float32(convGain)
		}
		return &StatePath{
			A:   p.Add(name+".a", nn.Vector, tensor.New(a, d)),
			B:   p.Add(name+".b", nn.Vector, tensor.New(b, d)),
			C:   p.Add(name+".c", nn.Vector, tensor.New(c, d)),
			Mix: newCheapMix(p, name, s, outGain),
		}
	case Sparse:
		return newAttention(p, name, Sparse, s, outGain)
	case Dense:
		return newFFN(p, name, Dense, s, outGain)
	}
	panic("model: unknown pathway " + kind)
}
