package metacog

import (
	"trigo/engine/chatdata"
	"trigo/engine/model"
	"trigo/engine/tensor"
	"trigo/internal/vec"
)

// MaxReply is the default limit of a generated reply in bytes: the
// abstain template (59 bytes) and its newline fit with room to spare.
const MaxReply = 96

// Greedy continues each prompt (byte ids) with the most likely next byte
// until the model writes '\n' (kept), maxNew bytes (≤ 0: MaxReply) are
// written, or the context is full, and returns the new bytes of each.
// Ties between bytes go to the lower byte value.
//
// It runs the incremental decoder (model.Decoder: KV cache, conv history,
// SSM state), one byte a step, whose logits equal Model.Forward's up to
// float32 summation order; GreedyForward is the same loop over full
// forward passes, the reference the tests compare it with.
func Greedy(m *model.Model, prompts [][]int, maxNew int) [][]byte {
	if maxNew <= 0 {
		maxNew = MaxReply
	}
	d := m.NewDecoder(model.DecodeOptions{})
	defer d.Close()
	out := make([][]byte, len(prompts))
	for i, p := range prompts {
		if len(p) == 0 || len(p) > d.MaxLen() {
			continue
		}
		d.Reset()
		logits := d.Feed(p)
		for n := 0; n < maxNew; n++ {
			next := vec.Argmax(logits)
			out[i] = append(out[i], byte(next))
			if next == '\n' || d.Pos() >= d.MaxLen() {
				break
			}
			logits = d.Step(next)
		}
	}
	return out
}

// GreedyForward is Greedy computed with full forward passes: the prompts
// run as one batch, padded on the right (the models are causal, so
// padding never changes the positions before it), and each step re-runs
// the forward pass over the rows still writing. It is slower; tests use
// it as the reference for Greedy.
func GreedyForward(m *model.Model, prompts [][]int, maxNew int) [][]byte {
	if maxNew <= 0 {
		maxNew = MaxReply
	}
	seqs := make([][]int, len(prompts))
	for i, p := range prompts {
		seqs[i] = append([]int(nil), p...)
	}
	out := make([][]byte, len(prompts))
	active := make([]int, 0, len(prompts))
	for i := range prompts {
		if len(seqs[i]) > 0 && len(seqs[i]) <= m.Spec.Context {
			active = append(active, i)
		}
	}
	V := m.Spec.Vocab
	for step := 0; step < maxNew && len(active) > 0; step++ {
		B, T := len(active), 1
		for _, i := range active {
			T = max(T, len(seqs[i]))
		}
		ids := make([]int, B*T)
		for r, i := range active {
			for t := 0; t < T; t++ {
				if t < len(seqs[i]) {
					ids[r*T+t] = seqs[i][t]
				} else {
					ids[r*T+t] = '\n'
				}
			}
		}
		var next []int
		tensor.NoGrad(func() {
			lg := m.Forward(ids, B, T).Logits.Data
			next = make([]int, B)
			for r, i := range active {
				next[r] = vec.Argmax(lg[(r*T+len(seqs[i])-1)*V : (r*T+len(seqs[i]))*V])
			}
		})
		still := active[:0]
		for r, i := range active {
			seqs[i] = append(seqs[i], next[r])
			out[i] = append(out[i], byte(next[r]))
			if next[r] != '\n' && len(seqs[i]) <= m.Spec.Context {
				still = append(still, i)
			}
		}
		active = still
	}
	return out
}

// Replies answers each user message with a greedy reply in the chat
// template (NewChatInput, then Greedy) and returns the replies, cut at
// the first newline and trimmed (chatdata.Reply).
func Replies(m *model.Model, msgs []string, maxNew int) []string {
	prompts := make([][]int, len(msgs))
	for i, msg := range msgs {
		prompts[i] = NewChatInput(msg, m.Spec.Context).IDs
	}
	gen := Greedy(m, prompts, maxNew)
	out := make([]string, len(msgs))
	for i, g := range gen {
		out[i] = chatdata.Reply(g)
	}
	return out
}

// Reply answers one user message (see Replies).
func Reply(m *model.Model, msg string) string { return Replies(m, []string{msg}, 0)[0] }
