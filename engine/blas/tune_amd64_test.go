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
// Configurations are measured in interleaved rounds and each keeps its
// best, since the machine may be shared.
func TestTuneBlocking(t *testing.T) {
	if os.Getenv("TRIGO_TUNE") == "" {
		t.Skip("set TRIGO_TUNE=1")
	}
	th := tuneList("TRIGO_TUNE_THREADS", 1)[0]
	ns := tuneList("TRIGO_TUNE_N", 1024)
	rounds := tuneList("TRIGO_TUNE_ROUNDS", 3)[0]
	prev := parallel.SetThreads(th)
	defer parallel.SetThreads(prev)
	var cfgs []gemmKernel
	for i := range asmKernels {
		base := asmKernels[i]
		if !kernelUsable(&base) || (os.Getenv("TRIGO_TUNE_KERNEL") != "" && !strings.Contains(","+os.Getenv("TRIGO_TUNE_KERNEL")+",", ","+base.name+",")) {
			continue
		}
		for _, kc := range tuneList("TRIGO_TUNE_KC", base.kc) {
			for _, mcr := range tuneList("TRIGO_TUNE_MCR", base.mc/base.mr) {
				for _, nc := range tuneList("TRIGO_TUNE_NC", base.nc) {
					kn := base
					kn.kc, kn.mc, kn.nc = kc, mcr*kn.mr, nc
					cfgs = append(cfgs, kn)
				}
			}
		}
	}
	r := rand.New(rand.NewSource(4))
	for _, n := range ns {
		x, y, z := randSlice(r, n*n), randSlice(r, n*n), make([]float32, n*n)
		best := make([]time.Duration, len(cfgs))
		for i := range best {
			best[i] = time.Hour
		}
		for round := 0; round < rounds; round++ {
			for i := range cfgs {
				withKernel(&cfgs[i], func() {
					Sgemm(false, false, n, n, n, 1, x, n, y, n, 0, z, n)
					for rep := 0; rep < 5; rep++ {
						t0 := time.Now()
						Sgemm(false, false, n, n, n, 1, x, n, y, n, 0, z, n)
						best[i] = min(best[i], time.Since(t0))
					}
				})
			}
		}
		for i, kn := range cfgs {
			fmt.Printf("n=%4d th=%d %-14s kc=%3d mc=%4d nc=%4d  %6.1f GFLOP/s\n", n, th, kn.name, kn.kc, kn.mc, kn.nc, 2*float64(n*n*n)/best[i].Seconds()/1e9)
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
