// Package model is Trigo's family of byte-level language models: the routed
// pathway models lite (3 pathways) and multi (5 pathways) and a vanilla
// transformer baseline, each in fp32 and ternary precision.
//
// All are pre-norm residual stacks over a byte embedding (V = 256) with a
// final LayerNorm, an untied output projection, and RoPE attention:
//
//	m := model.New(model.Config("lite-ternary"), 42)
//	out := m.Forward(ids, B, T)   // out.Logits [B, T, 256], out.Router, out.Hidden
//	fmt.Println(m.Summary())      // parameter table
//
// Precision: in ternary models every Linear and conv weight inside the
// blocks (router included) is quantised in the forward pass (absmean,
// straight-through) and Linear inputs are quantised to int8 per token.
// The byte embedding, the output projection and the abstain head stay
// float32: together they are 2·256·d + d + 1 parameters (1.4 % of lite) and
// quantising the last projection costs the most quality per bit saved.
//
// Block and Pathway are sealed interfaces: each carries an unexported
// method that builds its incremental decode state, so the Decoder reaches
// every block and pathway through the interface (no type switch) and a
// pathway without a decode step does not compile. They are sealed rather
// than opened with an exported step method because a pathway's decode
// joins the decoder's internals (staged and shared matrix-vector kernels,
// the parallel unit plan, preallocated caches); decode.go has the details.
package model

import (
	"fmt"
	"math"

	"trigo/engine/nn"
	"trigo/engine/tensor"
)

// Model is a byte-level language model built from a Spec.
type Model struct {
	// Spec is the configuration the model was built from.
	Spec Spec
	// Seed is the seed of the initial weights.
	Seed int64
	// Params registers every trainable tensor by name, in creation order.
	Params *nn.Params
	// Embed maps bytes to vectors [V, D].
	Embed *nn.Embedding
	// Blocks are the residual layers.
	Blocks []Block
	// Norm is the final LayerNorm.
	Norm *nn.LayerNorm
	// Out is the untied output projection D → V (float32 in every precision).
	Out *nn.Linear
	// Abstain is the abstain head D → 1 on the mean final-norm hidden state
	// of a prompt (float32). Pretraining leaves it untouched.
	Abstain *nn.Linear
}

// New builds a model with weights drawn from seed. It panics when the spec
// does not validate (see Spec.Validate).
func New(s Spec, seed int64) *Model {
	if err := s.Validate(); err != nil {
		panic(err.Error())
	}
	s = s.Clone()
	p := nn.NewParams(seed)
	m := &Model{Spec: s, Seed: seed, Params: p}
	m.Embed = nn.NewEmbedding(p, "embed", s.Vocab, s.Dim, 1)
	// Weights that write into the residual stream start 1/√(2L) smaller so
	// the stream's scale does not grow with depth (GPT-2).
	outGain := 1 / math.Sqrt(2*float64(s.Layers))
	for i := 0; i < s.Layers; i++ {
		m.Blocks = append(m.Blocks, newBlock(p, i, s, outGain))
	}
	m.Norm = nn.NewLayerNorm(p, "norm", s.Dim)
	m.Out = nn.NewLinear(p, "out", s.Dim, s.Vocab, true, false, 0.3)
	m.Abstain = nn.NewLinear(p, "abstain", s.Dim, 1, true, false, 0.3)
	for _, e := range p.List() {
		if e.Name == "out.w" || e.Name == "abstain.w" {
			e.Kind = nn.Head
		}
	}
	return m
}

// Output is what Forward returns.
type Output struct {
	// Logits are next-byte scores [B, T, V].
	Logits *tensor.Tensor
	// Hidden is the final-norm hidden state [B, T, D].
	Hidden *tensor.Tensor
	// Router holds each routed layer's weights [B, T, P]; nil for vanilla.
	Router []*tensor.Tensor
	// RouterEntropy holds each routed layer's per-token entropy [B, T]
	// (natural log; the maximum is log P).
	RouterEntropy []*tensor.Tensor
	// B and T are the batch size and sequence length.
	B, T int
}

// Forward runs the model on ids (B sequences of T bytes, row-major) and
// returns logits, router weights and entropies, and final hidden states.
// Gradients are recorded unless called inside tensor.NoGrad.
func (m *Model) Forward(ids []int, B, T int) *Output {
	if len(ids) != B*T {
		panic(fmt.Sprintf("model.Forward: %d ids for B=%d × T=%d", len(ids), B, T))
	}
	for i, id := range ids {
		if id < 0 || id >= m.Spec.Vocab {
			panic(fmt.Sprintf("model.Forward: id %d at position %d outside vocabulary [0, %d)", id, i, m.Spec.Vocab))
		}
	}
	out := &Output{B: B, T: T}
	x := m.Embed.Forward(ids, B, T)
	for _, b := range m.Blocks {
		var r *tensor.Tensor
		x, r = b.Forward(x)
		if r != nil {
			out.Router = append(out.Router, r)
			out.RouterEntropy = append(out.RouterEntropy, tensor.Entropy(r))
		}
	}
	out.Hidden = m.Norm.Forward(x)
	out.Logits = m.Out.Forward(out.Hidden)
	return out
}

// AbstainLogits applies the abstain head to the mean of hidden [B, T, D]
// over the positions where promptMask (len B·T) is positive and returns
// one logit per sequence [B]; abstain_p = sigmoid of it.
func (m *Model) AbstainLogits(hidden *tensor.Tensor, promptMask []float32) *tensor.Tensor {
	B := hidden.Shape[0]
	return tensor.Reshape(m.Abstain.Forward(tensor.MaskedMean(hidden, promptMask)), B)
}

// NumParams is the exact number of scalar parameters.
func (m *Model) NumParams() int { return m.Params.Count() }

// ZeroGrad clears every parameter gradient.
func (m *Model) ZeroGrad() { m.Params.ZeroGrad() }

// Pathways lists the router's pathway names in order (nil for vanilla).
func (m *Model) Pathways() []string {
	if m.Spec.Arch == Vanilla {
		return nil
	}
	return append([]string(nil), m.Spec.Pathways...)
}

// MeanRouterEntropy is the router entropy averaged over layers and
// positions (0 for vanilla models).
func (o *Output) MeanRouterEntropy() float64 {
	var s float64
	n := 0
	for _, e := range o.RouterEntropy {
		for _, v := range e.Data {
			s += float64(v)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

// RouterUsage is each layer's mean router weight per pathway,
// [layer][pathway], averaged over all positions.
func (o *Output) RouterUsage() [][]float64 {
	use := make([][]float64, len(o.Router))
	for l, r := range o.Router {
		P := r.Shape[len(r.Shape)-1]
		use[l] = make([]float64, P)
		n := len(r.Data) / P
		for i := 0; i < n; i++ {
			for p := 0; p < P; p++ {
				use[l][p] += float64(r.Data[i*P+p]) / float64(n)
			}
		}
	}
	return use
}
