//go:build amd64 && !purego

package model

// Implemented in decode_amd64.s.
func decCPUID(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func decXGETBV() (eax, edx uint32)

//go:noescape
func geluAVX512(x *float32, n int)

// hasAVX512 reports AVX-512F with OS support for the ZMM and opmask state.
var hasAVX512 = func() bool {
	if max, _, _, _ := decCPUID(0, 0); max < 7 {
		return false
	}
	if _, _, ecx1, _ := decCPUID(1, 0); ecx1&(1<<27) == 0 { // OSXSAVE
		return false
	}
	if xcr0, _ := decXGETBV(); xcr0&0xe6 != 0xe6 {
		return false
	}
	_, ebx7, _, _ := decCPUID(7, 0)
	return ebx7&(1<<16) != 0
}()

// geluFast applies GELU to x in AVX-512 assembly over len(x) rounded down
// to 16 and returns how many elements it covered.
func geluFast(x []float32) int {
	n := len(x) &^ 15
	if !hasAVX512 || n == 0 {
		return 0
	}
	geluAVX512(&x[0], n)
	return n
}
