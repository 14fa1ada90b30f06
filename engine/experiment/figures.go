package experiment

import (
	"fmt"
	"math"

	"trigo/engine/probe"
	"trigo/plots"
)

// The figures of N1–N4 (notebook 08 shows them beside the tables). Each
// is built from a Report's data (Report.N1 … N4), so a notebook that runs
// an experiment at other settings draws its own numbers.

// N1Columns are a set's columns that N1's figure shows: "all OOD" and each
// OOD regime or family against every in-domain prompt (the per-in-domain
// and mix columns are in the tables).
func N1Columns(s *probe.SetReport) []string {
	var cols []string
	for _, c := range s.Comps {
		if !c.Mix && c.Neg == nil {
			cols = append(cols, c.Column)
		}
	}
	return cols
}

// N1Figure draws one prompt set's AUROC pairs: router_entropy_mean and
// max_softmax_mean per column (N1Columns), with their 95 % bootstrap
// intervals.
func N1Figure(s *probe.SetReport) *plots.Figure {
	cols := N1Columns(s)
	series := make([]plots.BarSeries, 0, 2)
	for _, sig := range []string{probe.SignalRouterEntropy, probe.SignalMaxSoftmax} {
		bs := plots.BarSeries{Name: sig}
		for _, col := range cols {
			c, _ := s.Table.Get(sig, col)
			bs.Values = append(bs.Values, c.AUROC)
			bs.Lo = append(bs.Lo, c.Lo)
			bs.Hi = append(bs.Hi, c.Hi)
		}
		series = append(series, bs)
	}
	f := plots.GroupedBars(cols, series...).
		WithTitle(fmt.Sprintf("N1 on %s: AUROC per column (in_domain vs column), 95 %% bootstrap", s.Name)).
		WithXLabel("OOD column").WithYLabel("AUROC").WithYRange(0, 1.3)
	// Each group as wide as its label (about 9 px a character at 10 pt),
	// so that long regime names do not run into each other.
	w := 120
	for _, c := range cols {
		w = max(w, 9*len(c))
	}
	return f.WithSize(max(plots.DefaultWidth, w*len(cols)), 420)
}

// N1DiffFigure draws, per prompt set, the cross-regime difference
// AUROC(router_entropy_mean) − AUROC(max_softmax_mean) with its paired
// bootstrap 95 % interval: below 0, router entropy is the weaker signal.
func N1DiffFigure(all *probe.SetsReport) *plots.Figure {
	var names []string
	var v, lo, hi []float64
	for _, s := range all.Sets {
		d, err := s.Paired(probe.SignalRouterEntropy, probe.SignalMaxSoftmax, probe.ColumnAllOOD)
		if err != nil {
			continue
		}
		names = append(names, s.Name)
		v, lo, hi = append(v, d.Diff), append(lo, d.Lo), append(hi, d.Hi)
	}
	return plots.Bars(names, v, lo, hi).
		WithTitle("N1: router_entropy_mean − max_softmax_mean, cross-regime AUROC (paired 95 % interval)").
		WithXLabel("prompt set").WithYLabel("AUROC difference").WithSize(plots.DefaultWidth, 380)
}

// CurvesFigure draws each N2 run's validation loss against the step: one
// colour per model, one line per seed.
func (d *N2Data) CurvesFigure() *plots.Figure {
	var groups []plots.CurveGroup
	for _, name := range d.Models {
		g := plots.CurveGroup{Name: name}
		for _, r := range d.Runs {
			if r.Model == name {
				g.Labels = append(g.Labels, fmt.Sprintf("seed %d", r.Seed))
				g.X = append(g.X, r.History.ValidSteps())
				g.Y = append(g.Y, r.History.ValLoss)
			}
		}
		groups = append(groups, g)
	}
	return plots.Curves(fmt.Sprintf("N2: validation loss per seed (%d steps)", d.Steps), "step", "validation loss (nats/byte)", groups...)
}

// FinalFigure draws the last validation loss of every run, seeds side by
// side, with the Welch test in the title.
func (d *N2Data) FinalFigure() *plots.Figure {
	var groups []string
	for s := 1; s <= d.Seeds; s++ {
		groups = append(groups, fmt.Sprintf("seed %d", s))
	}
	var series []plots.BarSeries
	for _, name := range d.Models {
		series = append(series, plots.BarSeries{Name: name, Values: d.FinalLoss(name)})
	}
	return plots.GroupedBars(groups, series...).
		WithTitle(fmt.Sprintf("N2: final validation loss; Welch t = %.2f, df = %.1f, p = %.3f", d.T, d.DF, d.P)).
		WithXLabel("seed").WithYLabel("validation loss (nats/byte)").WithSize(plots.DefaultWidth, 380)
}

// n3Short names the variants in legends.
var n3Short = map[string]string{"own": "own base", "spliced": "spliced onto pretrained base", "untrained": "pretrained base, untrained head"}

func n3Name(v N3Variant) string {
	if s, ok := n3Short[v.Key]; ok {
		return s
	}
	return v.Key
}

// AUROCFigure draws the AUROC of abstain_p per variant on the three
// comparisons of N3 (the seed kit's cross-regime AUROC is "all OOD"),
// with 95 % bootstrap intervals.
func (d *N3Data) AUROCFigure() *plots.Figure {
	groups := []string{"in_domain vs factual", "in_domain vs all OOD", "held-out vs false-inability"}
	var series []plots.BarSeries
	for _, v := range d.Variants {
		bs := plots.BarSeries{Name: n3Name(v)}
		for _, iv := range []Interval{v.AUROCFactual, v.AUROCAllOOD, v.AUROCHeldOut} {
			bs.Values, bs.Lo, bs.Hi = append(bs.Values, iv.Value), append(bs.Lo, iv.Lo), append(bs.Hi, iv.Hi)
		}
		series = append(series, bs)
	}
	return plots.GroupedBars(groups, series...).
		WithTitle("N3: AUROC of abstain_p, 95 % bootstrap").
		WithXLabel("comparison").WithYLabel("AUROC").WithYRange(0, 1.35).WithSize(plots.DefaultWidth, 420)
}

// ThresholdFigure draws the rates at AbstainThreshold per variant: the
// false-positive rates on in-domain and in-capability prompts and the
// true-positive rates on OOD and held-out needs-facts prompts, with
// Wilson 95 % intervals.
func (d *N3Data) ThresholdFigure() *plots.Figure {
	groups := []string{"FPR: in_domain", "FPR: false-inability", "TPR: all OOD", "TPR: held-out"}
	var series []plots.BarSeries
	for _, v := range d.Variants {
		bs := plots.BarSeries{Name: n3Name(v)}
		for _, xs := range [][]float64{v.InDomain, v.FalseInability, v.OOD, v.HeldOut} {
			k := int(math.Round(RateAbove(xs) * float64(len(xs))))
			lo, hi := Wilson(k, len(xs))
			bs.Values, bs.Lo, bs.Hi = append(bs.Values, RateAbove(xs)), append(bs.Lo, lo), append(bs.Hi, hi)
		}
		series = append(series, bs)
	}
	return plots.GroupedBars(groups, series...).
		WithTitle(fmt.Sprintf("N3: rates at abstain_p ≥ %g (Wilson 95 %% intervals)", AbstainThreshold)).
		WithXLabel("prompt group").WithYLabel("share of prompts over the threshold").WithYRange(0, 1.35).WithSize(plots.DefaultWidth, 420)
}

// KLFigure draws N4's per-position router KL per layer, from the model
// before fine-tuning to the λ = 0 model and to the frozen-router control.
func (d *N4Data) KLFigure() *plots.Figure {
	var layers []string
	for l := range d.Variants[0].Usage {
		layers = append(layers, fmt.Sprint(l))
	}
	var series []plots.BarSeries
	for _, v := range d.Variants[1:] {
		series = append(series, plots.BarSeries{Name: v.Name, Values: v.PositionKL})
	}
	return plots.GroupedBars(layers, series...).
		WithTitle(fmt.Sprintf("N4: routing shift per layer after %d steps of chat-sft", d.Steps)).
		WithXLabel("layer").WithYLabel("mean per-position KL(before ‖ after), nats").WithSize(plots.DefaultWidth, 400)
}

// DegenerationFigure draws, per model, the two ways its greedy OOD
// replies fail: the share that degenerates into repetition within the
// reply (Degenerate) and the share equal to its most frequent reply
// (Collapse), with Wilson 95 % intervals.
func (d *N4Data) DegenerationFigure() *plots.Figure {
	var names []string
	rep := plots.BarSeries{Name: fmt.Sprintf("repetition within the reply (> %g %% in repeated %d-grams)", 100*DegenerateShare, DegenerateN)}
	top := plots.BarSeries{Name: "same reply as the most frequent one"}
	for _, x := range d.Variants {
		names = append(names, x.Name)
		n := len(x.Replies)
		l, h := Wilson(x.NDegenerate, n)
		rep.Values, rep.Lo, rep.Hi = append(rep.Values, x.Degenerate), append(rep.Lo, l), append(rep.Hi, h)
		l, h = Wilson(int(math.Round(x.TopShare*float64(n))), n)
		top.Values, top.Lo, top.Hi = append(top.Values, x.TopShare), append(top.Lo, l), append(top.Hi, h)
	}
	return plots.GroupedBars(names, rep, top).
		WithTitle(fmt.Sprintf("N4: how greedy replies to %d OOD prompts fail (Wilson 95 %% intervals)", len(d.OOD))).
		WithXLabel("model").WithYLabel("share of OOD replies").WithYRange(0, 1.35).WithSize(plots.DefaultWidth, 400)
}

// Wilson is the Wilson score 95 % interval of a proportion k/n (0, 0 when
// n = 0): unlike the normal approximation it stays inside [0, 1] and is
// not empty at k = 0 or k = n.
func Wilson(k, n int) (lo, hi float64) {
	if n == 0 {
		return 0, 0
	}
	const z = 1.959963984540054
	p, fn := float64(k)/float64(n), float64(n)
	den := 1 + z*z/fn
	c := (p + z*z/(2*fn)) / den
	w := z * math.Sqrt(p*(1-p)/fn+z*z/(4*fn*fn)) / den
	// min/max keep p inside against rounding at k = 0 and k = n.
	return math.Min(p, math.Max(0, c-w)), math.Max(p, math.Min(1, c+w))
}
