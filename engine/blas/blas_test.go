package blas

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand"
	"strings"
	"testing"
	"unsafe"

	"trigo/engine/parallel"
)

// gemmCase is one Sgemm call: op(A) m×k, op(B) k×n, with extra stride.
type gemmCase struct {
	ta, tb      bool
	m, n, k     int
	alpha, beta float32
	pad         int // added to the minimum lda, ldb, ldc
}

func (g gemmCase) String() string {
	return fmt.Sprintf("tA=%v tB=%v m=%d n=%d k=%d alpha=%g beta=%g pad=%d", g.ta, g.tb, g.m, g.n, g.k, g.alpha, g.beta, g.pad)
}

type gemmData struct {
	a, b, c       []float32
	lda, ldb, ldc int
}

func randSlice(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(r.NormFloat64())
	}
	return s
}

func (g gemmCase) data(r *rand.Rand) gemmData {
	ar, ac := g.m, g.k
	if g.ta {
		ar, ac = g.k, g.m
	}
	br, bc := g.k, g.n
	if g.tb {
		br, bc = g.n, g.k
	}
	d := gemmData{lda: ac + g.pad, ldb: bc + g.pad, ldc: g.n + g.pad}
	d.a = randSlice(r, ar*d.lda)
	d.b = randSlice(r, br*d.ldb)
	d.c = randSlice(r, g.m*d.ldc)
	if g.beta == 0 {
		for i := range d.c {
			d.c[i] = float32(math.NaN()) // must be ignored
		}
	}
	return d
}

// naive returns the float64 reference result and, per element, the
// magnitude |alpha|Σ|a||b| + |beta||c| that scales the rounding error.
func (g gemmCase) naive(d gemmData) (want, mag []float64) {
	want = make([]float64, len(d.c))
	mag = make([]float64, len(d.c))
	for i := range d.c {
		want[i] = float64(d.c[i]) // padding stays as it was
	}
	opA := func(i, p int) float64 {
		if g.ta {
			return float64(d.a[p*d.lda+i])
		}
		return float64(d.a[i*d.lda+p])
	}
	opB := func(p, j int) float64 {
		if g.tb {
			return float64(d.b[j*d.ldb+p])
		}
		return float64(d.b[p*d.ldb+j])
	}
	for i := 0; i < g.m; i++ {
		for j := 0; j < g.n; j++ {
			var s, sa float64
			for p := 0; p < g.k; p++ {
				x := opA(i, p) * opB(p, j)
				s += x
				sa += math.Abs(x)
			}
			idx := i*d.ldc + j
			v := float64(g.alpha) * s
			mg := math.Abs(float64(g.alpha)) * sa
			if g.beta != 0 {
				v += float64(g.beta) * float64(d.c[idx])
				mg += math.Abs(float64(g.beta) * float64(d.c[idx]))
			}
			want[idx] = v
			mag[idx] = mg
		}
	}
	return want, mag
}

func (g gemmCase) run(d gemmData, serial bool) []float32 {
	c := append([]float32(nil), d.c...)
	f := Sgemm
	if serial {
		f = SgemmSerial
	}
	f(g.ta, g.tb, g.m, g.n, g.k, g.alpha, d.a, d.lda, d.b, d.ldb, g.beta, c, d.ldc)
	return c
}

func checkClose(t *testing.T, what string, g gemmCase, got []float32, want, mag []float64, ldc int) {
	t.Helper()
	tol := 1e-6 * float64(g.k+8)
	bad := 0
	for idx := range got {
		i, j := idx/ldc, idx%ldc
		inside := i < g.m && j < g.n
		if !inside {
			// Padding must be untouched (bit for bit, NaN included).
			if math.Float32bits(got[idx]) != math.Float32bits(float32(want[idx])) && !(math.IsNaN(float64(got[idx])) && math.IsNaN(want[idx])) {
				t.Errorf("%s %v: padding C[%d][%d] changed to %g", what, g, i, j, got[idx])
				bad++
			}
		} else if d := math.Abs(float64(got[idx]) - want[idx]); !(d <= tol*(mag[idx]+1e-30)) {
			t.Errorf("%s %v: C[%d][%d] = %g, want %g (|diff| %g > %g)", what, g, i, j, got[idx], want[idx], d, tol*mag[idx])
			bad++
		}
		if bad > 5 {
			t.FailNow()
		}
	}
}

// withGeneric runs f with the pure-Go kernels forced.
func withGeneric(f func()) {
	prev := forceGeneric
	forceGeneric = true
	defer func() { forceGeneric = prev }()
	f()
}

func shapeCases() []gemmCase {
	dims := [][3]int{
		{1, 1, 1}, {0, 5, 3}, {4, 0, 3}, {3, 4, 0}, {0, 0, 0},
		{7, 13, 31}, {13, 7, 97}, {31, 97, 13}, {97, 31, 7},
		{2, 3, 5}, {1, 17, 9}, {17, 1, 9}, {1, 1, 40},
		{15, 33, 17}, {14, 32, 8}, {28, 64, 300}, {6, 16, 3},
		{33, 65, 129}, {100, 47, 259}, {5, 200, 70}, {8, 12, 16}, {12, 8, 32},
	}
	var cs []gemmCase
	ab := [][2]float32{{1, 0}, {1, 1}, {-0.5, 2}, {2, -1}, {0, 0.5}}
	for di, d := range dims {
		for tv := 0; tv < 4; tv++ {
			g := gemmCase{ta: tv&1 != 0, tb: tv&2 != 0, m: d[0], n: d[1], k: d[2]}
			x := ab[(di+tv)%len(ab)]
			g.alpha, g.beta = x[0], x[1]
			g.pad = (di + tv) % 3 * 3
			cs = append(cs, g)
		}
	}
	return cs
}

func TestSgemmShapes(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, th := range []int{1, 2, 3} {
		prev := parallel.SetThreads(th)
		for _, g := range shapeCases() {
			d := g.data(r)
			want, mag := g.naive(d)
			checkClose(t, "asm", g, g.run(d, false), want, mag, d.ldc)
			checkClose(t, "serial", g, g.run(d, true), want, mag, d.ldc)
			var gen []float32
			withGeneric(func() { gen = g.run(d, false) })
			checkClose(t, "generic", g, gen, want, mag, d.ldc)
		}
		parallel.SetThreads(prev)
	}
}

// TestSgemmBlocking covers shapes that cross the mc, kc and nc block edges
// and the row/column work split, against both the naive loop and the
// generic kernel.
func TestSgemmBlocking(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	dims := [][3]int{
		{300, 70, 600}, {37, 700, 513}, {2, 4200, 5}, {5, 33, 1030}, {181, 181, 181}, {400, 9, 40},
		{1, 1500, 200}, {1500, 1, 200}, {1, 1300, 300}, {1300, 1, 300}, {20, 301, 1000}, {32, 64, 100},
	}
	for _, th := range []int{1, 2} {
		prev := parallel.SetThreads(th)
		for i, dm := range dims {
			g := gemmCase{ta: i%2 == 1, tb: i%3 == 1, m: dm[0], n: dm[1], k: dm[2], alpha: 1.5, beta: float32(i % 2), pad: 1}
			d := g.data(r)
			want, mag := g.naive(d)
			got := g.run(d, false)
			checkClose(t, "asm", g, got, want, mag, d.ldc)
			var gen []float32
			withGeneric(func() { gen = g.run(d, false) })
			checkClose(t, "generic", g, gen, want, mag, d.ldc)
		}
		parallel.SetThreads(prev)
	}
}

func TestSgemmPanics(t *testing.T) {
	a := make([]float32, 12)
	b := make([]float32, 20)
	c := make([]float32, 15)
	cases := []struct {
		name string
		call func()
		want []string
	}{
		{"short a", func() { Sgemm(false, false, 3, 5, 4, 1, a[:10], 4, b, 5, 0, c, 5) },
			[]string{"blas.Sgemm", "len(a)=10", "m=3", "k=4", "lda=4"}},
		{"short b", func() { Sgemm(false, true, 3, 5, 4, 1, a, 4, b[:19], 4, 0, c, 5) },
			[]string{"blas.Sgemm", "len(b)=19", "ldb=4", "transB=true"}},
		{"short c", func() { Sgemm(false, false, 3, 5, 4, 1, a, 4, b, 5, 0, c[:14], 5) },
			[]string{"blas.Sgemm", "len(c)=14", "ldc=5"}},
		{"small lda", func() { Sgemm(false, false, 3, 5, 4, 1, a, 3, b, 5, 0, c, 5) },
			[]string{"blas.Sgemm", "lda=3", "4 columns"}},
		{"transposed small lda", func() { Sgemm(true, false, 3, 5, 4, 1, a, 2, b, 5, 0, c, 5) },
			[]string{"blas.Sgemm", "lda=2", "3 columns", "transA=true"}},
		{"negative", func() { Sgemm(false, false, -1, 5, 4, 1, a, 4, b, 5, 0, c, 5) },
			[]string{"blas.Sgemm", "negative", "m=-1"}},
		{"serial", func() { SgemmSerial(false, false, 3, 5, 4, 1, a, 4, b, 5, 0, c, 4) },
			[]string{"blas.SgemmSerial", "ldc=4"}},
		{"dot", func() { Sdot(a, b) }, []string{"blas.Sdot", "len(x)=12", "len(y)=20"}},
		{"axpy", func() { Saxpy(1, a, b) }, []string{"blas.Saxpy"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg, ok := r.(string)
				if !ok {
					t.Fatalf("panic value %v (%T), want a string", r, r)
				}
				for _, w := range tc.want {
					if !strings.Contains(msg, w) {
						t.Errorf("message %q lacks %q", msg, w)
					}
				}
			}()
			tc.call()
		})
	}
}

func TestVectorHelpers(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for n := 0; n < 80; n++ {
		x, y := randSlice(r, n), randSlice(r, n)
		var want, mag float64
		for i := range x {
			want += float64(x[i]) * float64(y[i])
			mag += math.Abs(float64(x[i]) * float64(y[i]))
		}
		for _, gen := range []bool{false, true} {
			var got float32
			yy := append([]float32(nil), y...)
			xx := append([]float32(nil), x...)
			run := func() {
				got = Sdot(x, y)
				Saxpy(-0.75, x, yy)
				Sscal(3, xx)
			}
			if gen {
				withGeneric(run)
			} else {
				run()
			}
			if math.Abs(float64(got)-want) > 1e-6*float64(n+4)*mag+1e-30 {
				t.Errorf("n=%d generic=%v: Sdot = %g, want %g", n, gen, got, want)
			}
			for i := range x {
				if w := y[i] + -0.75*x[i]; math.Abs(float64(yy[i]-w)) > 1e-6*math.Abs(float64(w))+1e-6 {
					t.Errorf("n=%d generic=%v: Saxpy[%d] = %g, want %g", n, gen, i, yy[i], w)
				}
				if xx[i] != 3*x[i] {
					t.Errorf("n=%d generic=%v: Sscal[%d] = %g, want %g", n, gen, i, xx[i], 3*x[i])
				}
			}
		}
	}
}

func TestSgemmNoAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops objects under the race detector")
	}
	n := 96
	a, b, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
	Sgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n)
	allocs := testing.AllocsPerRun(20, func() {
		SgemmSerial(false, false, n, n, n, 1, a, n, b, n, 0, c, n)
	})
	if allocs > 0 {
		t.Errorf("SgemmSerial allocates %.1f times per call", allocs)
	}
}

func benchSgemm(b *testing.B, n int, serial bool) {
	r := rand.New(rand.NewSource(4))
	x, y, z := randSlice(r, n*n), randSlice(r, n*n), make([]float32, n*n)
	f := Sgemm
	if serial {
		f = SgemmSerial
	}
	f(false, false, n, n, n, 1, x, n, y, n, 0, z, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f(false, false, n, n, n, 1, x, n, y, n, 0, z, n)
	}
	b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkSgemm64(b *testing.B)         { benchSgemm(b, 64, false) }
func BenchmarkSgemm256(b *testing.B)        { benchSgemm(b, 256, false) }
func BenchmarkSgemm512(b *testing.B)        { benchSgemm(b, 512, false) }
func BenchmarkSgemm1024(b *testing.B)       { benchSgemm(b, 1024, false) }
func BenchmarkSgemmSerial512(b *testing.B)  { benchSgemm(b, 512, true) }
func BenchmarkSgemmSerial1024(b *testing.B) { benchSgemm(b, 1024, true) }

func BenchmarkSgemmGeneric256(b *testing.B) {
	withGeneric(func() { benchSgemm(b, 256, false) })
}

func BenchmarkPackA(b *testing.B) {
	const mr, kc, lda = 14, 256, 1024
	a := make([]float32, 16*lda)
	dst := make([]float32, mr*kc)
	for i := 0; i < b.N; i++ {
		packA(false, a, lda, 0, mr, 0, kc, mr, dst)
	}
	b.ReportMetric(float64(mr*kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
}

// TestSgemmConcurrent calls Sgemm and SgemmSerial from several goroutines
// at once (as attention heads do), sharing the pools.
func TestSgemmConcurrent(t *testing.T) {
	cases := []gemmCase{
		{m: 70, n: 90, k: 300, alpha: 1, beta: 0},
		{ta: true, m: 33, n: 65, k: 129, alpha: 2, beta: 1, pad: 1},
		{tb: true, m: 20, n: 100, k: 50, alpha: 1, beta: 0},
		{ta: true, tb: true, m: 100, n: 1, k: 64, alpha: -1, beta: 0.5},
	}
	r := rand.New(rand.NewSource(6))
	type prepared struct {
		d         gemmData
		want, mag []float64
	}
	var ps []prepared
	for _, g := range cases {
		d := g.data(r)
		w, m := g.naive(d)
		ps = append(ps, prepared{d, w, m})
	}
	done := make(chan struct{})
	for w := 0; w < 8; w++ {
		go func(w int) {
			defer func() { done <- struct{}{} }()
			for it := 0; it < 20; it++ {
				i := (w + it) % len(cases)
				got := cases[i].run(ps[i].d, w%2 == 0)
				checkClose(t, "concurrent", cases[i], got, ps[i].want, ps[i].mag, ps[i].d.ldc)
			}
		}(w)
	}
	for w := 0; w < 8; w++ {
		<-done
	}
}

func TestKernelSelected(t *testing.T) {
	t.Logf("sgemm kernel: %s", KernelName())
	withGeneric(func() {
		if KernelName() != genericKernel.name {
			t.Errorf("forced generic, got %s", KernelName())
		}
	})
}

func TestBufPoolClasses(t *testing.T) {
	for _, n := range []int{0, 1, 5, 31, 32, 33, 100, 1000, 4096, 4097, 1 << 20} {
		for rep := 0; rep < 3; rep++ {
			p := getBuf(n)
			if len(*p) != n || uintptr(unsafe.Pointer(unsafe.SliceData(*p)))&63 != 0 {
				t.Fatalf("getBuf(%d): len %d, address %p", n, len(*p), unsafe.SliceData(*p))
			}
			want := max(bits.Len(uint(max(n, 1)-1)), 5)
			if got := bits.Len(uint(cap(*p) - 17)); got != want {
				t.Fatalf("getBuf(%d): class %d from cap %d, want %d", n, got, cap(*p), want)
			}
			putBuf(p)
		}
	}
}
