//go:build amd64 && !purego

package kern

import "trigo/internal/cpu"

// Implemented in gelu_amd64.s.
//
//go:noescape
func geluAVX512(x *float32, n int)

// geluFast applies GELU to x in AVX-512 assembly over len(x) rounded down
// to 16 and returns how many elements it covered.
func geluFast(x []float32) int {
	n := len(x) &^ 15
	if !cpu.AVX512 || n == 0 {
		return 0
	}
	geluAVX512(&x[0], n)
	return n
}
