package probe

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// AUROC returns the area under the ROC curve for telling pos (out-of-
// domain; a larger score means more out-of-domain) from neg (in-domain):
// the Mann–Whitney U statistic over all pairs divided by their number,
// with ties counted half,
//
//	AUROC = ( #{pos > neg} + ½·#{pos = neg} ) / (len(pos)·len(neg)).
//
// 1 means every OOD prompt scores above every in-domain one, 0.5 chance
// (or all scores equal), 0 perfectly reversed. It runs in O(n log n)
// with mid-ranks. It returns an error when a class is empty or a score
// is NaN.
func AUROC(neg, pos []float64) (float64, error) {
	if err := checkScores(neg, pos); err != nil {
		return math.NaN(), fmt.Errorf("probe.AUROC: %w", err)
	}
	return auroc(neg, pos, make([]scored, 0, len(neg)+len(pos))), nil
}

// checkScores rejects empty classes and NaN scores.
func checkScores(neg, pos []float64) error {
	if len(neg) == 0 || len(pos) == 0 {
		return fmt.Errorf("need scores in both classes, got %d negative (in-domain) and %d positive (OOD)", len(neg), len(pos))
	}
	for i, v := range neg {
		if math.IsNaN(v) {
			return fmt.Errorf("neg[%d] is NaN", i)
		}
	}
	for i, v := range pos {
		if math.IsNaN(v) {
			return fmt.Errorf("pos[%d] is NaN", i)
		}
	}
	return nil
}

type scored struct {
	v   float64
	pos bool
}

// auroc computes the mid-rank AUROC; buf is scratch space.
func auroc(neg, pos []float64, buf []scored) float64 {
	all := buf[:0]
	for _, v := range neg {
		all = append(all, scored{v, false})
	}
	for _, v := range pos {
		all = append(all, scored{v, true})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v < all[j].v })
	// Sum of the positives' ranks (1-based), ties sharing their mean rank.
	var rankSum float64
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		mid := float64(i+1+j) / 2 // mean of ranks i+1 … j
		for k := i; k < j; k++ {
			if all[k].pos {
				rankSum += mid
			}
		}
		i = j
	}
	np, nn := float64(len(pos)), float64(len(neg))
	u := rankSum - np*(np+1)/2
	return u / (np * nn)
}

// BootstrapAUROC returns a 95 % percentile bootstrap interval for
// AUROC(neg, pos): reps times it resamples each class with replacement
// (keeping the class sizes), recomputes the AUROC, and returns the 2.5th
// and 97.5th percentiles (linear interpolation). reps <= 0 means 2000.
// The same seed gives the same interval. It returns (NaN, NaN) when
// AUROC would return an error.
func BootstrapAUROC(neg, pos []float64, reps int, seed int64) (lo, hi float64) {
	if checkScores(neg, pos) != nil {
		return math.NaN(), math.NaN()
	}
	if reps <= 0 {
		reps = 2000
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0xa0c))
	rn, rp := make([]float64, len(neg)), make([]float64, len(pos))
	buf := make([]scored, 0, len(neg)+len(pos))
	stats := make([]float64, reps)
	for k := range stats {
		for i := range rn {
			rn[i] = neg[r.IntN(len(neg))]
		}
		for i := range rp {
			rp[i] = pos[r.IntN(len(pos))]
		}
		stats[k] = auroc(rn, rp, buf)
	}
	sort.Float64s(stats)
	return Percentile(stats, 2.5), Percentile(stats, 97.5)
}

// Percentile returns the q-th percentile (0…100) of sorted values by
// linear interpolation between closest ranks (NumPy's default). It
// panics when sorted is empty.
func Percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		panic("probe.Percentile: no values")
	}
	h := q / 100 * float64(len(sorted)-1)
	i := int(math.Floor(h))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	if i < 0 {
		return sorted[0]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// ROCCurve returns the ROC curve of the scores: for each distinct score
// t, from the largest down, the false-positive rate #{neg ≥ t}/len(neg)
// and true-positive rate #{pos ≥ t}/len(pos), preceded by (0, 0); the
// last point is (1, 1). Tied scores make one diagonal step, so the
// trapezoidal area under the curve equals AUROC (ties counted half).
// It returns (nil, nil) when a class is empty or a score is NaN.
func ROCCurve(neg, pos []float64) (fpr, tpr []float64) {
	if checkScores(neg, pos) != nil {
		return nil, nil
	}
	all := make([]scored, 0, len(neg)+len(pos))
	for _, v := range neg {
		all = append(all, scored{v, false})
	}
	for _, v := range pos {
		all = append(all, scored{v, true})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v })
	fpr, tpr = []float64{0}, []float64{0}
	var fp, tp int
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			if all[j].pos {
				tp++
			} else {
				fp++
			}
			j++
		}
		fpr = append(fpr, float64(fp)/float64(len(neg)))
		tpr = append(tpr, float64(tp)/float64(len(pos)))
		i = j
	}
	return fpr, tpr
}
