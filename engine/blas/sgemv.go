package blas

import "fmt"

// Sgemv computes y[i] = Σ_j a[i·lda + j]·x[j] for i < m, j < n: the
// matrix-vector product of the row-major m×n matrix a (row stride lda) with
// x, overwriting y[:m]. It runs on the calling goroutine; batch-1 decode
// calls it per layer and splits rows over its own workers.
//
// Four rows go at a time through an assembly kernel (AVX-512 or AVX2+FMA),
// which reads each chunk of x once for the four rows; sums are in a
// different order from Sdot's, so results may differ in the last bits.
func Sgemv(m, n int, a []float32, lda int, x, y []float32) {
	if m < 0 || n < 0 || lda < n {
		panic(fmt.Sprintf("blas.Sgemv: m=%d n=%d lda=%d (want m, n ≥ 0 and lda ≥ n)", m, n, lda))
	}
	if len(x) < n || len(y) < m || (m > 0 && n > 0 && len(a) < (m-1)*lda+n) {
		panic(fmt.Sprintf("blas.Sgemv: len(a)=%d, len(x)=%d, len(y)=%d too small for m=%d n=%d lda=%d", len(a), len(x), len(y), m, n, lda))
	}
	if n == 0 {
		clear(y[:m])
		return
	}
	x = x[:n]
	i := sgemv4(m, n, a, lda, x, y)
	for ; i < m; i++ {
		y[i] = sdot(a[i*lda:i*lda+n], x)
	}
}

// sgemvTail4 is the pure-Go four-row tail: rows i..i+3 of a from
// column j0 on, added to y[i..i+3].
func sgemvTail4(a []float32, lda int, x []float32, i, j0 int, y []float32) {
	n := len(x)
	for r := 0; r < 4; r++ {
		row := a[(i+r)*lda+j0 : (i+r)*lda+n]
		var s float32
		for j, v := range x[j0:] {
			s += row[j] * v
		}
		y[i+r] += s
	}
}
