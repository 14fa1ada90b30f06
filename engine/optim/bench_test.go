package optim

import (
	"math/rand"
	"testing"

	"trigo/engine/nn"
)

// BenchmarkMuonStep512 times one Muon update of a single 512×512 matrix:
// the Nesterov momentum, five Newton–Schulz iterations and the weight
// update. Not run in CI; e.g.
// go test ./engine/optim -run '^$' -bench MuonStep512 -benchtime 20x
func BenchmarkMuonStep512(b *testing.B) {
	ps := nn.NewParams(1)
	w := ps.Normal("w", nn.Matrix, 0.04, 512, 512)
	rng := rand.New(rand.NewSource(2))
	w.Grad = make([]float32, len(w.Data))
	for i := range w.Grad {
		w.Grad[i] = float32(rng.NormFloat64()) * 1e-3
	}
	o := NewMuon(ps.List(), 0.02, 1e-3, 0.01)
	for b.Loop() {
		o.Step(1)
	}
}
