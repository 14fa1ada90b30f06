package model

import (
	"fmt"

	"trigo/engine/nn"
	"trigo/engine/tensor"
)

// Block is one residual layer. The set is sealed: only this package's
// blocks implement it (see Pathway).
type Block interface {
	// Forward maps x [B, T, D] to the next residual stream [B, T, D] and
	// returns the router weights [B, T, P] (nil for blocks without a router).
	Forward(x *tensor.Tensor) (y, router *tensor.Tensor)
	// decodeLayer builds the block's incremental decode state.
	decodeLayer(b *decBuild) layerDecoder
}

// RoutedBlock is the lite / multi layer:
//
//	h  = LayerNorm(x)
//	r  = softmax(W_router·h)                 per token, one weight per pathway
//	x' = x + Σ_p r_p · path_p(h)
type RoutedBlock struct {
	// Norm is the block's pre-norm.
	Norm *nn.LayerNorm
	// Router maps h to one logit per pathway (D → P).
	Router *nn.Linear
	// Paths are the pathways, in Spec.Pathways order.
	Paths []Pathway
}

// Forward applies the block to x [B, T, D].
func (b *RoutedBlock) Forward(x *tensor.Tensor) (y, router *tensor.Tensor) {
	h := b.Norm.Forward(x)
	r := tensor.Softmax(b.Router.Forward(h))
	outs := make([]*tensor.Tensor, len(b.Paths))
	for i, p := range b.Paths {
		outs[i] = p.Forward(h)
	}
	return tensor.Add(x, tensor.RouterMix(r, outs)), r
}

// TransformerBlock is the vanilla layer:
//
//	x' = x + Attn(LayerNorm₁(x));  x'' = x' + FFN(LayerNorm₂(x'))
type TransformerBlock struct {
	// Norm1 is the pre-norm of the attention sub-layer.
	Norm1 *nn.LayerNorm
	// Attn is full causal attention.
	Attn *Attention
	// Norm2 is the pre-norm of the feed-forward sub-layer.
	Norm2 *nn.LayerNorm
	// FFN is the GELU feed-forward network.
	FFN *FFN
}

// Forward applies the block to x [B, T, D]; it has no router.
func (b *TransformerBlock) Forward(x *tensor.Tensor) (y, router *tensor.Tensor) {
	x = tensor.Add(x, b.Attn.Forward(b.Norm1.Forward(x)))
	return tensor.Add(x, b.FFN.Forward(b.Norm2.Forward(x))), nil
}

func newBlock(p *nn.Params, i int, s Spec, outGain float64) Block {
	name := fmt.Sprintf("blocks.%d", i)
	if s.Arch == Vanilla {
		return &TransformerBlock{
			Norm1: nn.NewLayerNorm(p, name+".norm1", s.Dim),
			Attn:  newAttention(p, name+".attn", "attn", s, outGain),
			Norm2: nn.NewLayerNorm(p, name+".norm2", s.Dim),
			FFN:   newFFN(p, name+".ffn", "ffn", s, outGain),
		}
	}
	b := &RoutedBlock{
		Norm:   nn.NewLayerNorm(p, name+".norm", s.Dim),
		Router: nn.NewLinear(p, name+".router", s.Dim, len(s.Pathways), true, s.IsTernary(), 0.2),
	}
	for _, kind := range s.Pathways {
		b.Paths = append(b.Paths, newPathway(p, name+"."+kind, kind, s, outGain))
	}
	return b
}
