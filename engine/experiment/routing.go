package experiment

import (
	"fmt"
	"math"

	"trigo/engine/model"
	"trigo/engine/tensor"
)

// Routing is a model's router weights on a fixed set of byte sequences:
// per routed layer, one probability vector over the P pathways for every
// position of every sequence, in order.
type Routing struct {
	// P is the number of pathways.
	P int
	// W[l] holds layer l's weights, P per position (positions × P).
	W [][]float32
}

// Route runs m on each sequence (one forward pass each, no padding, no
// gradients) and records its router weights. It returns an error when m
// has no router.
func Route(m *model.Model, seqs [][]int) (*Routing, error) {
	if len(m.Pathways()) < 2 {
		return nil, fmt.Errorf("experiment: %s has no router", m.Spec.Name)
	}
	rt := &Routing{P: len(m.Pathways())}
	tensor.NoGrad(func() {
		for _, s := range seqs {
			if len(s) == 0 {
				continue
			}
			out := m.Forward(s, 1, len(s))
			if rt.W == nil {
				rt.W = make([][]float32, len(out.Router))
			}
			for l, r := range out.Router {
				rt.W[l] = append(rt.W[l], r.Data...)
			}
		}
	})
	return rt, nil
}

// Usage is the mean router weight per pathway of each layer over every
// position: [layer][pathway], each row a distribution.
func (rt *Routing) Usage() [][]float64 {
	u := make([][]float64, len(rt.W))
	for l, w := range rt.W {
		u[l] = make([]float64, rt.P)
		n := len(w) / rt.P
		for i := 0; i < n; i++ {
			for p := 0; p < rt.P; p++ {
				u[l][p] += float64(w[i*rt.P+p])
			}
		}
		for p := range u[l] {
			u[l][p] /= float64(n)
		}
	}
	return u
}

// Entropy is the mean router entropy (nats) of each layer over every
// position.
func (rt *Routing) Entropy() []float64 {
	e := make([]float64, len(rt.W))
	for l, w := range rt.W {
		n := len(w) / rt.P
		for i := 0; i < n; i++ {
			for _, v := range w[i*rt.P : (i+1)*rt.P] {
				if v > 0 {
					e[l] -= float64(v) * math.Log(float64(v))
				}
			}
		}
		e[l] /= float64(n)
	}
	return e
}

// TokenKL is, per layer, the mean over positions of KL(a‖b) between two
// routings of the same sequences: how far each position's routing moved,
// which the KL of the usage means (Usage) can hide when moves cancel.
func TokenKL(a, b *Routing) ([]float64, error) {
	if a.P != b.P || len(a.W) != len(b.W) {
		return nil, fmt.Errorf("experiment: routings of %d×%d and %d×%d (layers × pathways)", len(a.W), a.P, len(b.W), b.P)
	}
	out := make([]float64, len(a.W))
	pa, pb := make([]float64, a.P), make([]float64, a.P)
	for l := range a.W {
		if len(a.W[l]) != len(b.W[l]) {
			return nil, fmt.Errorf("experiment: layer %d: routings of %d and %d positions", l, len(a.W[l])/a.P, len(b.W[l])/b.P)
		}
		n := len(a.W[l]) / a.P
		for i := 0; i < n; i++ {
			var sa, sb float64
			for p := 0; p < a.P; p++ {
				pa[p], pb[p] = float64(a.W[l][i*a.P+p]), float64(b.W[l][i*a.P+p])
				sa += pa[p]
				sb += pb[p]
			}
			for p := range pa { // float32 softmax sums are 1 only to ~1e-7
				pa[p] /= sa
				pb[p] /= sb
			}
			kl, err := KL(pa, pb)
			if err != nil {
				return nil, err
			}
			out[l] += kl / float64(n)
		}
	}
	return out, nil
}

// UsageKL is, per layer, KL(usage a ‖ usage b) of the mean pathway weights.
func UsageKL(a, b [][]float64) ([]float64, error) {
	if len(a) != len(b) {
		return nil, fmt.Errorf("experiment: usage of %d and %d layers", len(a), len(b))
	}
	out := make([]float64, len(a))
	for l := range a {
		kl, err := KL(a[l], b[l])
		if err != nil {
			return nil, fmt.Errorf("layer %d: %v", l, err)
		}
		out[l] = kl
	}
	return out, nil
}
