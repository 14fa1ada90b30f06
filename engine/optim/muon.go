package optim

import (
	"fmt"
	"math"

	"trigo/engine/blas"
	"trigo/engine/nn"
	"trigo/engine/tensor"
)

// Muon updates 2-D weight matrices (nn.Matrix parameters) with
// Newton–Schulz-orthogonalised Nesterov momentum and hands every other
// parameter (embeddings, heads, conv kernels, vectors) to AdamW.
type Muon struct {
	// LR is the matrices' base learning rate (0.02 is typical).
	LR float64
	// Momentum is the momentum coefficient (0.95).
	Momentum float64
	// NSSteps is the number of Newton–Schulz iterations (5).
	NSSteps int
	// WeightDecay is the decoupled decay of the matrices.
	WeightDecay float64
	// Adam updates the non-matrix parameters.
	Adam *AdamW

	params []*nn.Param
	mom    []*tensor.Tensor
}

// NewMuon returns Muon with learning rate lr for matrices and AdamW with
// adamLR for the rest; both use weight decay wd.
func NewMuon(params []*nn.Param, lr, adamLR, wd float64) *Muon {
	o := &Muon{LR: lr, Momentum: 0.95, NSSteps: 5, WeightDecay: wd}
	var rest []*nn.Param
	for _, p := range params {
		if p.Kind == nn.Matrix && len(p.T.Shape) == 2 {
			o.params = append(o.params, p)
			t := tensor.Zeros(p.T.Shape...)
			t.Name = "optim.muon.mom." + p.Name
			o.mom = append(o.mom, t)
		} else {
			rest = append(rest, p)
		}
	}
	o.Adam = NewAdamW(rest, adamLR, wd)
	return o
}

// Name returns "muon".
func (o *Muon) Name() string { return "muon" }

// Describe lists the hyper-parameters.
func (o *Muon) Describe() string {
	return fmt.Sprintf("muon lr=%g momentum=%g ns=%d wd=%g (%d matrices); rest: %s",
		o.LR, o.Momentum, o.NSSteps, o.WeightDecay, len(o.params), o.Adam.Describe())
}

// Step updates the matrices with Muon and the rest with AdamW.
func (o *Muon) Step(mult float64) {
	lr := o.LR * mult
	beta := float32(o.Momentum)
	for i, p := range o.params {
		if p.T.Grad == nil {
			continue
		}
		rows, cols := p.T.Shape[0], p.T.Shape[1]
		buf, g := o.mom[i].Data, p.T.Grad
		// Nesterov: buf = β·buf + (1−β)·g; use (1−β)·g + β·buf.
		u := make([]float32, len(g))
		for j := range g {
			buf[j] = beta*buf[j] + (1-beta)*g[j]
			u[j] = (1-beta)*g[j] + beta*buf[j]
		}
		u = NewtonSchulz(u, rows, cols, o.NSSteps)
		scale := float32(lr * math.Sqrt(math.Max(1, float64(rows)/float64(cols))))
		decay := float32(1 - lr*o.WeightDecay)
		w := p.T.Data
		for j := range w {
			w[j] = w[j]*decay - scale*u[j]
		}
	}
	o.Adam.Step(mult)
}

// NewtonSchulz returns an approximately orthogonalised g [rows, cols]
// (the nearest semi-orthogonal matrix, singular values pushed towards 1)
// with the quintic iteration of Muon: X ← aX + (bA + cA²)X, A = XXᵀ.
func NewtonSchulz(g []float32, rows, cols, steps int) []float32 {
	const a, b, c = 3.4445, -4.7750, 2.0315
	// Work on the wide orientation so A = XXᵀ is the small square.
	r, k := rows, cols
	x := append([]float32(nil), g...)
	if rows > cols {
		r, k = cols, rows
		x = transpose(g, rows, cols)
	}
	var ss float64
	for _, v := range x {
		ss += float64(v) * float64(v)
	}
	inv := float32(1 / (math.Sqrt(ss) + 1e-7))
	for j := range x {
		x[j] *= inv
	}
	A := make([]float32, r*r)
	B := make([]float32, r*r)
	nx := make([]float32, r*k)
	for s := 0; s < steps; s++ {
		blas.Sgemm(false, true, r, r, k, 1, x, k, x, k, 0, A, r) // A = X·Xᵀ
		copy(B, A)
		blas.Sgemm(false, false, r, r, r, c, A, r, A, r, b, B, r) // B = b·A + c·A·A
		copy(nx, x)
		blas.Sgemm(false, false, r, k, r, 1, B, r, x, k, a, nx, k) // X = a·X + B·X
		x, nx = nx, x
	}
	if rows > cols {
		return transpose(x, cols, rows)
	}
	return x
}

func transpose(m []float32, rows, cols int) []float32 {
	t := make([]float32, len(m))
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			t[j*rows+i] = m[i*cols+j]
		}
	}
	return t
}

// State returns the momentum buffers and AdamW's state.
func (o *Muon) State() []*tensor.Tensor {
	return append(append([]*tensor.Tensor(nil), o.mom...), o.Adam.State()...)
}

// LoadState copies saved buffers back.
func (o *Muon) LoadState(saved map[string]*tensor.Tensor) error {
	return loadInto(o.State(), saved)
}
