package data

import (
	"fmt"
	"strconv"
)

// Batch is B sequences of T positions, row-major: Inputs[b·T+t] predicts
// Targets[b·T+t]. Mask (nil = every position) weights the loss per
// position; later stages (chat SFT) set it to train on some bytes only.
type Batch struct {
	// Inputs are the byte ids fed to the model, len B·T.
	Inputs []int
	// Targets are the next bytes, len B·T.
	Targets []int
	// Mask weights each position's loss (len B·T); nil means all ones.
	Mask []float32
	// PromptMask marks prompt positions (len B·T) for heads that pool over
	// the prompt (abstain); nil when unused.
	PromptMask []float32
	// Labels holds one label per sequence (len B), e.g. needs-facts = 1;
	// nil when unused.
	Labels []float32
	// B and T are the batch size and sequence length.
	B, T int
}

// Window returns the batch whose rows are stream[off : off+T+1] for each
// offset in offs.
func Window(stream []byte, offs []int, T int) *Batch {
	b := &Batch{B: len(offs), T: T, Inputs: make([]int, len(offs)*T), Targets: make([]int, len(offs)*T)}
	for r, off := range offs {
		if off < 0 || off+T+1 > len(stream) {
			panic(fmt.Sprintf("data.Window: offset %d with T=%d outside a stream of %d bytes", off, T, len(stream)))
		}
		for t := 0; t < T; t++ {
			b.Inputs[r*T+t] = int(stream[off+t])
			b.Targets[r*T+t] = int(stream[off+t+1])
		}
	}
	return b
}

// Batcher produces training batches and can save and restore its position
// so that a resumed run sees exactly the batches it would have seen.
type Batcher interface {
	// Next returns the next batch.
	Next() *Batch
	// State encodes the position as a string (checkpoint metadata).
	State() string
	// Restore returns to a position State produced.
	Restore(state string) error
}

// Sampler draws B windows of T+1 bytes at uniformly random offsets.
type Sampler struct {
	stream []byte
	// B and T are the batch size and window length.
	B, T int
	rng  RNG
}

// NewSampler returns a sampler over stream seeded by seed. It panics when
// the stream is shorter than one window (see CheckWindow).
func NewSampler(stream []byte, B, T int, seed uint64) *Sampler {
	if err := CheckWindow("stream", stream, T); err != nil {
		panic(err.Error())
	}
	return &Sampler{stream: stream, B: B, T: T, rng: NewRNG(seed)}
}

// Next draws the next batch.
func (s *Sampler) Next() *Batch {
	offs := make([]int, s.B)
	span := len(s.stream) - s.T // valid offsets are [0, span)
	for i := range offs {
		offs[i] = s.rng.Intn(span)
	}
	return Window(s.stream, offs, s.T)
}

// State is the generator state in decimal.
func (s *Sampler) State() string { return strconv.FormatUint(s.rng.State, 10) }

// Restore sets the generator state from State's string.
func (s *Sampler) Restore(state string) error {
	v, err := strconv.ParseUint(state, 10, 64)
	if err != nil {
		return fmt.Errorf("data: bad sampler state %q: %w", state, err)
	}
	s.rng.State = v
	return nil
}

// EvalWindows cuts n batches of B windows of T+1 bytes spread evenly over
// stream (fewer when the stream is short). The same stream always gives
// the same windows, so validation losses compare across runs.
func EvalWindows(stream []byte, B, T, n int) []*Batch {
	span := len(stream) - T
	if span <= 0 || B <= 0 || n <= 0 {
		return nil
	}
	total := min(B*n, span)
	offs := make([]int, total)
	for i := range offs {
		offs[i] = int(int64(i) * int64(span) / int64(total))
	}
	var out []*Batch
	for lo := 0; lo < total; lo += B {
		out = append(out, Window(stream, offs[lo:min(lo+B, total)], T))
	}
	return out
}

// RNG is a SplitMix64 generator: one uint64 of state, so a checkpoint can
// store it and a resumed run continues the same sequence.
type RNG struct {
	// State is the whole generator state.
	State uint64
}

// NewRNG returns a generator seeded by seed.
func NewRNG(seed uint64) RNG { return RNG{State: seed ^ 0x9e3779b97f4a7c15} }

// Uint64 returns the next 64 random bits.
func (r *RNG) Uint64() uint64 {
	r.State += 0x9e3779b97f4a7c15
	z := r.State
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Intn returns a uniform integer in [0, n); n must be positive.
func (r *RNG) Intn(n int) int {
	if n <= 0 {
		panic(fmt.Sprintf("data.RNG.Intn: n = %d must be positive", n))
	}
	// Rejection sampling removes the modulo bias.
	max := ^uint64(0) - ^uint64(0)%uint64(n)
	for {
		if v := r.Uint64(); v < max {
			return int(v % uint64(n))
		}
	}
}

// Float64 returns a uniform value in [0, 1).
func (r *RNG) Float64() float64 { return float64(r.Uint64()>>11) / (1 << 53) }

// TextWindows cuts stream into consecutive, non-overlapping windows of T+1
// bytes (inputs stream[kT : kT+T], targets shifted by one) grouped into
// batches of at most B rows, so that every byte but the first and the
// last partial window's is predicted exactly once: the per-byte loss over
// a whole held-out text. A stream shorter than T+1 bytes gives one
// shorter window; an empty or one-byte stream gives none.
func TextWindows(stream []byte, B, T int) []*Batch {
	if B <= 0 || T <= 0 || len(stream) < 2 {
		return nil
	}
	T = min(T, len(stream)-1)
	var offs []int
	for off := 0; off+T+1 <= len(stream); off += T {
		offs = append(offs, off)
	}
	var out []*Batch
	for lo := 0; lo < len(offs); lo += B {
		out = append(out, Window(stream, offs[lo:min(lo+B, len(offs))], T))
	}
	return out
}
