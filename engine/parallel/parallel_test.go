package parallel

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestForCoversEveryIndexOnce(t *testing.T) {
	for _, th := range []int{1, 2, 3, 7} {
		prev := SetThreads(th)
		for _, n := range []int{0, 1, 2, 5, 64, 1001} {
			hits := make([]int32, n)
			For(n, 1, func(lo, hi int) {
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&hits[i], 1)
				}
			})
			for i, h := range hits {
				if h != 1 {
					t.Fatalf("threads=%d n=%d: index %d visited %d times", th, n, i, h)
				}
			}
		}
		SetThreads(prev)
	}
}

// A panic on a worker goroutine reaches For's caller, after every worker
// has stopped, instead of killing the process.
func TestForPanicReachesCaller(t *testing.T) {
	prev := SetThreads(4)
	defer SetThreads(prev)
	sentinel := errors.New("boom")
	var running atomic.Int32
	got := func() (v any) {
		defer func() { v = recover() }()
		For(4, 1, func(lo, hi int) {
			running.Add(1)
			defer running.Add(-1)
			if lo == 3 { // a worker's chunk, not the caller's
				panic(sentinel)
			}
			time.Sleep(20 * time.Millisecond)
		})
		return nil
	}()
	wp, ok := got.(*workerPanic)
	if !ok {
		t.Fatalf("recovered %#v, want a *workerPanic", got)
	}
	if wp.Value != sentinel || !errors.Is(wp, sentinel) || !strings.Contains(wp.Error(), "boom") || !strings.Contains(string(wp.Stack), "TestForPanicReachesCaller") {
		t.Errorf("workerPanic = %v", wp)
	}
	if n := running.Load(); n != 0 {
		t.Errorf("%d bodies still running after For panicked", n)
	}
}
