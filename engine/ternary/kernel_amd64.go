//go:build amd64 && !purego

package ternary

import (
	"unsafe"

	"trigo/internal/cpu"
)

// Implemented in kernel_amd64.s.

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

// detect reports AVX2 and AVX-512 F+BW+VNNI, each with the OS saving its
// register state (internal/cpu).
func detect() (avx2, vnni bool) { return cpu.AVX2, cpu.AVX512VNNI }
