package model

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// decJob is work split into per-worker shares: a decGroup (rows of
// matrix-vector products) or a decPhase (a layer's units).
type decJob interface {
	runPart(w int)
}

// decWorkers runs a job's shares on worker goroutines; worker 0 is the
// caller. A decode step hands out 8–20 jobs of tens to hundreds of
// microseconds each, so the hand-off must be cheap: a worker spins on a
// sequence number for a while (the next job usually follows within
// microseconds) and only then parks on a channel; the caller spins on the
// done count the same way.
type decWorkers struct {
	n    int
	seq  atomic.Int64    // bumped per group handed out; −1 = stop
	done atomic.Int64    // workers finished with the current group
	job  decJob          // written before seq is bumped
	wake []chan struct{} // one per worker, buffered 1
	idle []atomic.Bool   // worker i is (about to be) parked
	// waiting: the caller is (about to be) parked on finished.
	waiting  atomic.Bool
	finished chan struct{}
	once     sync.Once
}

// decSpin is how long a waiting side polls before it parks: long enough to
// bridge the serial work between two hand-offs of a step and the gap
// between steps (sampling, streaming), so that workers park only when the
// decoder sits idle. Waking a parked goroutine costs tens of microseconds
// here, and a 50 µs spin, which parked too often, made two threads slower
// than one (BENCHMARKS.md).
const decSpin = 5 * time.Millisecond

func newDecWorkers(n int) *decWorkers {
	w := &decWorkers{n: n, wake: make([]chan struct{}, n), idle: make([]atomic.Bool, n), finished: make(chan struct{}, 1)}
	for i := 1; i < n; i++ {
		w.wake[i] = make(chan struct{}, 1)
		go w.loop(i)
	}
	return w
}

// spin polls done until it reports true (it returns true) or decSpin
// passes (false). Every 64 polls it yields the processor, so that
// goroutines sharing it (more decode threads than GOMAXPROCS, a notebook's
// other work) still run.
func spin(done func() bool) bool {
	var t0 time.Time
	for polls := 1; ; polls++ {
		if done() {
			return true
		}
		if polls&63 != 0 {
			continue
		}
		runtime.Gosched()
		if t0.IsZero() {
			t0 = time.Now()
		} else if time.Since(t0) > decSpin {
			return false
		}
	}
}

func (w *decWorkers) loop(i int) {
	var last int64
	for {
		var s int64
		if !spin(func() bool { s = w.seq.Load(); return s != last }) {
			// Park: announce it, re-check (the caller may have bumped seq
			// before seeing idle), then wait for a wake token.
			w.idle[i].Store(true)
			if s = w.seq.Load(); s == last {
				<-w.wake[i]
				s = w.seq.Load()
			}
			w.idle[i].Store(false)
			if s == last { // a token left from an earlier group
				continue
			}
		}
		if s < 0 {
			return
		}
		last = s
		w.job.runPart(i)
		if w.done.Add(1) == int64(w.n-1) && w.waiting.Load() {
			select {
			case w.finished <- struct{}{}:
			default:
			}
		}
	}
}

func (w *decWorkers) run(g decJob) {
	w.done.Store(0)
	w.job = g
	w.seq.Add(1)
	for i := 1; i < w.n; i++ {
		if w.idle[i].Load() {
			select {
			case w.wake[i] <- struct{}{}:
			default:
			}
		}
	}
	g.runPart(0)
	want := int64(w.n - 1)
	if !spin(func() bool { return w.done.Load() == want }) {
		// Park until the last worker signals (tokens left over from an
		// earlier group only cause another check).
		w.waiting.Store(true)
		for w.done.Load() != want {
			<-w.finished
		}
		w.waiting.Store(false)
	}
}

// Close stops the decoder's worker goroutines (Threads > 1); the decoder
// must not be used afterwards. Decoders with one thread need no Close.
func (d *Decoder) Close() {
	if d.workers != nil {
		w := d.workers
		w.once.Do(func() {
			w.seq.Store(-1)
			for i := 1; i < w.n; i++ {
				select {
				case w.wake[i] <- struct{}{}:
				default:
				}
			}
		})
	}
}
