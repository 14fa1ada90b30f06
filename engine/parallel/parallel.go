// Package parallel runs loops over all cores. Engine ops split their outer
// dimension with For; the thread count follows GOMAXPROCS unless SetThreads
// overrides it (the trainer's --threads flag, benchmarks at equal threads).
package parallel

import (
	"fmt"
	"runtime"
	"runtime/debug"
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
//
// A panic in body reaches the caller, as errgroup carries errors back: a
// worker goroutine recovers it and For panics again on the caller's
// goroutine once every worker has stopped, with the first value and the
// worker's stack (the value is an error wrapping the original, which
// errors.Is and errors.As reach). Unrecovered in a worker, it would kill
// the process, whoever called For.
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
	var (
		wg    sync.WaitGroup
		first atomic.Pointer[workerPanic]
	)
	chunk := (n + w - 1) / w
	for lo := chunk; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			defer func() {
				if v := recover(); v != nil {
					first.CompareAndSwap(nil, &workerPanic{Value: v, Stack: debug.Stack()})
				}
			}()
			body(lo, hi)
		}(lo, hi)
	}
	func() {
		// The caller's own chunk: wait for the workers even if it panics,
		// so none outlives For.
		defer wg.Wait()
		body(0, min(chunk, n))
	}()
	if p := first.Load(); p != nil {
		panic(p)
	}
}

// workerPanic is what For panics with when body panicked on a worker
// goroutine: the original value and the worker's stack.
type workerPanic struct {
	Value any
	Stack []byte
}

func (p *workerPanic) Error() string {
	return fmt.Sprintf("%v [recovered in a parallel.For worker]\n\n%s", p.Value, p.Stack)
}

// Unwrap returns the original value when it is an error.
func (p *workerPanic) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}
