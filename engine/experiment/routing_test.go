package experiment

import (
	"math"
	"testing"

	"trigo/engine/model"
)

func TestRoutingUsageEntropyKL(t *testing.T) {
	// One layer, two pathways, two positions: (0.5, 0.5) and (1, 0).
	a := &Routing{P: 2, W: [][]float32{{0.5, 0.5, 1, 0}}}
	u := a.Usage()
	if len(u) != 1 || u[0][0] != 0.75 || u[0][1] != 0.25 {
		t.Fatalf("usage %v, want [[0.75 0.25]]", u)
	}
	// Entropies ln 2 and 0: mean ln 2 / 2.
	if e := a.Entropy(); !near(e[0], math.Ln2/2, 1e-7) {
		t.Fatalf("entropy %v, want %v", e, math.Ln2/2)
	}
	// Position KLs: KL((0.5,0.5)‖(0.25,0.75)) = 0.14384104 and
	// KL((1,0)‖(1,0)) = 0: mean 0.07192052.
	b := &Routing{P: 2, W: [][]float32{{0.25, 0.75, 1, 0}}}
	kl, err := TokenKL(a, b)
	if err != nil || !near(kl[0], 0.07192052, 1e-7) {
		t.Fatalf("TokenKL = %v, %v; want 0.07192052", kl, err)
	}
	// Usage of b: (0.625, 0.375). KL((0.75,0.25)‖(0.625,0.375)) =
	// 0.75·ln(1.2) + 0.25·ln(2/3) = 0.13674117 − 0.10136628 = 0.03537489.
	ukl, err := UsageKL(a.Usage(), b.Usage())
	if err != nil || !near(ukl[0], 0.03537489, 1e-7) {
		t.Fatalf("UsageKL = %v, %v; want 0.03537489", ukl, err)
	}
	if _, err := TokenKL(a, &Routing{P: 2, W: [][]float32{{0.5, 0.5}}}); err == nil {
		t.Fatal("TokenKL of different lengths: no error")
	}
	if _, err := UsageKL(a.Usage(), nil); err == nil {
		t.Fatal("UsageKL of different layer counts: no error")
	}
}

func TestRouteTinyModel(t *testing.T) {
	m := model.New(model.Tiny("lite", "fp32"), 3)
	seqs := [][]int{{1, 2, 3, 4, 5}, {}, {9, 8, 7}}
	rt, err := Route(m, seqs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rt.W) != m.Spec.Layers || rt.P != len(m.Pathways()) {
		t.Fatalf("routing of %d layers × %d pathways, want %d × %d", len(rt.W), rt.P, m.Spec.Layers, len(m.Pathways()))
	}
	for l, w := range rt.W {
		if len(w) != 8*rt.P { // 5 + 3 positions; the empty sequence is skipped
			t.Fatalf("layer %d: %d weights, want %d", l, len(w), 8*rt.P)
		}
	}
	for _, u := range rt.Usage() {
		var s float64
		for _, v := range u {
			s += v
		}
		if !near(s, 1, 1e-5) {
			t.Fatalf("usage %v sums to %v", u, s)
		}
	}
	// The same model on the same text: no movement.
	kl, _ := TokenKL(rt, rt)
	for _, v := range kl {
		if v != 0 {
			t.Fatalf("TokenKL(rt, rt) = %v", kl)
		}
	}
	if _, err := Route(model.New(model.Tiny("vanilla", "fp32"), 1), seqs); err == nil {
		t.Fatal("Route on a vanilla model: no error")
	}
}
