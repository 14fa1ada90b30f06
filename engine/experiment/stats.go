package experiment

import (
	"fmt"
	"math"

	"trigo/engine/probe"
)

// PairedBootstrapAUROCDiff is probe.PairedBootstrapAUROCDiff (it moved
// there so that trigo probe can compare signals across prompt sets; this
// name stays for notebooks).
func PairedBootstrapAUROCDiff(negA, posA, negB, posB []float64, reps int, seed int64) (diff, lo, hi float64, err error) {
	return probe.PairedBootstrapAUROCDiff(negA, posA, negB, posB, reps, seed)
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
