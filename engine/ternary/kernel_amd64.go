//go:build amd64 && !purego

package ternary

import "unsafe"

// Implemented in kernel_amd64.s.
func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

//go:noescape
func dot4VNNI(nb int, w *byte, rowBytes int, q *int8, out *int32, groups int)

//go:noescape
func dot4AVX2(nb int, w *byte, rowBytes int, q *int8, out *int32, groups int)

//go:noescape
func absmaxAVX512(x *float32, n int) float32

//go:noescape
func quantAVX512(x *float32, n int, s float32, q *int8) int32

func init() {
	_, vnni := detect()
	if vnni {
		quantFast = quantizeAVX512
	}
}

// quantizeAVX512 is QuantizeActs with the absmax and rounding passes in
// assembly over len(x) rounded down to 16, the tail in Go.
func quantizeAVX512(x []float32, q []int8) (float32, int32) {
	n := len(x)
	body := n &^ 15
	if body == 0 {
		return quantizeGo(x, q)
	}
	m := absmaxAVX512(&x[0], body)
	for _, v := range x[body:] {
		m = max(m, abs32(v))
	}
	s := 127 / max(m, 1e-5)
	sum := quantAVX512(&x[0], body, s, &q[0])
	for j := body; j < n; j++ {
		r := int8Round(x[j] * s)
		q[j] = int8(r)
		sum += int32(r)
	}
	return s, sum
}

// archKernels returns the assembly kernels this CPU supports, fastest first.
func archKernels() []Kernel {
	avx2, vnni := detect()
	var ks []Kernel
	if vnni {
		ks = append(ks, Kernel{Name: "vnni", Permuted: true, Dot: func(nb int, w []byte, rowBytes int, q []int8, out []int32) {
			checkDot("vnni", nb, w, rowBytes, len(q), (nb+1)/2*256, len(out))
			dot4VNNI(nb, unsafe.SliceData(w), rowBytes, unsafe.SliceData(q), unsafe.SliceData(out), len(out)/4)
		}})
	}
	if avx2 {
		ks = append(ks, Kernel{Name: "avx2", Dot: func(nb int, w []byte, rowBytes int, q []int8, out []int32) {
			checkDot("avx2", nb, w, rowBytes, len(q), nb*BlockWeights, len(out))
			dot4AVX2(nb, unsafe.SliceData(w), rowBytes, unsafe.SliceData(q), unsafe.SliceData(out), len(out)/4)
		}})
	}
	return ks
}

// detect reports AVX2 (with OS support for YMM state) and AVX-512
// F+BW+VNNI (with OS support for ZMM and opmask state).
func detect() (avx2, vnni bool) {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false, false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, avx = 1 << 27, 1 << 28
	if ecx1&(osxsave|avx) != osxsave|avx {
		return false, false
	}
	xcr0, _ := xgetbv()
	if xcr0&0x6 != 0x6 {
		return false, false
	}
	_, ebx7, ecx7, _ := cpuid(7, 0)
	avx2 = ebx7&(1<<5) != 0
	const avx512f, avx512bw, avx512vnni = 1 << 16, 1 << 30, 1 << 11
	vnni = avx2 && ebx7&avx512f != 0 && ebx7&avx512bw != 0 && ecx7&avx512vnni != 0 && xcr0&0xe0 == 0xe0
	return avx2, vnni
}
