//go:build !amd64 || purego

package blas

// Without assembly every entry point runs the pure-Go code.
var bestKernel *gemmKernel

func sdot(x, y []float32) float32 { return sdotGeneric(x, y) }

func saxpy(alpha float32, x, y []float32) { saxpyGeneric(alpha, x, y) }

func sscal(alpha float32, x []float32) { sscalGeneric(alpha, x) }

func transposeFn(rows int) func(n16 int, src *float32, ld int, dst *float32, dstStride int) {
	return nil
}

func copyRowsFn(dstStride int) func(n int, src []float32, ld int, dst []float32, dstStride, w int) {
	return nil
}

func hasDotKernel() bool { return false }

func dotTile4x4(k int, a []float32, lda int, b []float32, ldb int, out *[16]float32) {
	dotTile4x4Generic(k, a, lda, b, ldb, out)
}
