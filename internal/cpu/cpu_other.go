//go:build !amd64 || purego

package cpu

// No assembly kernels on this architecture or build: every feature stays
// false and the engine runs its Go code.
