package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"trigo/engine/probe"
)

// PairedBootstrapAUROCDiff returns the observed difference
// AUROC(negA, posA) − AUROC(negB, posB) of two signals measured on the
// same prompts (negA[i] and negB[i] belong to the same in-domain prompt,
// posA[j] and posB[j] to the same OOD prompt) and a 95 % percentile
// bootstrap interval of it: reps times it draws the in-domain and the OOD
// prompts with replacement (class sizes kept), takes both signals of the
// drawn prompts, and recomputes the difference. Resampling prompts, not
// scores, keeps the pairing, so the interval accounts for the two signals'
// correlation. reps ≤ 0 means 2000; the same seed gives the same interval.
func PairedBootstrapAUROCDiff(negA, posA, negB, posB []float64, reps int, seed int64) (diff, lo, hi float64, err error) {
	if len(negA) != len(negB) || len(posA) != len(posB) {
		return math.NaN(), math.NaN(), math.NaN(), fmt.Errorf("experiment: unpaired signals: %d/%d in-domain and %d/%d OOD scores",
			len(negA), len(negB), len(posA), len(posB))
	}
	a, err := probe.AUROC(negA, posA)
	if err != nil {
		return math.NaN(), math.NaN(), math.NaN(), err
	}
	b, err := probe.AUROC(negB, posB)
	if err != nil {
		return math.NaN(), math.NaN(), math.NaN(), err
	}
	if reps <= 0 {
		reps = 2000
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0xd1ff))
	na, pa := make([]float64, len(negA)), make([]float64, len(posA))
	nb, pb := make([]float64, len(negB)), make([]float64, len(posB))
	stats := make([]float64, reps)
	for k := range stats {
		for i := range na {
			j := r.IntN(len(negA))
			na[i], nb[i] = negA[j], negB[j]
		}
		for i := range pa {
			j := r.IntN(len(posA))
			pa[i], pb[i] = posA[j], posB[j]
		}
		x, _ := probe.AUROC(na, pa)
		y, _ := probe.AUROC(nb, pb)
		stats[k] = x - y
	}
	sort.Float64s(stats)
	return a - b, probe.Percentile(stats, 2.5), probe.Percentile(stats, 97.5), nil
}

// KL returns the Kullback–Leibler divergence Σ p·log(p/q) in nats of two
// distributions over the same outcomes. Terms with p = 0 are 0; a q = 0
// where p > 0 gives +Inf. It returns an error when the lengths differ or
// either vector has a negative entry or does not sum to 1 (within 1e-4).
func KL(p, q []float64) (float64, error) {
	if len(p) != len(q) || len(p) == 0 {
		return math.NaN(), fmt.Errorf("experiment.KL: distributions of %d and %d outcomes", len(p), len(q))
	}
	for _, d := range [][]float64{p, q} {
		var s float64
		for _, v := range d {
			if v < 0 || math.IsNaN(v) {
				return math.NaN(), fmt.Errorf("experiment.KL: entry %v is not a probability", v)
			}
			s += v
		}
		if math.Abs(s-1) > 1e-4 {
			return math.NaN(), fmt.Errorf("experiment.KL: entries sum to %v, not 1", s)
		}
	}
	var kl float64
	for i, v := range p {
		if v == 0 {
			continue
		}
		if q[i] == 0 {
			return math.Inf(1), nil
		}
		kl += v * math.Log(v/q[i])
	}
	return kl, nil
}

// meanSD returns the mean and the sample standard deviation (n − 1).
func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, math.NaN()
	}
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)-1))
}

func mean(x []float64) float64 {
	m, _ := meanSD(x)
	return m
}
