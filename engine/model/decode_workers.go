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
//
// Each share is claimed before it runs, by its worker or, once the caller
// has finished its own, by the caller: a worker the OS has not scheduled
// (another process holds the core) costs a share run serially instead of
// a wait for its time slice.
type decWorkers struct {
	n     int
	seq   atomic.Int64    // bumped per job handed out; −1 = stop
	done  atomic.Int64    // shares of the current job finished
	claim []atomic.Bool   // share i taken (reset before seq is bumped)
	job   decJob          // written before seq is bumped
	wake  []chan struct{} // one per worker, buffered 1
	idle  []atomic.Bool   // worker i is (about to be) parked
	// waiting: the caller is (about to be) parked on finished.
	waiting  atomic.Bool
	finished chan struct{}
	once     sync.Once
	// serialUntil: the caller runs every share itself until then, after
	// a worker kept it waiting longer than decLate; serialFor is how long
	// (doubling while lateness recurs), sinceLate counts parallel jobs.
	serialUntil time.Time
	rest        atomic.Bool // workers park instead of spinning (serial period)
	serialFor   time.Duration
	sinceLate   int
}

// late starts a serial period: decSerial after an isolated late wait,
// twice the previous one (up to 256×, 2.56 s) when workers were late again within
// 256 parallel jobs, so that a machine that stays busy is probed rarely.
func (w *decWorkers) late() {
	if w.sinceLate < 256 && w.serialFor > 0 {
		w.serialFor = min(2*w.serialFor, 256*decSerial)
	} else {
		w.serialFor = decSerial
	}
	w.serialUntil = time.Now().Add(w.serialFor)
	w.sinceLate = 0
	w.rest.Store(true) // park now: a spinning worker takes CPU the caller needs
}

// A wait for workers longer than decLate, when shares are balanced to a
// few microseconds, means a worker lost its core to another process
// (the OS preempted it mid-share, which stealing cannot help); the caller
// then runs jobs alone for a while (late) before trying workers again.
// Idle, this VM shows waits of 50–400 µs in about one job of a hundred;
// a preempted worker costs 4 ms. With the other core busy, two threads
// then decode at 0.86× one thread's speed instead of 0.45× (BENCHMARKS.md).
const (
	decLate   = time.Millisecond
	decSerial = 10 * time.Millisecond
)

// decSpin is how long a waiting side polls before it parks: long enough to
// bridge the serial work between two hand-offs of a step and the gap
// between steps (sampling, streaming), so that workers park only when the
// decoder sits idle. Waking a parked goroutine costs tens of microseconds
// here, and a 50 µs spin, which parked too often, made two threads slower
// than one (BENCHMARKS.md).
const decSpin = 5 * time.Millisecond

func newDecWorkers(n int) *decWorkers {
	w := &decWorkers{n: n, wake: make([]chan struct{}, n), idle: make([]atomic.Bool, n), claim: make([]atomic.Bool, n), finished: make(chan struct{}, 1)}
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
		if !spin(func() bool { s = w.seq.Load(); return s != last || w.rest.Load() }) || s == last {
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
		if !w.claim[i].CompareAndSwap(false, true) {
			continue // the caller ran it
		}
		w.job.runPart(i)
		if w.done.Add(1) == int64(w.n) && w.waiting.Load() {
			select {
			case w.finished <- struct{}{}:
			default:
			}
		}
	}
}

func (w *decWorkers) run(g decJob) {
	if time.Now().Before(w.serialUntil) {
		for i := range w.n {
			g.runPart(i)
		}
		return
	}
	w.sinceLate++
	w.rest.Store(false)
	w.done.Store(0)
	w.job = g
	for i := 1; i < w.n; i++ {
		w.claim[i].Store(false)
	}
	w.seq.Add(1)
	woke := false // waking a parked worker is slow once, not a sign of load
	for i := 1; i < w.n; i++ {
		if w.idle[i].Load() {
			woke = true
			select {
			case w.wake[i] <- struct{}{}:
			default:
			}
		}
	}
	g.runPart(0)
	ran := int64(1)
	for i := 1; i < w.n; i++ {
		if w.claim[i].CompareAndSwap(false, true) {
			g.runPart(i)
			ran++
		}
	}
	want := int64(w.n)
	if w.done.Add(ran) == want {
		return
	}
	t0 := time.Now()
	defer func() {
		if !woke && time.Since(t0) > decLate {
			w.late()
		}
	}()
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
