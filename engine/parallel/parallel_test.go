package parallel

import (
	"sync/atomic"
	"testing"
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
