package blas

import (
	"math"
	"math/rand"
	"testing"
)

func TestSgemv(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, m := range []int{0, 1, 3, 4, 5, 9, 17} {
		for _, n := range []int{0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 64, 100, 257} {
			lda := n + m%3
			a := make([]float32, max(m*lda, 1))
			x := make([]float32, n)
			for i := range a {
				a[i] = float32(rng.NormFloat64())
			}
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			y := make([]float32, m+1)
			y[m] = 42 // past the end: untouched
			Sgemv(m, n, a, lda, x, y)
			for i := 0; i < m; i++ {
				var want float64
				for j := 0; j < n; j++ {
					want += float64(a[i*lda+j]) * float64(x[j])
				}
				if math.Abs(float64(y[i])-want) > 1e-4*(1+math.Sqrt(float64(n))) {
					t.Fatalf("m=%d n=%d lda=%d: y[%d] = %g, want %g", m, n, lda, i, y[i], want)
				}
			}
			if y[m] != 42 {
				t.Fatalf("m=%d n=%d: wrote past y[m-1]", m, n)
			}
		}
	}
}

func TestSgemvPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("short a did not panic")
		}
	}()
	Sgemv(2, 4, make([]float32, 7), 4, make([]float32, 4), make([]float32, 2))
}

func BenchmarkSgemv1536x256(b *testing.B) {
	a := make([]float32, 1536*256)
	x, y := make([]float32, 256), make([]float32, 1536)
	b.SetBytes(int64(4 * len(a)))
	for i := 0; i < b.N; i++ {
		Sgemv(1536, 256, a, 256, x, y)
	}
}
