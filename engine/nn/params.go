// Package nn holds the layers the model family is built from (Linear,
// LayerNorm, Embedding, depthwise causal convolution) and the named
// parameter registry that optimizers, checkpoints and summaries read.
//
// A layer is a small struct of parameter tensors with a Forward method; the
// math lives in engine/tensor. Layers register their tensors in a Params
// under dotted names ("blocks.0.sparse.wq") together with a Kind that tells
// optimizers how to treat them (Muon only touches Matrix weights; weight
// decay only applies to tensors of two or more dimensions).
package nn

import (
	"fmt"
	"math/rand"

	"trigo/engine/tensor"
)

// Parameter kinds: what role a tensor plays, which optimizers read.
const (
	// Matrix is the weight of a Linear inside the residual blocks.
	Matrix = "matrix"
	// EmbeddingKind is a token embedding table [V, D].
	EmbeddingKind = "embedding"
	// Head is an output projection (unembedding, abstain head).
	Head = "head"
	// ConvKind is a depthwise convolution kernel [C, K].
	ConvKind = "conv"
	// Vector is a 1-D tensor: bias, norm gain, SSM coefficients.
	Vector = "vector"
)

// Param is one named trainable tensor and its role.
type Param struct {
	// Name is the dotted path, also the tensor's Name and checkpoint key.
	Name string
	// Kind is one of Matrix, EmbeddingKind, Head, ConvKind, Vector.
	Kind string
	// T is the tensor itself; its Grad is filled by tensor.Backward.
	T *tensor.Tensor
}

// Params is an ordered registry of named parameters. Order is creation
// order, which fixes the layout of checkpoints and optimizer state.
type Params struct {
	list   []*Param
	byName map[string]*Param
	// Rng draws initial values for parameters created through this registry.
	Rng *rand.Rand
}

// NewParams returns an empty registry whose initial values come from seed.
func NewParams(seed int64) *Params {
	return &Params{byName: map[string]*Param{}, Rng: rand.New(rand.NewSource(seed))}
}

// Add registers t under name with the given kind, marks it trainable and
// returns it. A duplicate name panics.
func (p *Params) Add(name, kind string, t *tensor.Tensor) *tensor.Tensor {
	if _, dup := p.byName[name]; dup {
		panic(fmt.Sprintf("nn.Params: duplicate parameter %q", name))
	}
	tensor.Param(name, t)
	e := &Param{Name: name, Kind: kind, T: t}
	p.list = append(p.list, e)
	p.byName[name] = e
	return t
}

// Normal registers a new [shape] tensor of N(0, std²) samples.
func (p *Params) Normal(name, kind string, std float32, shape ...int) *tensor.Tensor {
	return p.Add(name, kind, tensor.Randn(p.Rng, std, shape...))
}

// Const registers a new [shape] tensor filled with v.
func (p *Params) Const(name, kind string, v float32, shape ...int) *tensor.Tensor {
	return p.Add(name, kind, tensor.Full(v, shape...))
}

// List returns the parameters in creation order.
func (p *Params) List() []*Param { return p.list }

// Get returns the named parameter's tensor, or nil.
func (p *Params) Get(name string) *tensor.Tensor {
	if e := p.byName[name]; e != nil {
		return e.T
	}
	return nil
}

// Lookup returns the named parameter entry, or nil.
func (p *Params) Lookup(name string) *Param { return p.byName[name] }

// Count returns the total number of scalar parameters.
func (p *Params) Count() int {
	n := 0
	for _, e := range p.list {
		n += e.T.Numel()
	}
	return n
}

// CountPrefix returns the number of scalars in parameters whose name starts
// with prefix.
func (p *Params) CountPrefix(prefix string) int {
	n := 0
	for _, e := range p.list {
		if len(e.Name) >= len(prefix) && e.Name[:len(prefix)] == prefix {
			n += e.T.Numel()
		}
	}
	return n
}

// ZeroGrad clears every parameter's gradient.
func (p *Params) ZeroGrad() {
	for _, e := range p.list {
		e.T.ZeroGrad()
	}
}
