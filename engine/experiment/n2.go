package experiment

import (
	"fmt"
	"strings"
	"time"

	"trigo/engine/data"
	"trigo/engine/model"
	"trigo/engine/probe"
	"trigo/engine/train"
)

// N2's training budget: every run trains from scratch (weights and batch
// order from the seed) for N2Steps AdamW steps of N2Batch windows of
// N2SeqLen bytes of the data folder's train.bin, and is scored by its
// next-byte loss on N2EvalBatches fixed batches of valid.bin windows.
const (
	N2Steps       = 150
	N2Seeds       = 3
	N2Batch       = 8
	N2SeqLen      = 128
	N2LR          = 2e-3
	N2EvalBatches = 8
)

// N2Models are the two configs compared: a routed lite model and the
// vanilla transformer, each about 10 M parameters.
var N2Models = [2]string{"lite-fp32", "vanilla-fp32"}

// N2Data is what N2 measured, for figures: every run's history and the
// Welch test of the final validation losses (lite − vanilla).
type N2Data struct {
	Steps, Seeds int
	// Models are N2Models.
	Models []string
	// Runs are in the order trained: seed 1 of each model, then seed 2, ….
	Runs     []N2Run
	T, DF, P float64
}

// N2Run is one training run of N2.
type N2Run struct {
	Model string
	Seed  int
	// History holds the training loss of every step and the validation
	// loss every Options.EvalEvery steps and after the last.
	History *train.History
	Seconds float64
}

// FinalLoss is each seed's last validation loss of model, in seed order.
func (d *N2Data) FinalLoss(model string) []float64 {
	var xs []float64
	for _, r := range d.Runs {
		if r.Model == model {
			xs = append(xs, r.History.LastValLoss())
		}
	}
	return xs
}

func runN2(r *Report, o *Options) error {
	steps, seeds := N2Steps, N2Seeds
	if o.Steps > 0 {
		steps = o.Steps
	}
	if o.Seeds > 0 {
		seeds = o.Seeds
	}
	if seeds < 2 {
		return fmt.Errorf("a Welch t-test needs ≥ 2 seeds per model, got %d", seeds)
	}
	if _, err := data.Load(o.Data); err != nil {
		return err
	}
	params := map[string]int{}
	for _, name := range N2Models {
		params[name] = model.New(model.Config(name), 1).NumParams()
	}
	ratio := float64(params[N2Models[1]]) / float64(params[N2Models[0]])
	r.info("data", "`"+o.rel(o.Data)+"` (train.bin batches, valid.bin evaluation)")
	r.info("runs", fmt.Sprintf("%s × seeds 1…%d, each %d AdamW steps of %d × %d bytes, lr %g, %d threads; "+
		"val loss = next-byte loss on %d fixed batches of %d valid.bin windows of %d bytes",
		strings.Join(N2Models[:], ", "), seeds, steps, N2Batch, N2SeqLen, N2LR, o.Threads, N2EvalBatches, N2Batch, N2SeqLen))
	r.info("params", fmt.Sprintf("%s %s, %s %s (vanilla/lite = %.3f)", N2Models[0], fmt.Sprint(params[N2Models[0]]),
		N2Models[1], fmt.Sprint(params[N2Models[1]]), ratio))

	evalEvery := -1 // only after the last step: the gated numbers
	if o.EvalEvery > 0 {
		evalEvery = o.EvalEvery
	}
	d := &N2Data{Steps: steps, Seeds: seeds, Models: N2Models[:]}
	r.N2 = d
	loss := map[string][]float64{}
	secs := map[string]float64{}
	var b strings.Builder
	b.WriteString("## Runs\n\n| model | seed | val loss (nats/byte) | last train loss | train time |\n|---|---:|---:|---:|---:|\n")
	for s := 1; s <= seeds; s++ {
		for _, name := range N2Models {
			m := model.New(model.Config(name), int64(s))
			o.logf("n2: %s seed %d, %d steps", name, s, steps)
			t0 := time.Now()
			h, err := train.Run(m, o.Data, train.Options{Steps: steps, BatchSize: N2Batch, SeqLen: N2SeqLen, LR: N2LR,
				Seed: int64(s), Threads: o.Threads, EvalEvery: evalEvery, EvalBatches: N2EvalBatches})
			if err != nil {
				return fmt.Errorf("%s seed %d: %v", name, s, err)
			}
			dt := time.Since(t0).Seconds()
			if len(h.ValLoss) == 0 {
				return fmt.Errorf("%s seed %d: no validation loss", name, s)
			}
			v := h.ValLoss[len(h.ValLoss)-1]
			loss[name] = append(loss[name], v)
			secs[name] += dt
			d.Runs = append(d.Runs, N2Run{Model: name, Seed: s, History: h, Seconds: dt})
			fmt.Fprintf(&b, "| %s | %d | %.4f | %.4f | %.0f s |\n", name, s, v, h.LastLoss(), dt)
			r.add(fmt.Sprintf("n2.%s.seed%d.val_loss", name, s), v, 0.01)
		}
	}
	lite, van := loss[N2Models[0]], loss[N2Models[1]]
	t, df, p, err := probe.WelchT(lite, van)
	if err != nil {
		return err
	}
	d.T, d.DF, d.P = t, df, p
	ml, sl := meanSD(lite)
	mv, sv := meanSD(van)
	b.WriteString("\n## Welch t-test (lite − vanilla)\n\n| | lite-fp32 | vanilla-fp32 |\n|---|---:|---:|\n")
	fmt.Fprintf(&b, "| val loss mean | %.4f | %.4f |\n| val loss SD (n − 1) | %.4f | %.4f |\n| train time per run | %.0f s | %.0f s |\n",
		ml, mv, sl, sv, secs[N2Models[0]]/float64(seeds), secs[N2Models[1]]/float64(seeds))
	fmt.Fprintf(&b, "\nmean difference %+.4f nats/byte (%+.1f %% of vanilla), t = %.3f, df = %.2f, two-sided p = %.4f.\n",
		ml-mv, 100*(ml-mv)/mv, t, df, p)
	r.Body = b.String()
	for _, name := range N2Models {
		m, sd := meanSD(loss[name])
		r.add("n2."+name+".mean_val_loss", m, 0.01)
		r.add("n2."+name+".sd_val_loss", sd, 0.01)
	}
	r.add("n2.diff_mean", ml-mv, 0.01)
	r.add("n2.welch.t", t, 0.1)
	r.add("n2.welch.df", df, 0.1)
	r.add("n2.welch.p", p, 0.02)

	better, worse := "lite", "vanilla"
	if ml > mv {
		better, worse = worse, better
	}
	var c strings.Builder
	fmt.Fprintf(&c, "After %d steps from scratch (%d seeds each, parameters within %.0f %%: lite %s, vanilla %s), "+
		"%s reaches a lower mean validation loss than %s (%.4f vs %.4f nats/byte, difference %+.4f lite − vanilla). ",
		steps, seeds, 100*(ratio-1), fmt.Sprint(params[N2Models[0]]), fmt.Sprint(params[N2Models[1]]),
		better, worse, min(ml, mv), max(ml, mv), ml-mv)
	if p < 0.05 {
		fmt.Fprintf(&c, "Welch's t-test calls the difference significant at 5 %% (t = %.2f, df = %.1f, p = %.4f). ", t, df, p)
	} else {
		fmt.Fprintf(&c, "Welch's t-test does not find the difference significant at 5 %% (t = %.2f, df = %.1f, p = %.4f): "+
			"with %d seeds, the data do not tell the two architectures apart at this budget. ", t, df, p, seeds)
	}
	fmt.Fprintf(&c, "This is a short-budget comparison (%d × %d × %d = %s training bytes per run); it says nothing about longer training. "+
		"Vanilla has %.0f %% more parameters, so \"equal parameters\" holds only within that margin. "+
		"Both use the same learning rate (%g, AdamW, warm-up then cosine) tuned for neither model; a learning rate chosen for each "+
		"could move the gap either way. Runs are bit-reproducible at a fixed seed and thread count, so the seed-to-seed spread "+
		"above is the only noise the t-test sees.",
		steps, N2Batch, N2SeqLen, fmt.Sprint(steps*N2Batch*N2SeqLen), 100*(ratio-1), N2LR)
	r.Conclusion = c.String()
	return nil
}
