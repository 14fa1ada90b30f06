package data

import (
	"fmt"
	"strconv"
	"strings"
)

// Mix interleaves two batch sources: every Every-th batch comes from
// Replay, the others from Main. The chat stages use it to replay plain
// story text (a Sampler over the pretraining stream) between
// conversation batches, so that chat training does not erase what
// pretraining taught. A replayed batch has no Mask, which is how an
// objective tells it apart (see train.Stage.ReplayEvery).
type Mix struct {
	Main, Replay Batcher
	// Every > 1 is the period; Every ≤ 1 replays nothing.
	Every int
	n     int
}

// Next returns the next batch of the interleaving.
func (m *Mix) Next() *Batch {
	m.n++
	if m.Every > 1 && m.n%m.Every == 0 {
		return m.Replay.Next()
	}
	return m.Main.Next()
}

// State encodes the position and both sources' states as
// "mix:N;MAIN;REPLAY" (the sources' states contain no ';').
func (m *Mix) State() string {
	return "mix:" + strconv.Itoa(m.n) + ";" + m.Main.State() + ";" + m.Replay.State()
}

// Restore returns to a position State produced.
func (m *Mix) Restore(state string) error {
	rest, ok := strings.CutPrefix(state, "mix:")
	parts := strings.Split(rest, ";")
	if !ok || len(parts) != 3 {
		return fmt.Errorf("data: bad mixed sampler state %q (want mix:N;MAIN;REPLAY)", state)
	}
	n, err := strconv.Atoi(parts[0])
	if err != nil || n < 0 {
		return fmt.Errorf("data: bad mixed sampler position %q", parts[0])
	}
	if err := m.Main.Restore(parts[1]); err != nil {
		return err
	}
	if err := m.Replay.Restore(parts[2]); err != nil {
		return err
	}
	m.n = n
	return nil
}
