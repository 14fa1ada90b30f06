package blas

import (
	"fmt"
	"math/rand"
	"testing"
)

// BenchmarkShapes covers the engine's typical products: linear layers
// forward (NT), backward data (NN) and weights (TN), attention scores.
func BenchmarkShapes(b *testing.B) {
	shapes := []struct {
		ta, tb  bool
		m, n, k int
	}{
		{false, true, 4096, 1536, 384}, {false, false, 4096, 384, 1536}, {true, false, 1536, 384, 4096},
		{false, true, 4096, 384, 384}, {false, true, 256, 256, 64}, {false, false, 256, 64, 256},
		{false, true, 16, 1536, 384}, {false, true, 1, 1536, 384}, {false, false, 1, 1536, 384}, {false, true, 1, 384, 1536}, {false, true, 4, 1536, 384},
	}
	for _, s := range shapes {
		name := fmt.Sprintf("%s%s/%dx%dx%d", map[bool]string{false: "N", true: "T"}[s.ta], map[bool]string{false: "N", true: "T"}[s.tb], s.m, s.n, s.k)
		b.Run(name, func(b *testing.B) {
			r := rand.New(rand.NewSource(1))
			lda, ldb := s.k, s.n
			if s.ta {
				lda = s.m
			}
			if s.tb {
				ldb = s.k
			}
			x, y, z := randSlice(r, s.m*s.k), randSlice(r, s.k*s.n), make([]float32, s.m*s.n)
			for i := 0; i < b.N; i++ {
				Sgemm(s.ta, s.tb, s.m, s.n, s.k, 1, x, lda, y, ldb, 0, z, s.n)
			}
			b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
