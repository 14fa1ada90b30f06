package exec

import (
	"context"
	"reflect"
	"time"

	"github.com/traefik/yaegi/interp"

	"trigo/engine/interrupt"
)

// How long an interrupted cell may go on. An engine loop marked with
// interrupt.Poll stops at its next check, which can be a training step
// away: it gets up to pollWait to return. After that the statement that
// called it gets up to finishGrace to complete (an assignment takes
// microseconds; the slack is for a loaded machine) before the interpreter
// is stopped.
var (
	pollWait    = 60 * time.Second
	finishGrace = 250 * time.Millisecond
)

// execute runs prog until it ends or ctx is cancelled (an interrupt).
// Yaegi abandons a cancelled program at once: when the cell is inside a
// compiled call, the call's result is dropped when it returns, so
// `h := train.Fit(...)` left h nil. So the interpreter runs under its own
// context, and on an interrupt execute asks engine loops to stop and, while
// one marked with interrupt.Poll is running, lets it return and its
// statement complete before cancelling the interpreter. The cell is
// reported interrupted even when it then ran to its end.
func (in *Interp) execute(ctx context.Context, prog *interp.Program) (reflect.Value, error) {
	inner, cancel := context.WithCancel(context.Background())
	defer cancel()
	finished := make(chan struct{})
	watched := make(chan struct{})
	interrupted := false // written by the watcher before watched closes
	go func() {
		defer close(watched)
		select {
		case <-finished:
			return
		case <-ctx.Done():
		}
		interrupted = true
		interrupt.Request()
		if interrupt.Polling() {
			deadline := time.After(pollWait)
			tick := time.NewTicker(2 * time.Millisecond)
		wait:
			for interrupt.Polling() {
				select {
				case <-finished:
					break wait
				case <-deadline:
					break wait
				case <-tick.C:
				}
			}
			tick.Stop()
			select {
			case <-finished:
			case <-time.After(finishGrace):
			}
		}
		cancel()
	}()
	v, err := in.yi.ExecuteWithContext(inner, prog)
	close(finished)
	<-watched
	if interrupted {
		return v, ctx.Err() // run reports it as an interrupt
	}
	return v, err
}
