//go:build !amd64 || purego

package ternary

// archKernels: no assembly kernels on this architecture or build.
func archKernels() []Kernel { return nil }
