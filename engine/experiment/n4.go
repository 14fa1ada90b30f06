package experiment

import (
	"fmt"
	"strings"

	"trigo/engine/chatdata"
	"trigo/engine/data"
	"trigo/engine/metacog"
	"trigo/engine/model"
	"trigo/engine/probe"
	"trigo/engine/train"
)

// N4's fine-tuning budget: chat-sft (no metacognition term: λ = 0) from the
// pretrained checkpoint, N4Steps AdamW steps of N4Batch conversations of at
// most N4SeqLen bytes, drawn from N4Examples generated conversations.
const (
	N4Steps    = 80
	N4Batch    = 8
	N4SeqLen   = 256
	N4LR       = 1e-3
	N4Warmup   = 10
	N4Seed     = 1
	N4Examples = 4000
	// N4EvalExamples is the number of validation conversations.
	N4EvalExamples = 64
	// N4Windows is the number of valid.bin windows of N4WindowLen bytes in
	// the fixed text set (with the probe prompts) whose routing is compared.
	N4Windows   = 16
	N4WindowLen = 128
)

// n4ReplyRegimes are the OOD regimes whose first probe prompt is answered
// greedily before and after fine-tuning.
var n4ReplyRegimes = []string{probe.RegimeFactual, probe.RegimeCode, probe.RegimeForeign}

// n4State is what N4 measures on one model.
type n4State struct {
	rt      *Routing
	probe   probeRun
	replies []string
}

func measureN4(m *model.Model, seqs [][]int, ps []probe.Prompt, msgs []string) (n4State, error) {
	rt, err := Route(m, seqs)
	if err != nil {
		return n4State{}, err
	}
	return n4State{rt: rt, probe: runProbe(m, ps), replies: metacog.Replies(m, msgs, 0)}, nil
}

// runN4 fine-tunes the pretrained lite model with chat-sft (λ = 0) and
// compares the routing on a fixed text set before and after — KL of the
// per-layer pathway usage and mean per-position KL — and the OOD picture:
// AUROC of router entropy and max_softmax_mean, token entropy on OOD
// prompts, and a few greedy replies to OOD prompts.
func runN4(r *Report, o *Options) error {
	steps := N4Steps
	if o.Steps > 0 {
		steps = o.Steps
	}
	ps, err := loadPrompts(o, ProbeFile, 0)
	if err != nil {
		return err
	}
	ds, err := data.Load(o.Data)
	if err != nil {
		return err
	}
	before, err := o.load(r, "start", o.Pretrain)
	if err != nil {
		return err
	}
	if !metacog.Routed(before.Model) {
		return fmt.Errorf("%s has no router", before.Path)
	}
	ft, err := metacog.LoadCheckpoint(o.Pretrain)
	if err != nil {
		return err
	}

	// The fixed text set: valid.bin windows and the probe prompts as the
	// chat model sees them.
	var seqs [][]int
	for _, b := range data.EvalWindows(ds.Valid, N4Windows, N4WindowLen, 1) {
		for i := 0; i < b.B; i++ {
			seqs = append(seqs, b.Inputs[i*b.T:(i+1)*b.T])
		}
	}
	nWin := len(seqs)
	for _, p := range ps {
		seqs = append(seqs, metacog.NewChatInput(p.Prompt, before.Model.Spec.Context).IDs)
	}
	var replyPs []probe.Prompt
	for _, reg := range n4ReplyRegimes {
		for _, p := range ps {
			if p.Regime == reg {
				replyPs = append(replyPs, p)
				break
			}
		}
	}
	msgs := make([]string, len(replyPs))
	for i, p := range replyPs {
		msgs[i] = p.Prompt
	}

	st := train.Stage{Name: train.StageChatSFT, Examples: N4Examples, DataSeed: N4Seed, EvalExamples: N4EvalExamples, MetacogWeight: 0}
	to, err := st.Apply(ft.Model, train.Options{Steps: steps, BatchSize: N4Batch, SeqLen: N4SeqLen, LR: N4LR, Warmup: N4Warmup,
		Seed: N4Seed, Threads: o.Threads, EvalEvery: -1})
	if err != nil {
		return err
	}
	r.info("fine-tuning", fmt.Sprintf("stage chat-sft, λ (metacog weight) = 0: %s; %d AdamW steps of %d conversations ≤ %d bytes, lr %g, warm-up %d, seed %d, %d threads",
		st.Describe(), steps, N4Batch, N4SeqLen, N4LR, N4Warmup, N4Seed, o.Threads))
	r.info("text set", fmt.Sprintf("%d windows of %d bytes spread over `%s/valid.bin` and the %d prompts of `prompts/%s` in the chat template (%d sequences, one forward pass each)",
		nWin, N4WindowLen, o.rel(o.Data), len(ps), ProbeFile, len(seqs)))

	o.logf("n4: measuring before fine-tuning")
	pre, err := measureN4(before.Model, seqs, ps, msgs)
	if err != nil {
		return err
	}
	chatBefore := train.Evaluate(ft.Model, to.Eval, to.Objective)
	o.logf("n4: chat-sft, %d steps", steps)
	tr, err := train.NewTrainer(ft.Model, "", to)
	if err != nil {
		return err
	}
	h, err := tr.Loop()
	if err != nil {
		return err
	}
	chatAfter := h.ValLoss[len(h.ValLoss)-1]
	o.logf("n4: measuring after fine-tuning")
	post, err := measureN4(ft.Model, seqs, ps, msgs)
	if err != nil {
		return err
	}

	ub, ua := pre.rt.Usage(), post.rt.Usage()
	ukl, err := UsageKL(ub, ua)
	if err != nil {
		return err
	}
	tkl, err := TokenKL(pre.rt, post.rt)
	if err != nil {
		return err
	}
	eb, ea := pre.rt.Entropy(), post.rt.Entropy()
	paths := before.Model.Pathways()

	var b strings.Builder
	fmt.Fprintf(&b, "## Routing before and after\n\nMean router weight per pathway (%s) over the text set; KL in nats. "+
		"usage KL = KL(usage before ‖ usage after); position KL = mean over positions of KL(router before ‖ router after) at that position.\n\n"+
		"| layer | usage before | usage after | usage KL | position KL | router entropy before → after |\n|---:|---|---|---:|---:|---|\n",
		strings.Join(paths, " / "))
	vec := func(u []float64) string {
		s := make([]string, len(u))
		for i, v := range u {
			s[i] = fmt.Sprintf("%.3f", v)
		}
		return strings.Join(s, " / ")
	}
	maxShift, maxLayer := 0.0, 0
	for l := range ub {
		fmt.Fprintf(&b, "| %d | %s | %s | %.5f | %.5f | %.4f → %.4f |\n", l, vec(ub[l]), vec(ua[l]), ukl[l], tkl[l], eb[l], ea[l])
		for p := range ub[l] {
			if d := ua[l][p] - ub[l][p]; d*d > maxShift*maxShift {
				maxShift, maxLayer = d, l
			}
		}
		r.add(fmt.Sprintf("n4.usage_kl.layer%d", l), ukl[l], 1e-4)
		r.add(fmt.Sprintf("n4.position_kl.layer%d", l), tkl[l], 1e-4)
	}
	mu, mt := mean(ukl), mean(tkl)
	fmt.Fprintf(&b, "| mean | | | %.5f | %.5f | %.4f → %.4f |\n", mu, mt, mean(eb), mean(ea))
	r.add("n4.usage_kl.mean", mu, 1e-4)
	r.add("n4.position_kl.mean", mt, 1e-4)
	r.add("n4.router_entropy.before", mean(eb), 0.01)
	r.add("n4.router_entropy.after", mean(ea), 0.01)
	r.add("n4.chat_loss.before", chatBefore, 0.01)
	r.add("n4.chat_loss.after", chatAfter, 0.01)

	b.WriteString("\n## Out-of-domain behaviour before and after\n\n| measure | before | after |\n|---|---:|---:|\n")
	fmt.Fprintf(&b, "| chat loss on assistant bytes (%d validation conversations; nats/byte) | %.4f | %.4f |\n", N4EvalExamples, chatBefore, chatAfter)
	for _, sig := range []string{probe.SignalRouterEntropy, probe.SignalMaxSoftmax} {
		for _, col := range []string{probe.ColumnAllOOD, probe.RegimeFactual} {
			ab, _, _, err := pre.probe.auroc(sig, col, o.Reps)
			if err != nil {
				return err
			}
			aa, _, _, err := post.probe.auroc(sig, col, o.Reps)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "| AUROC %s, in_domain vs %s | %.3f | %.3f |\n", sig, col, ab, aa)
			k := "n4.auroc." + probe.ColumnKey(col) + "." + sig
			r.add(k+".before", ab, 0.01)
			r.add(k+".after", aa, 0.01)
		}
	}
	for _, reg := range []string{probe.RegimeInDomain, probe.ColumnAllOOD} {
		tb, ta := pre.probe.regimeMean(probe.SignalTokenEntropy, reg), post.probe.regimeMean(probe.SignalTokenEntropy, reg)
		fmt.Fprintf(&b, "| mean token entropy on %s prompts (nats) | %.4f | %.4f |\n", reg, tb, ta)
		k := "n4.token_entropy." + probe.ColumnKey(reg)
		r.add(k+".before", tb, 0.01)
		r.add(k+".after", ta, 0.01)
	}
	b.WriteString("\n## Greedy replies to OOD prompts (chat template, not gated)\n\n")
	for i, p := range replyPs {
		fmt.Fprintf(&b, "%s (`%s`):\n\n```text\nprompt: %s\nbefore: %s\nafter:  %s\n```\n\n", p.Regime, p.ID,
			oneLine(p.Prompt), oneLine(pre.replies[i]), oneLine(post.replies[i]))
	}
	r.Body = b.String()

	g := func(k string) float64 { return mustLookup(r.Numbers, "n4."+k) }
	var c strings.Builder
	fmt.Fprintf(&c, "Chat fine-tuning with no metacognition term (λ = 0; chat loss %.3f → %.3f nats/byte in %d steps) ", chatBefore, chatAfter, steps)
	if mt >= 1e-3 {
		c.WriteString("does move the routing: ")
	} else {
		c.WriteString("barely moves the routing: ")
	}
	fmt.Fprintf(&c, "on the fixed text set the per-position router distributions move by a mean KL of %.4f nats (layers %s), "+
		"while the per-layer pathway usage moves by a mean KL of only %.5f nats (largest single shift %+.1f percentage points, layer %d); "+
		"mean router entropy %.4f → %.4f nats. So the routing is not held in place by λ = 0: positions change pathways even where the "+
		"averages barely move. ",
		mt, fmtList(tkl, "%.4f"), mu, 100*maxShift, maxLayer, mean(eb), mean(ea))
	fmt.Fprintf(&c, "For OOD detection, the cross-regime AUROC of router entropy goes %.3f → %.3f and that of max_softmax_mean %.3f → %.3f; "+
		"mean token entropy on OOD prompts %.3f → %.3f (in-domain %.3f → %.3f). ",
		g("auroc.all_ood.router_entropy_mean.before"), g("auroc.all_ood.router_entropy_mean.after"),
		g("auroc.all_ood.max_softmax_mean.before"), g("auroc.all_ood.max_softmax_mean.after"),
		g("token_entropy.all_ood.before"), g("token_entropy.all_ood.after"),
		g("token_entropy.in_domain.before"), g("token_entropy.in_domain.after"))
	fmt.Fprintf(&c, "In words: router entropy as an OOD signal %s, max_softmax_mean %s, and the model grows %s on OOD prompts "+
		"(and %s in-domain). ",
		change(g("auroc.all_ood.router_entropy_mean.before"), g("auroc.all_ood.router_entropy_mean.after"), 0.02, "improves", "degrades"),
		change(g("auroc.all_ood.max_softmax_mean.before"), g("auroc.all_ood.max_softmax_mean.after"), 0.02, "improves", "degrades"),
		change(g("token_entropy.all_ood.before"), g("token_entropy.all_ood.after"), 0.05, "less certain", "more certain"),
		change(g("token_entropy.in_domain.before"), g("token_entropy.in_domain.after"), 0.05, "less certain", "more certain"))
	abst := func(rs []string) int {
		n := 0
		for _, x := range rs {
			if chatdata.IsAbstain(x) {
				n++
			}
		}
		return n
	}
	fmt.Fprintf(&c, "Greedy replies to %d OOD prompts (quoted below) abstain %d times before and %d after: chat-sft without abstention "+
		"examples teaches the chat format, not when to decline. ", len(msgs), abst(pre.replies), abst(post.replies))
	c.WriteString("One seed and a short budget: the direction of these changes is measured here, not their size in general.")
	if mt < 1e-3 {
		r.Conclusion = strings.Replace(c.String(), "So the routing is not held in place by λ = 0: positions change pathways even where the averages barely move. ", "", 1)
	} else {
		r.Conclusion = c.String()
	}
	return nil
}

// change describes before → after: up (more than tol), down, or "barely changes".
func change(before, after, tol float64, up, down string) string {
	switch {
	case after-before > tol:
		return fmt.Sprintf("%s (%.3f → %.3f)", up, before, after)
	case before-after > tol:
		return fmt.Sprintf("%s (%.3f → %.3f)", down, before, after)
	}
	return fmt.Sprintf("barely changes (%.3f → %.3f)", before, after)
}

// oneLine shows text on one line of a fenced block.
func oneLine(s string) string {
	s = strings.NewReplacer("\n", "⏎", "```", "'''").Replace(s)
	if s == "" {
		return "(empty)"
	}
	return s
}

func fmtList(xs []float64, f string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprintf(f, x)
	}
	return strings.Join(s, ", ")
}
