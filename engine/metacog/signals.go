package metacog

import (
	"fmt"
	"math"
	"strings"

	"trigo/engine/chatdata"
	"trigo/engine/model"
	"trigo/engine/probe"
	"trigo/engine/tensor"
)

// Routed reports whether m has a router over at least two pathways, so
// that router entropy is defined (vanilla models have none).
func Routed(m *model.Model) bool { return len(m.Pathways()) >= 2 }

// SignalsFor lists the probe signals that apply to m: all four
// (probe.Signals) for routed models, and all but router_entropy_mean for
// vanilla ones, which have no router.
func SignalsFor(m *model.Model) []string {
	if Routed(m) {
		return append([]string(nil), probe.Signals...)
	}
	var out []string
	for _, s := range probe.Signals {
		if s != probe.SignalRouterEntropy {
			out = append(out, s)
		}
	}
	return out
}

// NotApplicable explains the signals SignalsFor leaves out for m, one
// sentence each ("" when none).
func NotApplicable(m *model.Model) string {
	if Routed(m) {
		return ""
	}
	return fmt.Sprintf("%s: not applicable — %s is a vanilla transformer and has no router.", probe.SignalRouterEntropy, m.Spec.Name)
}

// ChatInput is what the probe and the decoder feed the model for one user
// message: the bytes of chatdata.UserPrompt(msg) ("<user> MSG\n<assistant> ",
// newlines in msg turned into spaces), with the message cut so that the
// whole fits the model's context, and the span of positions whose next
// byte is a message byte or the newline that closes it.
type ChatInput struct {
	// IDs are the prompt bytes as model inputs.
	IDs []int
	// MsgFrom and MsgTo bound the message positions [MsgFrom, MsgTo):
	// position t predicts byte t+1, a message byte or its closing '\n'.
	MsgFrom, MsgTo int
}

// NewChatInput builds the ChatInput of msg for a model with the given
// context length.
func NewChatInput(msg string, context int) ChatInput {
	msg = strings.ReplaceAll(msg, "\n", " ")
	room := context - len(chatdata.UserTag) - len(chatdata.EndOfTurn) - len(chatdata.AssistantTag)
	if room < 1 {
		room = 1
	}
	if len(msg) > room {
		msg = msg[:room]
	}
	p := chatdata.UserPrompt(msg)
	ids := make([]int, len(p))
	for i, c := range p {
		ids[i] = int(c)
	}
	from := len(chatdata.UserTag) - 1
	return ChatInput{IDs: ids, MsgFrom: from, MsgTo: from + len(msg) + 1}
}

// Signals computes the probe signals of each message (probe.Signals, or
// SignalsFor(m)), oriented so that larger means more out-of-domain:
//
//   - max_softmax_mean: 1 − the mean, over the message positions, of the
//     largest next-byte probability;
//   - token_entropy_mean: the mean next-byte entropy (nats) over the
//     message positions;
//   - router_entropy_mean: the router entropy (nats) averaged over the
//     routed layers and every prompt position — the quantity the
//     metacognition loss trains (routed models only);
//   - abstain_p: sigmoid of the abstain head on the mean final hidden
//     state over the prompt, as in training.
//
// "Prompt" is the whole chat prompt of NewChatInput; "message positions"
// are the ones predicting the user's own bytes, so that the fixed template
// bytes do not dilute the next-byte signals. Messages run in batches of
// batch (≤ 0: 16) without gradients.
func Signals(m *model.Model, msgs []string, batch int) []map[string]float64 {
	if batch <= 0 {
		batch = 16
	}
	routed := Routed(m)
	out := make([]map[string]float64, len(msgs))
	for lo := 0; lo < len(msgs); lo += batch {
		hi := min(lo+batch, len(msgs))
		ins := make([]ChatInput, hi-lo)
		for i := range ins {
			ins[i] = NewChatInput(msgs[lo+i], m.Spec.Context)
		}
		for i, s := range batchSignals(m, ins, routed) {
			out[lo+i] = s
		}
	}
	return out
}

func batchSignals(m *model.Model, ins []ChatInput, routed bool) []map[string]float64 {
	B, T := len(ins), 1
	for _, in := range ins {
		T = max(T, len(in.IDs))
	}
	ids := make([]int, B*T)
	mask := make([]float32, B*T)
	for i, in := range ins {
		for t := 0; t < T; t++ {
			if t < len(in.IDs) {
				ids[i*T+t] = in.IDs[t]
				mask[i*T+t] = 1
			} else {
				ids[i*T+t] = '\n'
			}
		}
	}
	res := make([]map[string]float64, B)
	tensor.NoGrad(func() {
		o := m.Forward(ids, B, T)
		ab := m.AbstainLogits(o.Hidden, mask)
		V := m.Spec.Vocab
		for i, in := range ins {
			var top, ent float64
			for t := in.MsgFrom; t < in.MsgTo; t++ {
				p, h := maxProbEntropy(o.Logits.Data[(i*T+t)*V : (i*T+t+1)*V])
				top += p
				ent += h
			}
			n := float64(in.MsgTo - in.MsgFrom)
			s := map[string]float64{
				probe.SignalMaxSoftmax:   1 - top/n,
				probe.SignalTokenEntropy: ent / n,
				probe.SignalAbstainP:     1 / (1 + math.Exp(-float64(ab.Data[i]))),
			}
			if routed {
				var re float64
				for _, e := range o.RouterEntropy {
					for t := 0; t < len(in.IDs); t++ {
						re += float64(e.Data[i*T+t])
					}
				}
				s[probe.SignalRouterEntropy] = re / float64(len(o.RouterEntropy)*len(in.IDs))
			}
			res[i] = s
		}
	})
	return res
}

// maxProbEntropy returns the largest softmax probability of logits and
// the softmax's entropy in nats, in float64.
func maxProbEntropy(logits []float32) (pmax, entropy float64) {
	mx := math.Inf(-1)
	for _, v := range logits {
		mx = math.Max(mx, float64(v))
	}
	var z, zx float64
	for _, v := range logits {
		x := float64(v) - mx
		e := math.Exp(x)
		z += e
		zx += e * x
	}
	// H = log z − Σ e·x / z with x = logit − max; the top probability is 1/z.
	return 1 / z, math.Log(z) - zx/z
}

// Probe runs Signals over a prompt set and returns one probe.Record per
// prompt (ID, Regime, Group, signals), ready for probe.CrossRegime/PerRegime.
func Probe(m *model.Model, prompts []probe.Prompt) []probe.Record {
	msgs := make([]string, len(prompts))
	for i, p := range prompts {
		msgs[i] = p.Prompt
	}
	sig := Signals(m, msgs, 0)
	recs := make([]probe.Record, len(prompts))
	for i, p := range prompts {
		recs[i] = probe.Record{ID: p.ID, Regime: p.Regime, Group: p.Group, Signals: sig[i]}
	}
	return recs
}
