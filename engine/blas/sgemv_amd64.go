//go:build amd64 && !purego

package blas

// Implemented in sgemv_amd64.s: y[0..3] = rows 0..3 of a times x over n
// rounded down to 16 (AVX-512) or 8 (AVX2) columns.
//
//go:noescape
func sgemv4AVX512(n int, a *float32, lda int, x, y *float32)

//go:noescape
func sgemv4AVX2(n int, a *float32, lda int, x, y *float32)

// sgemv4 runs the four-row kernel over rows [0, m rounded down to 4) and
// returns how many rows it covered.
func sgemv4(m, n int, a []float32, lda int, x, y []float32) int {
	if !vecAsm() || n < 8 {
		return 0
	}
	w, kern := 8, sgemv4AVX2
	if hasAVX512 && n >= 16 {
		w, kern = 16, sgemv4AVX512
	}
	body := n - n%w
	i := 0
	for ; i+4 <= m; i += 4 {
		kern(body, &a[i*lda], lda, &x[0], &y[i])
		if body < n {
			sgemvTail4(a, lda, x, i, body, y)
		}
	}
	return i
}
