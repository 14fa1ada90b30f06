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

// N4's degeneration set: the first N4OODPerRegime prompts of each OOD
// regime of the probe set, answered greedily (at most N4ReplyBytes bytes,
// up to the first newline) by each model; a reply counts as degenerate
// when Degenerate says so.
const (
	N4OODPerRegime = 10
	N4ReplyBytes   = 160
)

// n4SampleRegimes are the OOD regimes whose first reply is quoted.
var n4SampleRegimes = []string{probe.RegimeFactual, probe.RegimeCode, probe.RegimeForeign}

// N4Data is what N4 measured, for figures: the pretrained model and the
// two fine-tuned ones (λ = 0, and λ = 0 with the router frozen).
type N4Data struct {
	Steps int
	// Pathways names the router's pathways.
	Pathways []string
	// Variants: before fine-tuning, λ = 0, λ = 0 with the router frozen.
	Variants []N4Variant
	// OOD is the degeneration set, in the order of each variant's Replies.
	OOD []probe.Prompt
}

// N4Variant is one model of N4.
type N4Variant struct {
	// Key is "before", "lambda0" or "frozen"; Name says it in words.
	Key, Name string
	// ChatLoss is the chat loss on the validation conversations.
	ChatLoss float64
	// Usage[l][p] is layer l's mean weight on pathway p over the text set;
	// Entropy[l] its mean router entropy (nats).
	Usage   [][]float64
	Entropy []float64
	// UsageKL and PositionKL are per layer, from the model before
	// fine-tuning to this one (nil for "before").
	UsageKL, PositionKL []float64
	// AUROC of router_entropy_mean and max_softmax_mean, keyed
	// "COLUMN.SIGNAL" (column "all_ood" or "factual").
	AUROC map[string]float64
	// TokenEntropy is the mean token entropy on in-domain ("in_domain")
	// and OOD ("all_ood") probe prompts.
	TokenEntropy map[string]float64
	// Replies are the greedy replies to N4Data.OOD.
	Replies []string
	// Degenerate is the share of Replies that Degenerate; NDegenerate
	// their number.
	Degenerate  float64
	NDegenerate int
	// Distinct is the number of different Replies; TopReply the most
	// frequent one and TopShare the share of Replies equal to it
	// (Collapse).
	Distinct int
	TopReply string
	TopShare float64
}

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
	return n4State{rt: rt, probe: runProbe(m, ps), replies: metacog.Replies(m, msgs, N4ReplyBytes)}, nil
}

// n4FineTune loads the pretrained checkpoint and runs chat-sft (λ = 0) on
// it, with the router frozen or not; it returns the fine-tuned model, the
// chat loss before and after, and the stage's description.
func n4FineTune(o *Options, steps int, freeze bool) (m *model.Model, before, after float64, desc string, err error) {
	cp, err := metacog.LoadCheckpoint(o.Pretrain)
	if err != nil {
		return nil, 0, 0, "", err
	}
	st := train.Stage{Name: train.StageChatSFT, Examples: N4Examples, DataSeed: N4Seed, EvalExamples: N4EvalExamples,
		MetacogWeight: 0, FreezeRouter: freeze}
	to, err := st.Apply(cp.Model, train.Options{Steps: steps, BatchSize: N4Batch, SeqLen: N4SeqLen, LR: N4LR, Warmup: N4Warmup,
		Seed: N4Seed, Threads: o.Threads, EvalEvery: -1})
	if err != nil {
		return nil, 0, 0, "", err
	}
	before = train.Evaluate(cp.Model, to.Eval, to.Objective)
	tr, err := train.NewTrainer(cp.Model, "", to)
	if err != nil {
		return nil, 0, 0, "", err
	}
	h, err := tr.Loop()
	if err != nil {
		return nil, 0, 0, "", err
	}
	if len(h.ValLoss) == 0 {
		return nil, 0, 0, "", fmt.Errorf("chat-sft (router frozen: %v): no validation loss", freeze)
	}
	return cp.Model, before, h.ValLoss[len(h.ValLoss)-1], st.Describe(), nil
}

// runN4 fine-tunes the pretrained lite model with chat-sft (λ = 0) twice —
// as is, and with every router weight frozen (the control: how much of
// the shift is the router's own learning) — and compares each with the
// start: routing on a fixed text set (KL of the per-layer pathway usage,
// mean per-position KL), the OOD picture (AUROC of router entropy and
// max_softmax_mean, token entropy) and greedy replies to OOD prompts
// (the share that degenerates into repetition, and samples).
func runN4(r *Report, o *Options) error {
	steps := N4Steps
	if o.Steps > 0 {
		steps = o.Steps
	}
	perRegime := N4OODPerRegime
	if o.OODPerRegime > 0 {
		perRegime = o.OODPerRegime
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
	var oodPs []probe.Prompt
	for _, reg := range probe.OODRegimes {
		n := 0
		for _, p := range ps {
			if p.Regime == reg && n < perRegime {
				oodPs = append(oodPs, p)
				n++
			}
		}
	}
	msgs := make([]string, len(oodPs))
	for i, p := range oodPs {
		msgs[i] = p.Prompt
	}

	o.logf("n4: chat-sft (λ = 0), %d steps", steps)
	ftModel, chatBefore, chatAfter, desc, err := n4FineTune(o, steps, false)
	if err != nil {
		return err
	}
	o.logf("n4: chat-sft (λ = 0, router frozen), %d steps", steps)
	frModel, _, chatFrozen, descFrozen, err := n4FineTune(o, steps, true)
	if err != nil {
		return err
	}
	r.info("fine-tuning", fmt.Sprintf("stage chat-sft, λ (metacog weight) = 0: %s; %d AdamW steps of %d conversations ≤ %d bytes, lr %g, warm-up %d, seed %d, %d threads",
		desc, steps, N4Batch, N4SeqLen, N4LR, N4Warmup, N4Seed, o.Threads))
	r.info("control", fmt.Sprintf("the same run with every router weight and bias frozen: %s", descFrozen))
	r.info("text set", fmt.Sprintf("%d windows of %d bytes spread over `%s/valid.bin` and the %d prompts of `prompts/%s` in the chat template (%d sequences, one forward pass each)",
		nWin, N4WindowLen, o.rel(o.Data), len(ps), ProbeFile, len(seqs)))
	r.info("degeneration set", fmt.Sprintf("the first %d prompts of each OOD regime of `prompts/%s` (%d), greedy replies of at most %d bytes; "+
		"degenerate = more than %g %% of the reply's bytes inside byte %d-grams that occur twice or more in it",
		perRegime, ProbeFile, len(oodPs), N4ReplyBytes, 100*DegenerateShare, DegenerateN))

	d := &N4Data{Steps: steps, Pathways: before.Model.Pathways(), OOD: oodPs}
	r.N4 = d
	models := []struct {
		key, name string
		m         *model.Model
		chat      float64
	}{
		{"before", "before (pretrained)", before.Model, chatBefore},
		{"lambda0", "λ = 0", ftModel, chatAfter},
		{"frozen", "λ = 0, router frozen", frModel, chatFrozen},
	}
	var states []n4State
	for _, mv := range models {
		o.logf("n4: measuring %s", mv.name)
		st, err := measureN4(mv.m, seqs, ps, msgs)
		if err != nil {
			return err
		}
		v := N4Variant{Key: mv.key, Name: mv.name, ChatLoss: mv.chat, Usage: st.rt.Usage(), Entropy: st.rt.Entropy(),
			AUROC: map[string]float64{}, TokenEntropy: map[string]float64{}, Replies: st.replies}
		if len(states) > 0 {
			if v.UsageKL, err = UsageKL(d.Variants[0].Usage, v.Usage); err != nil {
				return err
			}
			if v.PositionKL, err = TokenKL(states[0].rt, st.rt); err != nil {
				return err
			}
		}
		for _, sig := range []string{probe.SignalRouterEntropy, probe.SignalMaxSoftmax} {
			for _, col := range []string{probe.ColumnAllOOD, probe.RegimeFactual} {
				a, _, _, err := st.probe.auroc(sig, col, o.Reps)
				if err != nil {
					return err
				}
				v.AUROC[probe.ColumnKey(col)+"."+sig] = a
			}
		}
		for _, reg := range []string{probe.RegimeInDomain, probe.ColumnAllOOD} {
			v.TokenEntropy[probe.ColumnKey(reg)] = st.probe.regimeMean(probe.SignalTokenEntropy, reg)
		}
		v.Degenerate, v.NDegenerate = DegenerateRate(v.Replies)
		v.Distinct, v.TopReply, v.TopShare = Collapse(v.Replies)
		states = append(states, st)
		d.Variants = append(d.Variants, v)
	}
	pre, post, fr := d.Variants[0], d.Variants[1], d.Variants[2]
	ub, ua, uf := pre.Usage, post.Usage, fr.Usage
	ukl, tkl := post.UsageKL, post.PositionKL
	eb, ea, ef := pre.Entropy, post.Entropy, fr.Entropy
	paths := d.Pathways

	var b strings.Builder
	fmt.Fprintf(&b, "## Routing before and after\n\nMean router weight per pathway (%s) over the text set; KL in nats. "+
		"usage KL = KL(usage before ‖ usage after); position KL = mean over positions of KL(router before ‖ router after) at that position. "+
		"λ = 0: chat-sft as is; frozen: the same run with the router's weights fixed, so only the router's inputs move.\n\n"+
		"| layer | usage before | usage after (λ = 0) | usage KL | position KL | usage after (frozen) | usage KL (frozen) | position KL (frozen) | router entropy before → λ = 0 / frozen |\n"+
		"|---:|---|---|---:|---:|---|---:|---:|---|\n",
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
		fmt.Fprintf(&b, "| %d | %s | %s | %.5f | %.5f | %s | %.5f | %.5f | %.4f → %.4f / %.4f |\n",
			l, vec(ub[l]), vec(ua[l]), ukl[l], tkl[l], vec(uf[l]), fr.UsageKL[l], fr.PositionKL[l], eb[l], ea[l], ef[l])
		for p := range ub[l] {
			if d := ua[l][p] - ub[l][p]; d*d > maxShift*maxShift {
				maxShift, maxLayer = d, l
			}
		}
		r.add(fmt.Sprintf("n4.usage_kl.layer%d", l), ukl[l], 1e-4)
		r.add(fmt.Sprintf("n4.position_kl.layer%d", l), tkl[l], 1e-4)
	}
	for l := range ub {
		r.add(fmt.Sprintf("n4.frozen.usage_kl.layer%d", l), fr.UsageKL[l], 1e-4)
		r.add(fmt.Sprintf("n4.frozen.position_kl.layer%d", l), fr.PositionKL[l], 1e-4)
	}
	mu, mt := mean(ukl), mean(tkl)
	fu, ft := mean(fr.UsageKL), mean(fr.PositionKL)
	fmt.Fprintf(&b, "| mean | | | %.5f | %.5f | | %.5f | %.5f | %.4f → %.4f / %.4f |\n", mu, mt, fu, ft, mean(eb), mean(ea), mean(ef))
	r.add("n4.usage_kl.mean", mu, 1e-4)
	r.add("n4.position_kl.mean", mt, 1e-4)
	r.add("n4.frozen.usage_kl.mean", fu, 1e-4)
	r.add("n4.frozen.position_kl.mean", ft, 1e-4)
	r.add("n4.router_entropy.before", mean(eb), 0.01)
	r.add("n4.router_entropy.after", mean(ea), 0.01)
	r.add("n4.frozen.router_entropy", mean(ef), 0.01)
	r.add("n4.chat_loss.before", chatBefore, 0.01)
	r.add("n4.chat_loss.after", chatAfter, 0.01)
	r.add("n4.frozen.chat_loss", chatFrozen, 0.01)

	b.WriteString("\n## Out-of-domain behaviour before and after\n\n| measure | before | after (λ = 0) | after (frozen) |\n|---|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| chat loss on assistant bytes (%d validation conversations; nats/byte) | %.4f | %.4f | %.4f |\n", N4EvalExamples, chatBefore, chatAfter, chatFrozen)
	for _, sig := range []string{probe.SignalRouterEntropy, probe.SignalMaxSoftmax} {
		for _, col := range []string{probe.ColumnAllOOD, probe.RegimeFactual} {
			k := probe.ColumnKey(col) + "." + sig
			fmt.Fprintf(&b, "| AUROC %s, in_domain vs %s | %.3f | %.3f | %.3f |\n", sig, col, pre.AUROC[k], post.AUROC[k], fr.AUROC[k])
			r.add("n4.auroc."+k+".before", pre.AUROC[k], 0.01)
			r.add("n4.auroc."+k+".after", post.AUROC[k], 0.01)
			r.add("n4.frozen.auroc."+k, fr.AUROC[k], 0.01)
		}
	}
	for _, reg := range []string{probe.RegimeInDomain, probe.ColumnAllOOD} {
		k := probe.ColumnKey(reg)
		fmt.Fprintf(&b, "| mean token entropy on %s prompts (nats) | %.4f | %.4f | %.4f |\n", reg, pre.TokenEntropy[k], post.TokenEntropy[k], fr.TokenEntropy[k])
		r.add("n4.token_entropy."+k+".before", pre.TokenEntropy[k], 0.01)
		r.add("n4.token_entropy."+k+".after", post.TokenEntropy[k], 0.01)
		r.add("n4.frozen.token_entropy."+k, fr.TokenEntropy[k], 0.01)
	}
	fmt.Fprintf(&b, "| greedy OOD replies that degenerate into repetition (of %d) | %.3f (%d) | %.3f (%d) | %.3f (%d) |\n",
		len(oodPs), pre.Degenerate, pre.NDegenerate, post.Degenerate, post.NDegenerate, fr.Degenerate, fr.NDegenerate)
	fmt.Fprintf(&b, "| distinct replies among them | %d | %d | %d |\n", pre.Distinct, post.Distinct, fr.Distinct)
	fmt.Fprintf(&b, "| share of them equal to the most frequent reply | %.3f | %.3f | %.3f |\n", pre.TopShare, post.TopShare, fr.TopShare)
	r.add("n4.degenerate.before", pre.Degenerate, 0.02)
	r.add("n4.degenerate.after", post.Degenerate, 0.02)
	r.add("n4.frozen.degenerate", fr.Degenerate, 0.02)
	r.add("n4.distinct_replies.before", float64(pre.Distinct), 1)
	r.add("n4.distinct_replies.after", float64(post.Distinct), 1)
	r.add("n4.frozen.distinct_replies", float64(fr.Distinct), 1)
	r.add("n4.top_reply_share.before", pre.TopShare, 0.02)
	r.add("n4.top_reply_share.after", post.TopShare, 0.02)
	r.add("n4.frozen.top_reply_share", fr.TopShare, 0.02)

	fmt.Fprintf(&b, "\nMost frequent OOD reply: before %q; λ = 0 %q; frozen %q.\n", oneLine(pre.TopReply), oneLine(post.TopReply), oneLine(fr.TopReply))
	b.WriteString("\n## Greedy replies to OOD prompts (chat template, not gated)\n\n")
	for _, reg := range n4SampleRegimes {
		for i, p := range oodPs {
			if p.Regime != reg {
				continue
			}
			fmt.Fprintf(&b, "%s (`%s`):\n\n```text\nprompt: %s\nbefore: %s\nλ = 0:  %s\nfrozen: %s\n```\n\n", p.Regime, p.ID,
				oneLine(p.Prompt), oneLine(pre.Replies[i]), oneLine(post.Replies[i]), oneLine(fr.Replies[i]))
			break
		}
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
		"mean router entropy %.4f → %.4f nats. ",
		mt, fmtList(tkl, "%.4f"), mu, 100*maxShift, maxLayer, mean(eb), mean(ea))
	if mt >= 1e-3 {
		c.WriteString("So the routing is not held in place by λ = 0: positions change pathways even where the averages barely move. ")
	}
	share := 0.0
	if mt > 0 {
		share = ft / mt
	}
	fmt.Fprintf(&c, "With the router's weights frozen (the control; chat loss %.3f) the per-position KL is %.4f nats and the usage KL %.5f: "+
		"%.0f %% of the λ = 0 shift remains, so that part comes from the representations the router reads, not from the router learning. ",
		chatFrozen, ft, fu, 100*share)
	fmt.Fprintf(&c, "For OOD detection, the cross-regime AUROC of router entropy goes %.3f → %.3f (frozen %.3f) and that of max_softmax_mean %.3f → %.3f (frozen %.3f); "+
		"mean token entropy on OOD prompts %.3f → %.3f (in-domain %.3f → %.3f). ",
		g("auroc.all_ood.router_entropy_mean.before"), g("auroc.all_ood.router_entropy_mean.after"), g("frozen.auroc.all_ood.router_entropy_mean"),
		g("auroc.all_ood.max_softmax_mean.before"), g("auroc.all_ood.max_softmax_mean.after"), g("frozen.auroc.all_ood.max_softmax_mean"),
		g("token_entropy.all_ood.before"), g("token_entropy.all_ood.after"),
		g("token_entropy.in_domain.before"), g("token_entropy.in_domain.after"))
	fmt.Fprintf(&c, "In words: router entropy as an OOD signal %s, max_softmax_mean %s, and the model grows %s on OOD prompts "+
		"(and %s in-domain). ",
		change(g("auroc.all_ood.router_entropy_mean.before"), g("auroc.all_ood.router_entropy_mean.after"), 0.02, "improves", "degrades"),
		change(g("auroc.all_ood.max_softmax_mean.before"), g("auroc.all_ood.max_softmax_mean.after"), 0.02, "improves", "degrades"),
		change(g("token_entropy.all_ood.before"), g("token_entropy.all_ood.after"), 0.05, "less certain", "more certain"),
		change(g("token_entropy.in_domain.before"), g("token_entropy.in_domain.after"), 0.05, "less certain", "more certain"))
	fmt.Fprintf(&c, "Out-of-domain generation: of %d greedy replies to OOD prompts, %d degenerate into repetition before fine-tuning, %d after λ = 0 and %d after the frozen-router run (%.0f %%, %.0f %%, %.0f %%). ",
		len(oodPs), pre.NDegenerate, post.NDegenerate, fr.NDegenerate, 100*pre.Degenerate, 100*post.Degenerate, 100*fr.Degenerate)
	fmt.Fprintf(&c, "They collapse across prompts instead: %d, %d and %d distinct replies, the most frequent one given to %.0f %%, %.0f %% and %.0f %% of the prompts. ",
		pre.Distinct, post.Distinct, fr.Distinct, 100*pre.TopShare, 100*post.TopShare, 100*fr.TopShare)
	abst := func(rs []string) int {
		n := 0
		for _, x := range rs {
			if chatdata.IsAbstain(x) {
				n++
			}
		}
		return n
	}
	fmt.Fprintf(&c, "They abstain %d times before and %d after λ = 0 (%d frozen): chat-sft without abstention "+
		"examples teaches the chat format, not when to decline. ", abst(pre.Replies), abst(post.Replies), abst(fr.Replies))
	c.WriteString("One seed and a short budget: the direction of these changes is measured here, not their size in general.")
	r.Conclusion = c.String()
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
