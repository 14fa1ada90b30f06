//go:build !amd64 || purego

package blas

func sgemv4(m, n int, a []float32, lda int, x, y []float32) int { return 0 }
