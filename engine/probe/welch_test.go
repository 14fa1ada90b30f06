package probe

import (
	"math"
	"strings"
	"testing"
)

func TestRegIncBetaIdentities(t *testing.T) {
	for _, x := range []float64{0, 0.01, 0.2, 0.5, 0.77, 0.99, 1} {
		checks := []struct {
			name      string
			got, want float64
		}{
			{"I(1,1)=x", RegIncBeta(x, 1, 1), x},
			{"I(a,1)=x^a", RegIncBeta(x, 3.5, 1), math.Pow(x, 3.5)},
			{"I(1,b)=1-(1-x)^b", RegIncBeta(x, 1, 4), 1 - math.Pow(1-x, 4)},
			{"symmetry", RegIncBeta(x, 2.5, 7), 1 - RegIncBeta(1-x, 7, 2.5)},
			// I_x(2,2) = 3x² − 2x³
			{"I(2,2)", RegIncBeta(x, 2, 2), 3*x*x - 2*x*x*x},
		}
		for _, c := range checks {
			if math.Abs(c.got-c.want) > 1e-12 {
				t.Errorf("x=%g %s: %.15g, want %.15g", x, c.name, c.got, c.want)
			}
		}
	}
	if v := RegIncBeta(0.5, 13, 13); math.Abs(v-0.5) > 1e-13 {
		t.Errorf("I_0.5(a,a) = %g, want 0.5", v)
	}
	if !math.IsNaN(RegIncBeta(1.5, 1, 1)) || !math.IsNaN(RegIncBeta(0.5, 0, 1)) {
		t.Error("out-of-domain arguments should give NaN")
	}
}

func TestStudentTCDF(t *testing.T) {
	for _, x := range []float64{-30, -4, -1.3, -0.2, 0, 0.5, 1, 2.7, 12} {
		// df = 1 is the Cauchy distribution.
		if got, want := StudentTCDF(x, 1), 0.5+math.Atan(x)/math.Pi; math.Abs(got-want) > 1e-12 {
			t.Errorf("df=1 t=%g: %.15g, want %.15g", x, got, want)
		}
		// df = 2 has CDF ½ + t / (2√(2+t²)).
		if got, want := StudentTCDF(x, 2), 0.5+x/(2*math.Sqrt(2+x*x)); math.Abs(got-want) > 1e-12 {
			t.Errorf("df=2 t=%g: %.15g, want %.15g", x, got, want)
		}
	}
	// Two-sided 5 % and 1 % critical values from standard t tables.
	crit := []struct{ t, df, p float64 }{
		{12.706204736, 1, 0.05},
		{2.570581836, 5, 0.05},
		{2.228138852, 10, 0.05},
		{2.042272456, 30, 0.05},
		{4.032142984, 5, 0.01},
		{2.763262455, 28, 0.01},
	}
	for _, c := range crit {
		if got := StudentTTwoSided(c.t, c.df); math.Abs(got-c.p) > 1e-8 {
			t.Errorf("two-sided p(t=%g, df=%g) = %.10g, want %g", c.t, c.df, got, c.p)
		}
		if got := StudentTCDF(-c.t, c.df); math.Abs(got-c.p/2) > 1e-8 {
			t.Errorf("CDF(-%g, df=%g) = %.10g, want %g", c.t, c.df, got, c.p/2)
		}
	}
	// Large df approaches the normal distribution (within O(1/df)).
	if got := StudentTTwoSided(1.959963985, 1e5); math.Abs(got-0.05) > 1e-5 {
		t.Errorf("df=1e5: p = %g, want ≈ 0.05", got)
	}
	if StudentTTwoSided(math.Inf(1), 3) != 0 || StudentTTwoSided(0, 3) != 1 {
		t.Error("p(∞) should be 0 and p(0) should be 1")
	}
	if !math.IsNaN(StudentTCDF(1, 0)) {
		t.Error("df = 0 should give NaN")
	}
}

// tDensity is Student's t density, for an independent numerical check.
func tDensity(x, df float64) float64 {
	la, _ := math.Lgamma((df + 1) / 2)
	lb, _ := math.Lgamma(df / 2)
	return math.Exp(la-lb) / math.Sqrt(df*math.Pi) * math.Pow(1+x*x/df, -(df+1)/2)
}

func TestWelchT(t *testing.T) {
	a := []float64{1, 2, 3, 4, 5}      // mean 3, var 2.5
	b := []float64{2, 4, 6, 8, 10, 12} // mean 7, var 14
	qa, qb := 2.5/5, 14.0/6            // 0.5, 7/3
	wantT := -4 / math.Sqrt(qa+qb)     // −2.37635…
	wantDF := (qa + qb) * (qa + qb) / (qa*qa/4 + qb*qb/5)
	tt, df, p, err := WelchT(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(tt-wantT) > 1e-12 || math.Abs(df-wantDF) > 1e-12 {
		t.Errorf("t, df = %g, %g; want %g, %g", tt, df, wantT, wantDF)
	}
	if math.Abs(tt+2.376354) > 1e-6 || math.Abs(df-6.972256) > 1e-6 {
		t.Errorf("t, df = %.7g, %.7g; want −2.376354, 6.972256", tt, df)
	}
	// p by Simpson integration of the density over [−|t|, |t|].
	const n = 20000
	h := 2 * math.Abs(tt) / n
	sum := tDensity(-math.Abs(tt), df) + tDensity(math.Abs(tt), df)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * tDensity(-math.Abs(tt)+float64(i)*h, df)
	}
	if wantP := 1 - sum*h/3; math.Abs(p-wantP) > 1e-9 {
		t.Errorf("p = %.12g, numerical integration %.12g", p, wantP)
	}
	// Swapping the samples flips t only.
	t2, df2, p2, _ := WelchT(b, a)
	if t2 != -tt || df2 != df || p2 != p {
		t.Error("WelchT(b, a) is not the mirror of WelchT(a, b)")
	}
}

func TestWelchTErrors(t *testing.T) {
	for _, c := range []struct {
		a, b []float64
		want string
	}{
		{[]float64{1}, []float64{1, 2}, "at least 2"},
		{[]float64{1, 1}, []float64{2, 2}, "zero variance"},
		{[]float64{1, math.NaN()}, []float64{2, 3}, "NaN"},
		{[]float64{1, 2}, []float64{2, math.Inf(1)}, "Inf"},
	} {
		_, _, _, err := WelchT(c.a, c.b)
		if err == nil || !strings.HasPrefix(err.Error(), "probe.WelchT:") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WelchT(%v, %v) error = %v, want %q", c.a, c.b, err, c.want)
		}
	}
	// One sample with zero variance is fine.
	if _, _, p, err := WelchT([]float64{1, 1, 1}, []float64{2, 3, 4}); err != nil || !(p > 0 && p < 1) {
		t.Errorf("one constant sample: p = %g, err = %v", p, err)
	}
}
