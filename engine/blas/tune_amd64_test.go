//go:build amd64 && !purego

package blas

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"trigo/engine/parallel"
)

// TestTuneBlocking prints GFLOP/s over kernels and block sizes; it only
// runs with TRIGO_TUNE=1 (it is a tool for choosing asmKernels' numbers).
func TestTuneBlocking(t *testing.T) {
	if os.Getenv("TRIGO_TUNE") == "" {
		t.Skip("set TRIGO_TUNE=1")
	}
	var th, n int
	fmt.Sscan(os.Getenv("TRIGO_TUNE_THREADS"), &th)
	fmt.Sscan(os.Getenv("TRIGO_TUNE_N"), &n)
	if th == 0 {
		th = 1
	}
	if n == 0 {
		n = 1024
	}
	prev := parallel.SetThreads(th)
	defer parallel.SetThreads(prev)
	r := rand.New(rand.NewSource(4))
	x, y, z := randSlice(r, n*n), randSlice(r, n*n), make([]float32, n*n)
	for i := range asmKernels {
		base := asmKernels[i]
		if !kernelUsable(&base) || (os.Getenv("TRIGO_TUNE_KERNEL") != "" && os.Getenv("TRIGO_TUNE_KERNEL") != base.name) {
			continue
		}
		for _, kc := range tuneList("TRIGO_TUNE_KC", 128, 192, 256, 384, 512) {
			for _, mcr := range tuneList("TRIGO_TUNE_MCR", 6, 12, 24, 48) {
				kn := base
				kn.kc = kc
				kn.mc = mcr * kn.mr
				withKernel(&kn, func() {
					Sgemm(false, false, n, n, n, 1, x, n, y, n, 0, z, n)
					best := time.Hour
					for rep := 0; rep < 10; rep++ {
						t0 := time.Now()
						Sgemm(false, false, n, n, n, 1, x, n, y, n, 0, z, n)
						best = min(best, time.Since(t0))
					}
					fmt.Printf("%-14s kc=%3d mc=%4d  %6.1f GFLOP/s\n", kn.name, kc, kn.mc, 2*float64(n*n*n)/best.Seconds()/1e9)
				})
			}
		}
	}
}

func tuneList(env string, def ...int) []int {
	s := os.Getenv(env)
	if s == "" {
		return def
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		var v int
		fmt.Sscan(f, &v)
		out = append(out, v)
	}
	return out
}
