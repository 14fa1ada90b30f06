package blas

import "unsafe"

// genericKernel is the pure-Go micro-kernel: used on architectures without
// an assembly kernel, with the purego build tag, on CPUs lacking AVX2+FMA,
// and by the tests as the reference for the assembly.
var genericKernel = gemmKernel{
	name: "generic-4x4",
	mr:   4, nr: 4,
	mc: 128, kc: 256, nc: 1024,
	fn: kernGeneric4x4,
}

func kernGeneric4x4(kc int, a, b, c *float32, ldc int, alpha, beta float32) {
	ap := unsafe.Slice(a, kc*4)
	bp := unsafe.Slice(b, kc*4)
	cs := unsafe.Slice(c, 3*ldc+4)
	// Two passes of 4×2 keep the accumulators and operands in the 15
	// registers that amd64 Go code has; 4×4 at once spills.
	for h := 0; h < 4; h += 2 {
		var c00, c01, c10, c11, c20, c21, c30, c31 float32
		for p := 0; p < kc; p++ {
			av := ap[p*4 : p*4+4 : p*4+4]
			bv := bp[p*4+h : p*4+h+2 : p*4+h+2]
			b0, b1 := bv[0], bv[1]
			a0 := av[0]
			c00 += a0 * b0
			c01 += a0 * b1
			a1 := av[1]
			c10 += a1 * b0
			c11 += a1 * b1
			a2 := av[2]
			c20 += a2 * b0
			c21 += a2 * b1
			a3 := av[3]
			c30 += a3 * b0
			c31 += a3 * b1
		}
		store2(cs[h:], c00, c01, alpha, beta)
		store2(cs[ldc+h:], c10, c11, alpha, beta)
		store2(cs[2*ldc+h:], c20, c21, alpha, beta)
		store2(cs[3*ldc+h:], c30, c31, alpha, beta)
	}
}

func store2(row []float32, x0, x1, alpha, beta float32) {
	row = row[:2:2]
	if beta == 0 {
		row[0], row[1] = alpha*x0, alpha*x1
		return
	}
	row[0] = alpha*x0 + beta*row[0]
	row[1] = alpha*x1 + beta*row[1]
}

func sdotGeneric(x, y []float32) float32 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func saxpyGeneric(alpha float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

func sscalGeneric(alpha float32, x []float32) {
	for i := range x {
		x[i] *= alpha
	}
}

func dotTile4x4Generic(k int, a []float32, lda int, b []float32, ldb int, out *[16]float32) {
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			out[i*4+j] = sdotGeneric(a[i*lda:i*lda+k], b[j*ldb:j*ldb+k])
		}
	}
}
