package probe

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestAUROCHandComputed(t *testing.T) {
	cases := []struct {
		name     string
		neg, pos []float64
		want     float64
	}{
		{"perfect", []float64{0.1, 0.2, 0.3}, []float64{0.4, 0.5}, 1},
		{"reversed", []float64{0.4, 0.5}, []float64{0.1, 0.2, 0.3}, 0},
		{"all equal", []float64{1, 1, 1}, []float64{1, 1}, 0.5},
		{"one each, tie", []float64{2}, []float64{2}, 0.5},
		// pairs (pos,neg): 3>1 3>2 3=3 | 2>1 2=2 2<3 → 3 wins + 2 ties of 6
		{"ties", []float64{1, 2, 3}, []float64{3, 2}, (3 + 0.5*2) / 6.0},
		// neg {0,1,1,2}, pos {1,3}: pos 1: >0, =1, =1, <2 → 1+1 ; pos 3: 4 → 4
		{"ties 2", []float64{0, 1, 1, 2}, []float64{1, 3}, (1 + 1 + 4) / 8.0},
		{"interleaved", []float64{1, 3, 5}, []float64{2, 4, 6}, 6 / 9.0},
		{"infinities", []float64{math.Inf(-1), 0}, []float64{math.Inf(1), 0}, (2 + 1 + 0.5) / 4},
	}
	for _, c := range cases {
		got, err := AUROC(c.neg, c.pos)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: AUROC = %g, want %g", c.name, got, c.want)
		}
	}
}

func TestAUROCErrors(t *testing.T) {
	for _, c := range []struct {
		neg, pos []float64
		want     string
	}{
		{nil, []float64{1}, "0 negative"},
		{[]float64{1}, nil, "0 positive"},
		{[]float64{1, math.NaN()}, []float64{1}, "neg[1] is NaN"},
		{[]float64{1}, []float64{math.NaN()}, "pos[0] is NaN"},
	} {
		a, err := AUROC(c.neg, c.pos)
		if err == nil || !strings.HasPrefix(err.Error(), "probe.AUROC:") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("AUROC(%v, %v) error = %v, want one containing %q", c.neg, c.pos, err, c.want)
		}
		if !math.IsNaN(a) {
			t.Errorf("AUROC on error = %g, want NaN", a)
		}
	}
}

// bruteAUROC counts every pair.
func bruteAUROC(neg, pos []float64) float64 {
	var s float64
	for _, p := range pos {
		for _, n := range neg {
			switch {
			case p > n:
				s++
			case p == n:
				s += 0.5
			}
		}
	}
	return s / float64(len(pos)*len(neg))
}

// randomScores returns n scores, rounded to a grid so ties happen.
func randomScores(r *rand.Rand, n int, shift float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.Round((r.NormFloat64()+shift)*4) / 4
	}
	return v
}

func TestAUROCMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		neg := randomScores(r, 1+r.IntN(60), 0)
		pos := randomScores(r, 1+r.IntN(60), r.Float64())
		got, err := AUROC(neg, pos)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteAUROC(neg, pos); math.Abs(got-want) > 1e-12 {
			t.Fatalf("trial %d: AUROC = %.15g, brute force %.15g", trial, got, want)
		}
	}
}

func TestROCCurveAreaIsAUROC(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 100 {
		neg := randomScores(r, 1+r.IntN(40), 0)
		pos := randomScores(r, 1+r.IntN(40), 0.7)
		fpr, tpr := ROCCurve(neg, pos)
		if fpr[0] != 0 || tpr[0] != 0 || fpr[len(fpr)-1] != 1 || tpr[len(tpr)-1] != 1 {
			t.Fatalf("trial %d: curve does not run (0,0)→(1,1): %v %v", trial, fpr, tpr)
		}
		var area float64
		for i := 1; i < len(fpr); i++ {
			if fpr[i] < fpr[i-1] || tpr[i] < tpr[i-1] {
				t.Fatalf("trial %d: curve not monotone at %d", trial, i)
			}
			area += (fpr[i] - fpr[i-1]) * (tpr[i] + tpr[i-1]) / 2
		}
		a, _ := AUROC(neg, pos)
		if math.Abs(area-a) > 1e-12 {
			t.Fatalf("trial %d: trapezoid area %g, AUROC %g", trial, area, a)
		}
	}
	// Hand case: neg {1, 2}, pos {2, 3}: thresholds 3, 2, 1.
	fpr, tpr := ROCCurve([]float64{1, 2}, []float64{2, 3})
	wantF, wantT := []float64{0, 0, 0.5, 1}, []float64{0, 0.5, 1, 1}
	for i := range wantF {
		if fpr[i] != wantF[i] || tpr[i] != wantT[i] {
			t.Fatalf("ROCCurve = %v %v, want %v %v", fpr, tpr, wantF, wantT)
		}
	}
	if f, tp := ROCCurve(nil, []float64{1}); f != nil || tp != nil {
		t.Error("ROCCurve with an empty class: want nil, nil")
	}
}

func TestBootstrapAUROC(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	neg := randomScores(r, 30, 0)
	pos := randomScores(r, 180, 1)
	lo, hi := BootstrapAUROC(neg, pos, 1000, 7)
	lo2, hi2 := BootstrapAUROC(neg, pos, 1000, 7)
	if lo != lo2 || hi != hi2 {
		t.Fatal("same seed gave different intervals")
	}
	a, _ := AUROC(neg, pos)
	if !(lo < a && a < hi) || hi-lo > 0.3 || hi-lo < 0.02 {
		t.Errorf("interval [%g, %g] around AUROC %g looks wrong", lo, hi, a)
	}
	if lo3, hi3 := BootstrapAUROC(neg, pos, 1000, 8); lo3 == lo && hi3 == hi {
		t.Error("different seeds gave the same interval")
	}
	// Perfect separation stays perfect under resampling.
	if lo, hi := BootstrapAUROC([]float64{0, 1}, []float64{2, 3}, 0, 1); lo != 1 || hi != 1 {
		t.Errorf("perfect: [%g, %g], want [1, 1]", lo, hi)
	}
	if lo, hi := BootstrapAUROC([]float64{1, 1}, []float64{1}, 50, 1); lo != 0.5 || hi != 0.5 {
		t.Errorf("all equal: [%g, %g], want [0.5, 0.5]", lo, hi)
	}
	if lo, hi := BootstrapAUROC(nil, pos, 10, 1); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("empty class: [%g, %g], want NaN", lo, hi)
	}
}

func TestPercentile(t *testing.T) {
	v := []float64{1, 2, 3, 4, 5}
	for _, c := range []struct{ q, want float64 }{{0, 1}, {100, 5}, {50, 3}, {25, 2}, {2.5, 1.1}, {97.5, 4.9}} {
		if got := Percentile(v, c.q); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Percentile(%g) = %g, want %g", c.q, got, c.want)
		}
	}
	if Percentile([]float64{7}, 50) != 7 {
		t.Error("single value")
	}
}
