package experiment

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"

	"trigo/engine/train"
	"trigo/plots"
)

func TestWilson(t *testing.T) {
	for _, c := range []struct {
		k, n   int
		lo, hi float64
	}{
		{0, 10, 0, 0.2775},
		{5, 10, 0.2366, 0.7634},
		{10, 10, 0.7225, 1},
		{0, 0, 0, 0},
	} {
		lo, hi := Wilson(c.k, c.n)
		if math.Abs(lo-c.lo) > 1e-4 || math.Abs(hi-c.hi) > 1e-4 {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", c.k, c.n, lo, hi, c.lo, c.hi)
		}
	}
}

// checkPNG renders f and fails unless it decodes at the figure's size.
func checkPNG(t *testing.T, name string, f *plots.Figure) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(f.PNG()))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if b := img.Bounds(); b.Dx() != f.Width || b.Dy() != f.Height {
		t.Errorf("%s: PNG %v, want %d×%d", name, b, f.Width, f.Height)
	}
	if f.Plot.X.Label.Text == "" || f.Plot.Y.Label.Text == "" || f.Plot.Title.Text == "" {
		t.Errorf("%s: unlabelled (title %q, x %q, y %q)", name, f.Plot.Title.Text, f.Plot.X.Label.Text, f.Plot.Y.Label.Text)
	}
}

// The N2–N4 figures draw from their data, including the edge cases a
// short notebook run produces: no degenerate reply at all (k = 0), every
// prompt over the threshold (k = n).
func TestFigures(t *testing.T) {
	h := func(vs ...float64) *train.History {
		hh := &train.History{}
		for i, v := range vs {
			hh.ValSteps = append(hh.ValSteps, 10*(i+1))
			hh.ValLoss = append(hh.ValLoss, v)
		}
		return hh
	}
	n2 := &N2Data{Steps: 20, Seeds: 2, Models: []string{"lite-fp32", "vanilla-fp32"}, T: -1.2, DF: 1.9, P: 0.35,
		Runs: []N2Run{{Model: "lite-fp32", Seed: 1, History: h(3, 2.5)}, {Model: "vanilla-fp32", Seed: 1, History: h(3, 2.4)},
			{Model: "lite-fp32", Seed: 2, History: h(3.1, 2.6)}, {Model: "vanilla-fp32", Seed: 2, History: h(3, 2.45)}}}
	if got := n2.FinalLoss("lite-fp32"); len(got) != 2 || got[0] != 2.5 || got[1] != 2.6 {
		t.Errorf("FinalLoss(lite-fp32) = %v, want [2.5 2.6]", got)
	}
	checkPNG(t, "N2 curves", n2.CurvesFigure())
	fin := n2.FinalFigure()
	checkPNG(t, "N2 final", fin)
	if !strings.Contains(fin.Plot.Title.Text, "p = 0.350") {
		t.Errorf("N2 final title %q does not state the Welch p", fin.Plot.Title.Text)
	}

	v := func(key string, all float64) N3Variant {
		iv := Interval{0.7, 0.6, 0.8}
		return N3Variant{Key: key, AUROCFactual: iv, AUROCAllOOD: iv, AUROCHeldOut: iv,
			InDomain: []float64{0.1, 0.6}, Factual: []float64{0.9}, OOD: []float64{all, all}, HeldOut: []float64{0.9, 0.2}, FalseInability: []float64{0.1}}
	}
	n3 := &N3Data{Variants: []N3Variant{v("own", 0.9), v("spliced", 0.1), v("untrained", 0.5)}}
	if got := n3.Variants[0].FPRInDomain(); got != 0.5 {
		t.Errorf("FPRInDomain = %v, want 0.5 (one of two at or over %g)", got, AbstainThreshold)
	}
	if got := n3.Variants[2].TPROOD(); got != 1 {
		t.Errorf("TPROOD at exactly the threshold = %v, want 1 (≥ counts)", got)
	}
	checkPNG(t, "N3 AUROC", n3.AUROCFigure())
	checkPNG(t, "N3 threshold", n3.ThresholdFigure())

	u := [][]float64{{0.5, 0.5}, {0.4, 0.6}}
	n4 := &N4Data{Steps: 5, Pathways: []string{"local", "dense"}, Variants: []N4Variant{
		{Key: "before", Name: "before", Usage: u, Replies: []string{"a", "b"}},
		{Key: "lambda0", Name: "λ = 0", Usage: u, PositionKL: []float64{0.01, 0.02}, Replies: []string{"a", "b"}, Degenerate: 0.5, NDegenerate: 1, TopShare: 1},
		{Key: "frozen", Name: "frozen", Usage: u, PositionKL: []float64{0.005, 0.01}, Replies: []string{"a", "b"}},
	}}
	checkPNG(t, "N4 KL", n4.KLFigure())
	checkPNG(t, "N4 degeneration", n4.DegenerationFigure())
}
