// Package blas is Trigo's single-precision dense linear algebra: a packed,
// cache-blocked GEMM (GotoBLAS/BLIS scheme) whose micro-kernels are Go
// assembly for AVX-512 and AVX2+FMA, chosen at run time from CPUID, with a
// pure-Go fallback (other architectures, the purego build tag, or a CPU
// without AVX2), and a few vector helpers with the same fast paths.
//
// All matrices are row-major with explicit row strides (lda, ldb, ldc).
// Dimension and length errors panic with a message naming the function
// before any assembly runs.
//
// Besides the packed path, products with one row or one column run as dot
// products or axpys, and A·Bᵀ with at most 64 rows runs as 4×4 tiles of
// dot products read straight from A and B (no packing). The environment
// variable TRIGO_SGEMM_KERNEL (for example "avx2-6x16") picks another
// assembly micro-kernel at start-up, for comparisons; KernelName reports
// the one in use.
package blas

import (
	"fmt"
	"strings"
)

//go:generate go run gen_kernels.go

// Sgemm computes C = alpha*op(A)*op(B) + beta*C for row-major matrices;
// op(X) is X, or Xᵀ when transX is true. op(A) is m×k, op(B) is k×n, C is
// m×n; lda, ldb and ldc are the row strides of A, B and C as stored. With
// beta == 0, C is overwritten without being read (NaNs in C are ignored);
// with k == 0 or alpha == 0, C = beta*C. It runs in parallel over
// parallel.Threads() goroutines.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkGemm("blas.Sgemm", transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	sgemm(true, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// SgemmSerial is Sgemm on the calling goroutine only, for callers that
// already parallelise over a batch (attention heads, for example).
func SgemmSerial(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkGemm("blas.SgemmSerial", transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	sgemm(false, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// KernelName reports which sgemm micro-kernel this process uses, such as
// "avx512-14x32", "avx2-6x16" or "generic-4x4".
func KernelName() string { return activeKernel().name }

// checkGemm validates dimensions, strides and slice lengths, panicking with
// a readable message; after it returns every index the kernels touch is in
// range.
func checkGemm(fn string, transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("%s: negative dimension m=%d n=%d k=%d", fn, m, n, k))
	}
	// Stored shapes: A is m×k (or k×m transposed), B is k×n (or n×k).
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	dims := func(name string, trans bool) string {
		s := fmt.Sprintf("m=%d n=%d k=%d", m, n, k)
		if name != "c" {
			s += fmt.Sprintf(" trans%s=%v", strings.ToUpper(name), trans)
		}
		return s
	}
	checkMat(fn, "a", ar, ac, a, lda, transA, dims)
	checkMat(fn, "b", br, bc, b, ldb, transB, dims)
	checkMat(fn, "c", m, n, c, ldc, false, dims)
}

// checkMat panics unless x holds a rows×cols matrix with row stride ld; the
// message is only formatted on failure, so the check does not allocate.
func checkMat(fn, name string, rows, cols int, x []float32, ld int, trans bool, dims func(string, bool) string) {
	if ld < cols {
		panic(fmt.Sprintf("%s: ld%s=%d < %d columns of %s (%s)", fn, name, ld, cols, name, dims(name, trans)))
	}
	if rows == 0 || cols == 0 {
		return
	}
	if need := (rows-1)*ld + cols; len(x) < need {
		panic(fmt.Sprintf("%s: len(%s)=%d too small for %d×%d %s with ld%s=%d (need %d; %s)",
			fn, name, len(x), rows, cols, name, name, ld, need, dims(name, trans)))
	}
}

// Sdot returns Σ x[i]*y[i]. x and y must have the same length.
func Sdot(x, y []float32) float32 {
	if len(x) != len(y) {
		panic(fmt.Sprintf("blas.Sdot: len(x)=%d != len(y)=%d", len(x), len(y)))
	}
	return sdot(x, y)
}

// Saxpy computes y += alpha*x. x and y must have the same length.
func Saxpy(alpha float32, x, y []float32) {
	if len(x) != len(y) {
		panic(fmt.Sprintf("blas.Saxpy: len(x)=%d != len(y)=%d", len(x), len(y)))
	}
	saxpy(alpha, x, y)
}

// Sscal computes x *= alpha in place.
func Sscal(alpha float32, x []float32) {
	sscal(alpha, x)
}
