package experiment

import (
	"math"
	"testing"
)

func near(a, b, eps float64) bool { return math.Abs(a-b) <= eps }

func TestKL(t *testing.T) {
	// 0.5·ln(0.5/0.25) + 0.5·ln(0.5/0.75) = 0.5·ln 2 + 0.5·ln(2/3) = 0.14384104
	kl, err := KL([]float64{0.5, 0.5}, []float64{0.25, 0.75})
	if err != nil || !near(kl, 0.14384104, 1e-8) {
		t.Fatalf("KL = %v, %v; want 0.14384104", kl, err)
	}
	// A zero p term contributes 0: 1·ln(1/0.5) = ln 2.
	if kl, _ := KL([]float64{1, 0}, []float64{0.5, 0.5}); !near(kl, math.Ln2, 1e-12) {
		t.Fatalf("KL with p=0 term = %v, want ln 2", kl)
	}
	if kl, _ := KL([]float64{0.2, 0.8}, []float64{0.2, 0.8}); kl != 0 {
		t.Fatalf("KL(p‖p) = %v, want 0", kl)
	}
	if kl, _ := KL([]float64{0.5, 0.5}, []float64{1, 0}); !math.IsInf(kl, 1) {
		t.Fatalf("KL with q=0 where p>0 = %v, want +Inf", kl)
	}
	for _, c := range [][2][]float64{
		{{0.5, 0.5}, {1}},          // lengths differ
		{{0.5, 0.6}, {0.5, 0.5}},   // p sums to 1.1
		{{1.5, -0.5}, {0.5, 0.5}},  // negative entry
		{{0.5, 0.5}, {0.25, 0.25}}, // q sums to 0.5
	} {
		if _, err := KL(c[0], c[1]); err == nil {
			t.Errorf("KL(%v, %v): no error", c[0], c[1])
		}
	}
}

func TestPairedBootstrapAUROCDiff(t *testing.T) {
	// A: neg {0, 1}, pos {2, 3}: every pair ordered, AUROC 1.
	// B: neg {2, 0}, pos {1, 3}: pairs (1,2) no, (1,0) yes, (3,2) yes,
	// (3,0) yes → 3/4. Difference 0.25.
	d, lo, hi, err := PairedBootstrapAUROCDiff([]float64{0, 1}, []float64{2, 3}, []float64{2, 0}, []float64{1, 3}, 200, 1)
	if err != nil || !near(d, 0.25, 1e-12) {
		t.Fatalf("diff = %v, %v; want 0.25", d, err)
	}
	if !(lo <= d && d <= hi) || lo < -1 || hi > 1 {
		t.Fatalf("interval [%v, %v] does not hold the difference %v", lo, hi, d)
	}

	// The same signal twice: every paired resample has difference 0, so
	// the interval is exactly [0, 0] (an unpaired bootstrap would not be).
	neg, pos := []float64{0.1, 0.4, 0.35, 0.8}, []float64{0.3, 0.9, 0.7}
	d, lo, hi, _ = PairedBootstrapAUROCDiff(neg, pos, neg, pos, 500, 7)
	if d != 0 || lo != 0 || hi != 0 {
		t.Fatalf("identical signals: diff %v [%v, %v], want 0 [0, 0]", d, lo, hi)
	}

	// A separates perfectly (AUROC 1 on every resample); B is constant
	// (AUROC 0.5, all ties): the difference is 0.5 on every resample.
	d, lo, hi, _ = PairedBootstrapAUROCDiff([]float64{1, 2, 3}, []float64{4, 5}, []float64{7, 7, 7}, []float64{7, 7}, 300, 3)
	if d != 0.5 || lo != 0.5 || hi != 0.5 {
		t.Fatalf("separating vs constant: diff %v [%v, %v], want 0.5 [0.5, 0.5]", d, lo, hi)
	}

	if _, _, _, err := PairedBootstrapAUROCDiff([]float64{1, 2}, []float64{3}, []float64{1}, []float64{3}, 10, 1); err == nil {
		t.Fatal("unpaired signals: no error")
	}
	if _, _, _, err := PairedBootstrapAUROCDiff(nil, nil, nil, nil, 10, 1); err == nil {
		t.Fatal("empty classes: no error")
	}
}

func TestPairedBootstrapSeeded(t *testing.T) {
	neg, pos := []float64{0.1, 0.5, 0.2, 0.9, 0.3}, []float64{0.6, 0.4, 0.8, 0.7}
	negB, posB := []float64{0.3, 0.1, 0.6, 0.2, 0.4}, []float64{0.2, 0.9, 0.5, 0.8}
	_, lo1, hi1, _ := PairedBootstrapAUROCDiff(neg, pos, negB, posB, 400, 5)
	_, lo2, hi2, _ := PairedBootstrapAUROCDiff(neg, pos, negB, posB, 400, 5)
	if lo1 != lo2 || hi1 != hi2 {
		t.Fatalf("same seed, different intervals: [%v, %v] vs [%v, %v]", lo1, hi1, lo2, hi2)
	}
}

func TestMeanSD(t *testing.T) {
	// mean 2, squared deviations 1 + 0 + 1 = 2, sample variance 2/2 = 1.
	m, sd := meanSD([]float64{1, 2, 3})
	if m != 2 || sd != 1 {
		t.Fatalf("meanSD = %v, %v; want 2, 1", m, sd)
	}
}
