package probe

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
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
	nan := math.NaN()
	if len(negA) != len(negB) || len(posA) != len(posB) {
		return nan, nan, nan, fmt.Errorf("probe: unpaired signals: %d/%d in-domain and %d/%d OOD scores",
			len(negA), len(negB), len(posA), len(posB))
	}
	a, err := AUROC(negA, posA)
	if err != nil {
		return nan, nan, nan, err
	}
	b, err := AUROC(negB, posB)
	if err != nil {
		return nan, nan, nan, err
	}
	if reps <= 0 {
		reps = 2000
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0xd1ff))
	na, pa := make([]float64, len(negA)), make([]float64, len(posA))
	nb, pb := make([]float64, len(negB)), make([]float64, len(posB))
	buf := make([]scored, 0, len(negA)+len(posA))
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
		stats[k] = auroc(na, pa, buf) - auroc(nb, pb, buf)
	}
	sort.Float64s(stats)
	return a - b, Percentile(stats, 2.5), Percentile(stats, 97.5), nil
}
