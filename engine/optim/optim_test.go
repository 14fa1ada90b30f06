package optim

import (
	"math"
	"testing"

	"trigo/engine/nn"
	"trigo/engine/tensor"
)

func TestAdamWMatchesFormula(t *testing.T) {
	ps := nn.NewParams(1)
	w := ps.Add("w", nn.Matrix, tensor.New([]float32{1, -2, 3, 0.5}, 2, 2))
	b := ps.Add("b", nn.Vector, tensor.New([]float32{0.1, -0.1}, 2))
	o := NewAdamW(ps.List(), 0.01, 0.1)
	grads := [][]float32{{0.5, -1, 2, 0}, {1, 1, -1, 3}}
	// Reference: torch.optim.AdamW semantics in float64.
	ref := []float64{1, -2, 3, 0.5}
	m, v := make([]float64, 4), make([]float64, 4)
	for step, g := range grads {
		w.Grad = append([]float32(nil), g...)
		b.Grad = []float32{1, 1}
		o.Step(1)
		tt := float64(step + 1)
		for j := range ref {
			ref[j] *= 1 - 0.01*0.1
			m[j] = 0.9*m[j] + 0.1*float64(g[j])
			v[j] = 0.95*v[j] + 0.05*float64(g[j])*float64(g[j])
			den := math.Sqrt(v[j])/math.Sqrt(1-math.Pow(0.95, tt)) + 1e-8
			ref[j] -= 0.01 / (1 - math.Pow(0.9, tt)) * m[j] / den
		}
	}
	for j := range ref {
		if math.Abs(float64(w.Data[j])-ref[j]) > 1e-6 {
			t.Fatalf("w[%d] = %v, want %v", j, w.Data[j], ref[j])
		}
	}
	// Vectors are not decayed: two steps of an all-ones gradient move each
	// bias by exactly 2·lr.
	if math.Abs(float64(b.Data[0])-(0.1-0.02)) > 1e-6 {
		t.Errorf("bias %v, want %v (no decay)", b.Data[0], 0.1-0.02)
	}
}

func TestNewtonSchulzOrthogonalises(t *testing.T) {
	for _, sh := range [][2]int{{8, 24}, {24, 8}, {16, 16}} {
		r, c := sh[0], sh[1]
		g := tensor.Randn(nn.NewParams(3).Rng, 1, r, c).Data
		x := NewtonSchulz(g, r, c, 5)
		// Singular values end up near 1 (Muon's iteration lands in ~[0.7, 1.2]):
		// check the Gram matrix of the short side.
		small := min(r, c)
		for i := 0; i < small; i++ {
			var d float64
			for k := 0; k < max(r, c); k++ {
				var a float64
				if r <= c {
					a = float64(x[i*c+k])
				} else {
					a = float64(x[k*c+i])
				}
				d += a * a
			}
			if d < 0.4 || d > 1.6 {
				t.Fatalf("%dx%d: row norm² %v far from 1", r, c, d)
			}
		}
	}
}

func TestScheduleShape(t *testing.T) {
	if s := Schedule(0, 10, 100, 0.1); math.Abs(s-0.1) > 1e-12 {
		t.Errorf("first warm-up step %v", s)
	}
	if s := Schedule(9, 10, 100, 0.1); s != 1 {
		t.Errorf("end of warm-up %v", s)
	}
	if s := Schedule(99, 10, 100, 0.1); math.Abs(s-0.1) > 1e-12 {
		t.Errorf("last step %v, want 0.1", s)
	}
	prev := 2.0
	for i := 10; i < 100; i++ {
		s := Schedule(i, 10, 100, 0.1)
		if s > prev {
			t.Fatalf("cosine not decreasing at %d", i)
		}
		prev = s
	}
}

func TestClipGradNorm(t *testing.T) {
	ps := nn.NewParams(1)
	a := ps.Add("a", nn.Vector, tensor.Zeros(2))
	a.Grad = []float32{3, 4}
	if n := ClipGradNorm(ps.List(), 1); math.Abs(n-5) > 1e-9 {
		t.Fatalf("norm %v", n)
	}
	if math.Abs(float64(a.Grad[0])-0.6) > 1e-5 || math.Abs(float64(a.Grad[1])-0.8) > 1e-5 {
		t.Fatalf("clipped %v", a.Grad)
	}
}

func TestMuonSplitsParameters(t *testing.T) {
	ps := nn.NewParams(1)
	w := ps.Normal("w", nn.Matrix, 0.1, 6, 4)
	e := ps.Normal("e", nn.EmbeddingKind, 0.1, 6, 4)
	o := NewMuon(ps.List(), 0.02, 0.001, 0)
	w.Grad = tensor.Randn(ps.Rng, 1, 6, 4).Data
	e.Grad = tensor.Randn(ps.Rng, 1, 6, 4).Data
	w0, e0 := w.Clone(), e.Clone()
	o.Step(1)
	if len(o.params) != 1 || len(o.Adam.params) != 1 {
		t.Fatalf("muon got %d matrices, adam %d others", len(o.params), len(o.Adam.params))
	}
	if w.Data[0] == w0.Data[0] || e.Data[0] == e0.Data[0] {
		t.Fatal("a parameter did not move")
	}
	saved := map[string]*tensor.Tensor{}
	for _, s := range o.State() {
		saved[s.Name] = s.Clone()
	}
	o2 := NewMuon(ps.List(), 0.02, 0.001, 0)
	if err := o2.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	delete(saved, "optim.muon.mom.w")
	if err := o2.LoadState(saved); err == nil {
		t.Fatal("missing state accepted")
	}
}
