//go:build amd64 && !purego

package cpu

// Implemented in cpu_amd64.s.
func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

func init() {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&(osxsave|avx) != osxsave|avx {
		return
	}
	xcr0, _ := xgetbv()
	if xcr0&0x6 != 0x6 { // XMM and YMM state
		return
	}
	_, ebx7, ecx7, _ := cpuid(7, 0)
	const avx2, avx512f, avx512bw, avx512vnni = 1 << 5, 1 << 16, 1 << 30, 1 << 11
	AVX2 = ebx7&avx2 != 0
	FMA = ecx1&fma != 0
	AVX512 = AVX2 && ebx7&avx512f != 0 && xcr0&0xe0 == 0xe0 // opmask, ZMM state
	AVX512VNNI = AVX512 && ebx7&avx512bw != 0 && ecx7&avx512vnni != 0
}
