// Package parallel runs loops over all cores. Engine ops split their outer
// dimension with For; the thread count follows GOMAXPROCS unless SetThreads
// overrides it (the trainer's --threads flag, benchmarks at equal threads).
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

var threads atomic.Int32

// Threads reports how many goroutines For uses at most.
func Threads() int {
	if t := threads.Load(); t > 0 {
		return int(t)
	}
	return runtime.GOMAXPROCS(0)
}

// SetThreads fixes the number of worker goroutines; n <= 0 restores the
// default (GOMAXPROCS). It returns the previous setting.
func SetThreads(n int) int {
	prev := Threads()
	if n < 0 {
		n = 0
	}
	threads.Store(int32(n))
	return prev
}

// For calls body over [0, n) split into contiguous chunks, one per worker,
// and returns when all are done. minChunk is the smallest range worth a
// goroutine of its own; small loops run inline on the caller's goroutine.
func For(n, minChunk int, body func(lo, hi int)) {
	if n <= 0 {
		return
	}
	if minChunk < 1 {
		minChunk = 1
	}
	w := Threads()
	if max := (n + minChunk - 1) / minChunk; w > max {
		w = max
	}
	if w <= 1 {
		body(0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + w - 1) / w
	for lo := chunk; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			body(lo, hi)
		}(lo, hi)
	}
	body(0, min(chunk, n))
	wg.Wait()
}
