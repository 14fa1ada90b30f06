package model

import (
	"math"
	"strings"
	"testing"

	"trigo/engine/tensor"
)

// The exact counts of the named configs; docs/design.md §2.5 requires 9–11 M.
var wantParams = map[string]int{
	"lite-fp32": 9_090_073, "lite-ternary": 9_090_073,
	"multi-fp32": 10_446_116, "multi-ternary": 10_446_116,
	"vanilla-fp32": 10_028_737, "vanilla-ternary": 10_028_737,
}

func TestNamedConfigsInBudget(t *testing.T) {
	for _, name := range Names() {
		m := New(Config(name), 1)
		n := m.NumParams()
		if n < 9_000_000 || n > 11_000_000 {
			t.Errorf("%s: %d params, outside 9–11 M", name, n)
		}
		if want, ok := wantParams[name]; !ok {
			t.Errorf("unexpected config %s", name)
		} else if want != 0 && n != want {
			t.Errorf("%s: %d params, documented %d", name, n, want)
		}
		if !strings.Contains(m.Summary(), "total") {
			t.Errorf("%s: summary lacks a total row", name)
		}
	}
}

func tinyIDs(B, T int) []int {
	ids := make([]int, B*T)
	for i := range ids {
		ids[i] = (i*37 + 11) % 256
	}
	return ids
}

func TestForwardShapesAndRouter(t *testing.T) {
	for _, fam := range []string{"lite", "multi", "vanilla"} {
		for _, prec := range []string{FP32, Ternary} {
			s := Tiny(fam, prec)
			m := New(s, 3)
			B, T := 2, 9
			out := m.Forward(tinyIDs(B, T), B, T)
			if got := out.Logits.Shape; len(got) != 3 || got[0] != B || got[1] != T || got[2] != 256 {
				t.Fatalf("%s: logits shape %v", s.Name, got)
			}
			if got := out.Hidden.Shape; got[2] != s.Dim {
				t.Fatalf("%s: hidden shape %v", s.Name, got)
			}
			if fam == "vanilla" {
				if out.Router != nil {
					t.Errorf("%s: vanilla model returned router weights", s.Name)
				}
				continue
			}
			if len(out.Router) != s.Layers || len(out.RouterEntropy) != s.Layers {
				t.Fatalf("%s: %d router tensors, want %d", s.Name, len(out.Router), s.Layers)
			}
			P := len(s.Pathways)
			for _, r := range out.Router {
				for i := 0; i < B*T; i++ {
					var sum float64
					for p := 0; p < P; p++ {
						sum += float64(r.Data[i*P+p])
					}
					if math.Abs(sum-1) > 1e-5 {
						t.Fatalf("%s: router weights sum to %v", s.Name, sum)
					}
				}
			}
			if e := out.MeanRouterEntropy(); e <= 0 || e > math.Log(float64(P))+1e-6 {
				t.Errorf("%s: mean router entropy %v outside (0, log P]", s.Name, e)
			}
		}
	}
}

// Every parameter except the abstain head gets a non-zero gradient from
// the next-byte loss.
func TestGradientsReachEveryParameter(t *testing.T) {
	for _, fam := range []string{"lite", "multi", "vanilla"} {
		for _, prec := range []string{FP32, Ternary} {
			s := Tiny(fam, prec)
			m := New(s, 5)
			B, T := 2, 12
			ids := tinyIDs(B, T+1)
			in, tg := make([]int, 0, B*T), make([]int, 0, B*T)
			for b := 0; b < B; b++ {
				in = append(in, ids[b*(T+1):b*(T+1)+T]...)
				tg = append(tg, ids[b*(T+1)+1:(b+1)*(T+1)]...)
			}
			out := m.Forward(in, B, T)
			loss := tensor.CrossEntropy(tensor.Reshape(out.Logits, B*T, 256), tg, nil)
			if l := float64(loss.Item()); math.Abs(l-math.Log(256)) > 1.0 {
				t.Errorf("%s: initial loss %.3f far from log 256", s.Name, l)
			}
			tensor.Backward(loss)
			for _, p := range m.Params.List() {
				if strings.HasPrefix(p.Name, "abstain.") {
					if p.T.Grad != nil {
						t.Errorf("%s: abstain head got a gradient from the LM loss", s.Name)
					}
					continue
				}
				var mag float64
				for _, g := range p.T.Grad {
					mag += math.Abs(float64(g))
				}
				if mag == 0 || math.IsNaN(mag) {
					t.Errorf("%s: parameter %s has gradient magnitude %v", s.Name, p.Name, mag)
				}
			}
		}
	}
}

func TestAbstainHead(t *testing.T) {
	m := New(Tiny("lite", FP32), 1)
	B, T := 2, 5
	out := m.Forward(tinyIDs(B, T), B, T)
	mask := []float32{1, 1, 1, 0, 0, 1, 1, 0, 0, 0}
	z := m.AbstainLogits(out.Hidden, mask)
	if len(z.Shape) != 1 || z.Shape[0] != B {
		t.Fatalf("abstain logits shape %v, want [%d]", z.Shape, B)
	}
}

func TestSpecValidateAndJSON(t *testing.T) {
	s := Config("multi-ternary")
	back, err := ParseSpec(s.JSON())
	if err != nil || back.JSON() != s.JSON() {
		t.Fatalf("round trip: %v\n%s\n%s", err, s.JSON(), back.JSON())
	}
	bad := s.Clone()
	bad.Dim = 500
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "power of two") {
		t.Errorf("dim 500 with hadamard mixing: %v", err)
	}
	bad = s.Clone()
	bad.Pathways = []string{"local", "teleport"}
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "teleport") {
		t.Errorf("unknown pathway: %v", err)
	}
	if _, err := Lookup("lite-fp16"); err == nil || !strings.Contains(err.Error(), "lite-fp32") {
		t.Errorf("unknown name: %v", err)
	}
	// A custom pathway set builds.
	c := Tiny("multi", FP32)
	c.Pathways = []string{State, Dense}
	New(c, 1).Forward(tinyIDs(1, 4), 1, 4)
}
