// Package optim holds the optimizers (AdamW; Muon for 2-D weight matrices
// with AdamW for the rest), the warm-up + cosine learning-rate schedule and
// global gradient-norm clipping.
//
// An optimizer owns its moment buffers and exposes them as named tensors
// ("optim.adamw.m.<param>") so checkpoints store them beside the weights
// and a resumed run continues bit-for-bit.
package optim

import (
	"fmt"
	"math"

	"trigo/engine/nn"
	"trigo/engine/parallel"
	"trigo/engine/tensor"
)

// Optimizer updates parameters from their gradients.
type Optimizer interface {
	// Step applies one update with every base learning rate scaled by mult
	// (the schedule's value). Parameters without a gradient are skipped.
	Step(mult float64)
	// Name is "adamw" or "muon".
	Name() string
	// State returns the moment buffers as tensors named "optim.…" that share
	// memory with the optimizer (for saving).
	State() []*tensor.Tensor
	// LoadState copies saved buffers back; every State name must be present.
	LoadState(saved map[string]*tensor.Tensor) error
	// Describe is the hyper-parameters as a short string (for metadata).
	Describe() string
}

// New returns the optimizer called name ("adamw" or "muon") over params
// with learning rate lr (Muon's matrices use muonLR) and weight decay wd.
func New(name string, params []*nn.Param, lr, muonLR, wd float64) (Optimizer, error) {
	switch name {
	case "adamw", "":
		return NewAdamW(params, lr, wd), nil
	case "muon":
		return NewMuon(params, muonLR, lr, wd), nil
	}
	return nil, fmt.Errorf("optim: unknown optimizer %q (want adamw or muon)", name)
}

// AdamW is Adam with decoupled weight decay, as torch.optim.AdamW computes
// it. Weight decay applies to tensors with two or more dimensions only.
type AdamW struct {
	// LR is the base learning rate.
	LR float64
	// Beta1, Beta2 and Eps are Adam's constants (0.9, 0.95, 1e-8).
	Beta1, Beta2, Eps float64
	// WeightDecay is the decoupled decay coefficient.
	WeightDecay float64

	params []*nn.Param
	m, v   []*tensor.Tensor
	steps  *tensor.Tensor // per-parameter update count (exact up to 2^24)
}

// NewAdamW returns AdamW over params.
func NewAdamW(params []*nn.Param, lr, wd float64) *AdamW {
	o := &AdamW{LR: lr, Beta1: 0.9, Beta2: 0.95, Eps: 1e-8, WeightDecay: wd, params: params}
	for _, p := range params {
		o.m = append(o.m, tensor.Zeros(p.T.Shape...))
		o.v = append(o.v, tensor.Zeros(p.T.Shape...))
		o.m[len(o.m)-1].Name = "optim.adamw.m." + p.Name
		o.v[len(o.v)-1].Name = "optim.adamw.v." + p.Name
	}
	o.steps = tensor.Zeros(len(params))
	o.steps.Name = "optim.adamw.steps"
	return o
}

// Name returns "adamw".
func (o *AdamW) Name() string { return "adamw" }

// Describe lists the hyper-parameters.
func (o *AdamW) Describe() string {
	return fmt.Sprintf("adamw lr=%g betas=(%g,%g) eps=%g wd=%g", o.LR, o.Beta1, o.Beta2, o.Eps, o.WeightDecay)
}

// Step updates every parameter that has a gradient.
func (o *AdamW) Step(mult float64) {
	lr := o.LR * mult
	for i, p := range o.params {
		if p.T.Grad == nil {
			continue
		}
		o.steps.Data[i]++
		o.update(i, p, lr)
	}
}

// update is torch's single-tensor AdamW step for parameter i.
func (o *AdamW) update(i int, p *nn.Param, lr float64) {
	t := float64(o.steps.Data[i])
	b1, b2 := float32(o.Beta1), float32(o.Beta2)
	bc1 := 1 - math.Pow(o.Beta1, t)
	bc2 := 1 - math.Pow(o.Beta2, t)
	stepSize := float32(lr / bc1)
	bc2sqrt := float32(math.Sqrt(bc2))
	eps := float32(o.Eps)
	decay := float32(1)
	if len(p.T.Shape) >= 2 {
		decay = float32(1 - lr*o.WeightDecay)
	}
	w, g, m, v := p.T.Data, p.T.Grad, o.m[i].Data, o.v[i].Data
	// Elementwise, so splitting over threads changes no result.
	parallel.For(len(w), 1<<14, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			w[j] *= decay
			m[j] = m[j]*b1 + (1-b1)*g[j]
			v[j] = v[j]*b2 + (1-b2)*g[j]*g[j]
			denom := float32(math.Sqrt(float64(v[j])))/bc2sqrt + eps
			w[j] -= stepSize * (m[j] / denom)
		}
	})
}

// State returns m, v and the step counts.
func (o *AdamW) State() []*tensor.Tensor {
	out := append(append([]*tensor.Tensor(nil), o.m...), o.v...)
	return append(out, o.steps)
}

// LoadState copies saved m, v and step counts.
func (o *AdamW) LoadState(saved map[string]*tensor.Tensor) error {
	return loadInto(o.State(), saved)
}

func loadInto(dst []*tensor.Tensor, saved map[string]*tensor.Tensor) error {
	for _, t := range dst {
		s, ok := saved[t.Name]
		if !ok {
			return fmt.Errorf("optim: saved state lacks %s", t.Name)
		}
		if len(s.Data) != len(t.Data) {
			return fmt.Errorf("optim: saved %s has %d values, want %d", t.Name, len(s.Data), len(t.Data))
		}
		copy(t.Data, s.Data)
	}
	return nil
}

// ClipGradNorm scales all gradients so their global L2 norm is at most
// maxNorm (torch.nn.utils.clip_grad_norm_) and returns the norm before
// clipping. maxNorm <= 0 only measures.
func ClipGradNorm(params []*nn.Param, maxNorm float64) float64 {
	var ss float64
	for _, p := range params {
		for _, g := range p.T.Grad {
			ss += float64(g) * float64(g)
		}
	}
	norm := math.Sqrt(ss)
	if maxNorm > 0 {
		if c := maxNorm / (norm + 1e-6); c < 1 {
			cf := float32(c)
			for _, p := range params {
				for j := range p.T.Grad {
					p.T.Grad[j] *= cf
				}
			}
		}
	}
	return norm
}

// Schedule is the learning-rate multiplier for step (0-based) of total:
// linear warm-up over warmup steps from 1/warmup to 1, then a cosine decay
// to minFrac at the last step.
func Schedule(step, warmup, total int, minFrac float64) float64 {
	if step < warmup {
		return float64(step+1) / float64(warmup)
	}
	if total <= warmup+1 {
		return 1
	}
	p := float64(step-warmup) / float64(total-warmup-1)
	p = math.Min(math.Max(p, 0), 1)
	return minFrac + (1-minFrac)*0.5*(1+math.Cos(math.Pi*p))
}
