//go:build amd64 && !purego

package blas

import (
	"fmt"
	"math/rand"
	"testing"
)

// withKernel runs f with bestKernel replaced by kn.
func withKernel(kn *gemmKernel, f func()) {
	prev := bestKernel
	bestKernel = kn
	defer func() { bestKernel = prev }()
	f()
}

// TestAllAsmKernels runs the shape tests through every usable kernel, not
// only the default one.
func TestAllAsmKernels(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for i := range asmKernels {
		kn := &asmKernels[i]
		if !kernelUsable(kn) {
			t.Logf("%s: not supported by this CPU", kn.name)
			continue
		}
		withKernel(kn, func() {
			for _, g := range append(shapeCases(), gemmCase{m: 70, n: 150, k: 300, alpha: 1, beta: 1, pad: 2}) {
				d := g.data(r)
				want, mag := g.naive(d)
				checkClose(t, kn.name, g, g.run(d, false), want, mag, d.ldc)
			}
		})
	}
}

// BenchmarkMicroKernels measures each kernel on L1-resident packed panels:
// the ceiling the blocked loop can reach on one core.
func BenchmarkMicroKernels(b *testing.B) {
	const kc = 256
	for i := range asmKernels {
		kn := &asmKernels[i]
		if !kernelUsable(kn) {
			continue
		}
		b.Run(kn.name, func(b *testing.B) {
			ap := make([]float32, kn.mr*kc)
			bp := make([]float32, kn.nr*kc)
			c := make([]float32, kn.mr*kn.nr)
			for i := 0; i < b.N; i++ {
				kn.fn(kc, &ap[0], &bp[0], &c[0], kn.nr, 1, 1)
			}
			b.ReportMetric(2*float64(kn.mr*kn.nr*kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkMacro measures the macro-kernel alone (no packing) on one core.
func BenchmarkMacro(b *testing.B) {
	for _, cfg := range [][3]int{{168, 256, 1024}, {168, 384, 1024}, {168, 512, 1024}, {84, 256, 1024}, {336, 256, 1024}, {168, 256, 256}} {
		mc, kc, nc := cfg[0], cfg[1], cfg[2]
		kn := bestKernel
		b.Run(fmt.Sprintf("%s/mc=%d/kc=%d/nc=%d", kn.name, mc, kc, nc), func(b *testing.B) {
			ap := make([]float32, mc*kc)
			bp := make([]float32, nc*kc)
			c := make([]float32, mc*nc)
			tmp := make([]float32, kn.mr*kn.nr)
			for i := 0; i < b.N; i++ {
				macro(kn, mc, nc, kc, ap, bp, c, nc, 1, 1, tmp)
			}
			b.ReportMetric(2*float64(mc*nc*kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
