package tensor

import (
	"math"
	"testing"
)

// sweep calls f on n evenly spaced float32 values in [lo, hi] plus every
// float32 whose bits lie in a small window at each end.
func sweep(lo, hi float32, n int, f func(x float32)) {
	for i := 0; i <= n; i++ {
		f(lo + (hi-lo)*float32(i)/float32(n))
	}
	for _, e := range []float32{lo, hi} {
		b := math.Float32bits(e)
		for d := uint32(0); d < 64; d++ {
			f(math.Float32frombits(b - d))
			f(math.Float32frombits(b + d))
		}
	}
}

func relDiff(got float32, want float64) float64 {
	if want == 0 {
		return math.Abs(float64(got))
	}
	return math.Abs(float64(got)-want) / math.Abs(want)
}

// fastMathTol bounds the relative error of expf, tanhf and logf.
const fastMathTol = 2e-7

func TestExpf(t *testing.T) {
	worst, at := 0.0, float32(0)
	sweep(-87.33, 88.72, 2_000_000, func(x float32) {
		if x < -87.33 || x > 88.72 {
			return
		}
		if e := relDiff(expf(x), math.Exp(float64(x))); e > worst {
			worst, at = e, x
		}
	})
	sweep(-1, 1, 200_000, func(x float32) {
		if e := relDiff(expf(x), math.Exp(float64(x))); e > worst {
			worst, at = e, x
		}
	})
	t.Logf("expf worst relative error %.3g at x=%g", worst, at)
	if worst > fastMathTol {
		t.Errorf("expf relative error %.3g at x=%g > %g", worst, at, fastMathTol)
	}
	for _, c := range []struct{ x, want float32 }{
		{0, 1}, {-87.34, 0}, {-104, 0}, {-1000, 0}, {float32(math.Inf(-1)), 0},
		{89, float32(math.Inf(1))}, {1000, float32(math.Inf(1))}, {float32(math.Inf(1)), float32(math.Inf(1))},
	} {
		if got := expf(c.x); got != c.want {
			t.Errorf("expf(%g) = %g, want %g", c.x, got, c.want)
		}
	}
	if got := expf(fmExpMax); math.IsInf(float64(got), 0) || got < 3.4e38 {
		t.Errorf("expf(ln MaxFloat32) = %g, want finite ≈ 3.4e38", got)
	}
	if got := expf(float32(math.NaN())); got == got {
		t.Errorf("expf(NaN) = %g", got)
	}
	if got := expf(fmExpMin + 1e-5); got < 1.1754944e-38 {
		t.Errorf("expf just above ln 2⁻¹²⁶ = %g, want a normal float", got)
	}
}

func TestExpAffine(t *testing.T) {
	src := []float32{-200, -90, -3, -0.5, 0, 0.25, 7, 88, 88.7, 89, 500}
	dst := make([]float32, len(src))
	sum := expAffine(dst, src, -1, 0.5)
	var want float32
	for i, x := range src {
		e := expf(-x + 0.5)
		want += e
		if dst[i] != e {
			t.Errorf("expAffine[%d] = %g, want expf = %g", i, dst[i], e)
		}
	}
	if sum != want {
		t.Errorf("sum %g, want %g", sum, want)
	}
	in := []float32{-1, 0, 1}
	if s := expAffine(in, in, 1, 0); in[1] != 1 || math.Abs(float64(s)-(1/math.E+1+math.E)) > 1e-6 {
		t.Errorf("in place: %v sum %g", in, s)
	}
}

func TestTanhfSigmoidf(t *testing.T) {
	worst, at := 0.0, float32(0)
	sweep(-12, 12, 1_000_000, func(x float32) {
		if e := relDiff(tanhf(x), math.Tanh(float64(x))); e > worst {
			worst, at = e, x
		}
	})
	sweep(-1e-3, 1e-3, 100_000, func(x float32) {
		if e := relDiff(tanhf(x), math.Tanh(float64(x))); e > worst {
			worst, at = e, x
		}
	})
	t.Logf("tanhf worst relative error %.3g at x=%g", worst, at)
	if worst > fastMathTol {
		t.Errorf("tanhf relative error %.3g at x=%g > %g", worst, at, fastMathTol)
	}
	for _, x := range []float32{100, 1e30, float32(math.Inf(1))} {
		if tanhf(x) != 1 || tanhf(-x) != -1 {
			t.Errorf("tanhf(±%g) = %g, %g, want ±1", x, tanhf(x), tanhf(-x))
		}
	}
	worst = 0
	sweep(-80, 80, 1_000_000, func(x float32) {
		want := 1 / (1 + math.Exp(-float64(x)))
		if e := relDiff(sigmoidf(x), want); e > worst {
			worst, at = e, x
		}
	})
	t.Logf("sigmoidf worst relative error %.3g at x=%g", worst, at)
	if worst > 3e-7 {
		t.Errorf("sigmoidf relative error %.3g at x=%g", worst, at)
	}
	if sigmoidf(-200) != 0 || sigmoidf(200) != 1 {
		t.Errorf("sigmoidf tails: %g %g", sigmoidf(-200), sigmoidf(200))
	}
}

func TestLogf(t *testing.T) {
	worst, at := 0.0, float32(0)
	check := func(x float32) {
		if x <= 0 {
			return
		}
		if e := relDiff(logf(x), math.Log(float64(x))); e > worst {
			worst, at = e, x
		}
	}
	sweep(1e-6, 4, 1_000_000, check)
	sweep(0.5, 2, 1_000_000, check)
	for e := -149; e <= 127; e++ {
		check(float32(math.Ldexp(1.37, e)))
	}
	t.Logf("logf worst relative error %.3g at x=%g", worst, at)
	if worst > fastMathTol {
		t.Errorf("logf relative error %.3g at x=%g > %g", worst, at, fastMathTol)
	}
	// Near 1 the result is tiny, so compare absolutely there.
	for x := float32(0.999); x < 1.001; x += 1e-6 {
		if d := math.Abs(float64(logf(x)) - math.Log(float64(x))); d > 1e-10 {
			t.Fatalf("logf(%g) off by %g", x, d)
		}
	}
	if !math.IsInf(float64(logf(0)), -1) || logf(-1) == logf(-1) || logf(float32(math.Inf(1))) != float32(math.Inf(1)) {
		t.Errorf("logf specials: %g %g %g", logf(0), logf(-1), logf(float32(math.Inf(1))))
	}
}

var sinkF32 float32

func BenchmarkExpf(b *testing.B) {
	var s float32
	for i := 0; i < b.N; i++ {
		s += expf(float32(i&1023) * -0.01)
	}
	sinkF32 = s
}

func BenchmarkMathExp(b *testing.B) {
	var s float32
	for i := 0; i < b.N; i++ {
		s += float32(math.Exp(float64(float32(i&1023) * -0.01)))
	}
	sinkF32 = s
}
