package probe

import (
	"fmt"
	"math"
)

// WelchT runs Welch's unequal-variance t-test of mean(a) = mean(b):
//
//	t  = (mean(a) − mean(b)) / √(sa²/na + sb²/nb)
//	df = (sa²/na + sb²/nb)² / ( (sa²/na)²/(na−1) + (sb²/nb)²/(nb−1) )
//	p  = 2·P(T_df > |t|)
//
// with sample variances (n − 1 denominators). It returns an error when a
// sample has fewer than 2 values, holds a NaN or ±Inf, or both samples
// have zero variance.
func WelchT(a, b []float64) (t, df, p float64, err error) {
	if len(a) < 2 || len(b) < 2 {
		return math.NaN(), math.NaN(), math.NaN(), fmt.Errorf("probe.WelchT: need at least 2 values per sample, got %d and %d", len(a), len(b))
	}
	for _, s := range [][]float64{a, b} {
		for i, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return math.NaN(), math.NaN(), math.NaN(), fmt.Errorf("probe.WelchT: value %d is %v", i, v)
			}
		}
	}
	ma, va := meanVar(a)
	mb, vb := meanVar(b)
	qa, qb := va/float64(len(a)), vb/float64(len(b))
	if qa+qb == 0 {
		return math.NaN(), math.NaN(), math.NaN(), fmt.Errorf("probe.WelchT: both samples have zero variance")
	}
	t = (ma - mb) / math.Sqrt(qa+qb)
	df = (qa + qb) * (qa + qb) / (qa*qa/float64(len(a)-1) + qb*qb/float64(len(b)-1))
	p = StudentTTwoSided(t, df)
	return t, df, p, nil
}

// meanVar returns the mean and the sample variance (n − 1) of x.
func meanVar(x []float64) (mean, variance float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		variance += (v - mean) * (v - mean)
	}
	return mean, variance / float64(len(x)-1)
}

// StudentTCDF returns P(T ≤ t) for Student's t distribution with df > 0
// degrees of freedom (df need not be an integer), from the regularised
// incomplete beta function: P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2).
func StudentTCDF(t, df float64) float64 {
	if math.IsNaN(t) || !(df > 0) {
		return math.NaN()
	}
	tail := StudentTTwoSided(t, df) / 2
	if t > 0 {
		return 1 - tail
	}
	return tail
}

// StudentTTwoSided returns the two-sided p-value P(|T| ≥ |t|) of Student's
// t distribution with df > 0 degrees of freedom.
func StudentTTwoSided(t, df float64) float64 {
	if math.IsNaN(t) || !(df > 0) {
		return math.NaN()
	}
	if math.IsInf(t, 0) {
		return 0
	}
	return RegIncBeta(df/(df+t*t), df/2, 0.5)
}

// RegIncBeta returns the regularised incomplete beta function
// I_x(a, b) = B(x; a, b) / B(a, b) for 0 ≤ x ≤ 1 and a, b > 0, by the
// continued fraction of Numerical Recipes §6.4 (modified Lentz),
// using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges
// faster. Accuracy is about 1e-13 for a, b up to 10⁴ (it degrades slowly
// beyond, as log-gamma values grow; at df = 10⁹ a t-test p-value is still
// good to 1e-7).
func RegIncBeta(x, a, b float64) float64 {
	switch {
	case math.IsNaN(x) || !(a > 0) || !(b > 0) || x < 0 || x > 1:
		return math.NaN()
	case x == 0:
		return 0
	case x == 1:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(x, a, b) / a
	}
	return 1 - front*betaCF(1-x, b, a)/b
}

// betaCF evaluates the continued fraction for I_x(a, b).
func betaCF(x, a, b float64) float64 {
	const (
		maxIter = 500
		eps     = 1e-15
		tiny    = 1e-300
	)
	qab, qap, qam := a+b, a+1, a-1
	c, d := 1.0, 1-qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= maxIter; m++ {
		fm := float64(m)
		m2 := 2 * fm
		aa := fm * (b - fm) * x / ((qam + m2) * (a + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return h
}
