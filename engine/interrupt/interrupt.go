// Package interrupt is the cancellation hook shared by the kernel and the
// engine's long-running compiled loops. The interpreter stops interpreted
// code on its own; compiled loops (training, generation, probes) must poll
// Requested or call Check between steps so that a notebook interrupt or
// Ctrl-C stops them within a step.
package interrupt

import (
	"errors"
	"sync/atomic"
)

// ErrInterrupted is what Check panics with and what loops return.
var ErrInterrupted = errors.New("interrupted")

var flag atomic.Bool

// Request asks every running engine loop to stop at its next check.
func Request() { flag.Store(true) }

// Reset clears a pending request; the kernel calls it before each cell.
func Reset() { flag.Store(false) }

// Requested reports whether a stop has been asked for.
func Requested() bool { return flag.Load() }

// Check panics with ErrInterrupted when a stop has been asked for. Loops that
// return errors should test Requested instead.
func Check() {
	if flag.Load() {
		panic(ErrInterrupted)
	}
}

var polling atomic.Int32

// Poll marks a compiled loop that polls Requested and returns what it has
// when asked to stop, until the returned function is called:
//
//	defer interrupt.Poll()()
//
// While such a loop runs, the kernel does not abandon an interrupted cell:
// it waits for the loop to return so that the statement that called it
// completes — `h := train.Fit(...)` binds the partial History — and stops
// the cell after that.
func Poll() (done func()) {
	polling.Add(1)
	var once atomic.Bool
	return func() {
		if once.CompareAndSwap(false, true) {
			polling.Add(-1)
		}
	}
}

// Polling reports whether a loop marked by Poll is running.
func Polling() bool { return polling.Load() > 0 }
