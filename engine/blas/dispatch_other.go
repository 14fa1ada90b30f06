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
