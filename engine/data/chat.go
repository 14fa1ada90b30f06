package data

import (
	"fmt"
	"sort"
	"strconv"

	"trigo/engine/chatdata"
)

// ChatRow is one conversation ready for batching: its bytes in the chat
// template, the loss mask of assistant bytes, the length of the prompt
// that precedes the last assistant reply, and the needs-facts label.
type ChatRow struct {
	// Text is the rendered conversation (chatdata.Render).
	Text []byte
	// Mask is 1 on assistant text bytes and their closing newline.
	Mask []byte
	// Prompt is len(Example.Prompt()): Text[:Prompt] is what the model
	// sees before it writes the last reply.
	Prompt int
	// Label is Example.NeedsFacts (1 = needs facts, out of capability).
	Label float32
}

// ChatRows renders examples into rows. It returns an error naming the
// example when one does not render.
func ChatRows(examples []chatdata.Example) ([]ChatRow, error) {
	rows := make([]ChatRow, len(examples))
	for i, e := range examples {
		text, mask, err := e.Render()
		if err != nil {
			return nil, fmt.Errorf("data: chat example %d: %w", i, err)
		}
		if len(text) < 2 {
			return nil, fmt.Errorf("data: chat example %d renders to %d bytes", i, len(text))
		}
		rows[i] = ChatRow{Text: text, Mask: mask, Prompt: len(e.Prompt()), Label: float32(e.NeedsFacts)}
	}
	return rows, nil
}

// ChatBatch packs rows into one batch, one conversation per row, so that
// the abstain head can pool over each row's prompt:
//
//   - T is the longest row's length − 1, capped at maxT; longer rows are
//     cut to their first maxT+1 bytes.
//   - Inputs[b·T+t] = Text[t], Targets[b·T+t] = Text[t+1], weighted by
//     Mask[t+1] (assistant bytes only: the chat-SFT loss).
//   - PromptMask[b·T+t] = 1 for t < Prompt (the prompt's input positions).
//   - Labels[b] = Label.
//
// Short rows are padded on the right with '\n' and mask 0; the models are
// causal, so padding never changes the positions before it.
func ChatBatch(rows []ChatRow, maxT int) *Batch {
	if len(rows) == 0 || maxT <= 0 {
		panic(fmt.Sprintf("data.ChatBatch: %d rows, maxT %d", len(rows), maxT))
	}
	T := 1
	for _, r := range rows {
		T = max(T, min(len(r.Text)-1, maxT))
	}
	B := len(rows)
	b := &Batch{B: B, T: T, Inputs: make([]int, B*T), Targets: make([]int, B*T),
		Mask: make([]float32, B*T), PromptMask: make([]float32, B*T), Labels: make([]float32, B)}
	for i, r := range rows {
		n := min(len(r.Text)-1, T)
		for t := 0; t < T; t++ {
			j := i*T + t
			if t >= n {
				b.Inputs[j] = '\n'
				continue
			}
			b.Inputs[j] = int(r.Text[t])
			b.Targets[j] = int(r.Text[t+1])
			b.Mask[j] = float32(r.Mask[t+1])
			if t < r.Prompt {
				b.PromptMask[j] = 1
			}
		}
		b.Labels[i] = r.Label
	}
	return b
}

// ChatSampler draws batches of B conversations at random (with
// replacement) from a fixed set of rows. Its state is one RNG word, so a
// resumed run sees the batches an uninterrupted one would have.
//
// By default every row is equally likely and rows are independent. With
// ByLength, a batch is B rows drawn from a window of about 4·B rows of
// similar length around a random anchor, so that little of each batch is
// padding (conversations run from ~40 to ~540 bytes); rows stay about
// equally likely, but a batch holds conversations of one length class.
type ChatSampler struct {
	rows []ChatRow
	B, T int
	rng  RNG
	// ByLength, when set, draws each batch among rows of similar length.
	ByLength bool
	order    []int // row indices sorted by length (ByLength)
}

// NewChatSampler returns a sampler over rows with batches of B rows of at
// most T positions, seeded by seed. It panics when rows is empty or B or
// T is not positive.
func NewChatSampler(rows []ChatRow, B, T int, seed uint64) *ChatSampler {
	if len(rows) == 0 || B <= 0 || T <= 0 {
		panic(fmt.Sprintf("data.NewChatSampler: %d rows, B=%d, T=%d", len(rows), B, T))
	}
	return &ChatSampler{rows: rows, B: B, T: T, rng: NewRNG(seed)}
}

// Next draws the next batch.
func (s *ChatSampler) Next() *Batch {
	pick := make([]ChatRow, s.B)
	if !s.ByLength {
		for i := range pick {
			pick[i] = s.rows[s.rng.Intn(len(s.rows))]
		}
		return ChatBatch(pick, s.T)
	}
	if s.order == nil {
		s.order = make([]int, len(s.rows))
		for i := range s.order {
			s.order[i] = i
		}
		sort.SliceStable(s.order, func(a, b int) bool { return len(s.rows[s.order[a]].Text) < len(s.rows[s.order[b]].Text) })
	}
	w := min(4*s.B, len(s.rows))
	lo := s.rng.Intn(len(s.rows) - w + 1)
	for i := range pick {
		pick[i] = s.rows[s.order[lo+s.rng.Intn(w)]]
	}
	return ChatBatch(pick, s.T)
}

// State is the generator state in decimal.
func (s *ChatSampler) State() string { return strconv.FormatUint(s.rng.State, 10) }

// Restore sets the generator state from State's string.
func (s *ChatSampler) Restore(state string) error {
	v, err := strconv.ParseUint(state, 10, 64)
	if err != nil {
		return fmt.Errorf("data: bad chat sampler state %q: %w", state, err)
	}
	s.rng.State = v
	return nil
}

// ChatEval cuts rows, ordered by length (stable), into consecutive
// batches of B (the last may be smaller) for validation, so that batches
// carry little padding; the same rows always give the same batches.
func ChatEval(rows []ChatRow, B, T int) []*Batch {
	sorted := append([]ChatRow(nil), rows...)
	sort.SliceStable(sorted, func(a, b int) bool { return len(sorted[a].Text) < len(sorted[b].Text) })
	var out []*Batch
	for lo := 0; lo < len(sorted) && B > 0; lo += B {
		out = append(out, ChatBatch(sorted[lo:min(lo+B, len(sorted))], T))
	}
	return out
}
