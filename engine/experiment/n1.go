package experiment

import (
	"fmt"
	"strings"

	"trigo/engine/metacog"
	"trigo/engine/probe"
)

// runN1 compares two OOD signals of the shipped chat model on the probe
// set: router_entropy_mean and max_softmax_mean. Per column (all OOD, each
// regime) it reports both AUROCs, their difference (router − softmax) and
// a paired bootstrap 95 % interval of the difference.
func runN1(r *Report, o *Options) error {
	ps, err := loadPrompts(o, ProbeFile, 0)
	if err != nil {
		return err
	}
	cp, err := o.load(r, "probed", o.Abstain)
	if err != nil {
		return err
	}
	if !metacog.Routed(cp.Model) {
		return fmt.Errorf("%s has no router: router entropy is not defined", cp.Path)
	}
	r.info("prompts", fmt.Sprintf("`prompts/%s` (in_domain 30 vs each OOD regime 30, and vs all 180)", ProbeFile))
	r.info("bootstrap", fmt.Sprintf("%d paired resamples of the prompts (seed %d)", o.Reps, metacog.BootstrapSeed))
	pr := runProbe(cp.Model, ps)
	re, ms := probe.SignalRouterEntropy, probe.SignalMaxSoftmax

	var b strings.Builder
	b.WriteString("## AUROC of the two signals and their difference\n\n" +
		"Difference = AUROC(router_entropy_mean) − AUROC(max_softmax_mean); 95 % interval from a paired bootstrap " +
		"(the same resampled prompts for both signals). Per-signal intervals: ordinary bootstrap, as in claim 2.\n\n" +
		"| column | router_entropy_mean | max_softmax_mean | difference | 95 % interval | verdict |\n|---|---:|---:|---:|---|---|\n")
	var better, worse, tied []string
	for _, col := range Columns {
		ar, rlo, rhi, err := pr.auroc(re, col, o.Reps)
		if err != nil {
			return fmt.Errorf("%s: %v", col, err)
		}
		am, mlo, mhi, err := pr.auroc(ms, col, o.Reps)
		if err != nil {
			return fmt.Errorf("%s: %v", col, err)
		}
		nr, pr1 := pr.scores(re, col)
		nm, pm := pr.scores(ms, col)
		d, lo, hi, err := PairedBootstrapAUROCDiff(nr, pr1, nm, pm, o.Reps, metacog.BootstrapSeed)
		if err != nil {
			return fmt.Errorf("%s: %v", col, err)
		}
		verdict := "no clear difference (interval contains 0)"
		switch {
		case lo > 0:
			verdict, better = "router entropy better", append(better, col)
		case hi < 0:
			verdict, worse = "router entropy worse", append(worse, col)
		default:
			tied = append(tied, col)
		}
		fmt.Fprintf(&b, "| %s | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] | %+.3f | [%+.3f, %+.3f] | %s |\n",
			col, ar, rlo, rhi, am, mlo, mhi, d, lo, hi, verdict)
		k := "n1." + probe.ColumnKey(col) + "."
		r.add(k+"auroc."+re, ar, 0.01)
		r.add(k+"auroc."+ms, am, 0.01)
		r.add(k+"diff", d, 0.01)
		r.add(k+"diff_lo", lo, 0.01)
		r.add(k+"diff_hi", hi, 0.01)
	}
	b.WriteString("\n## Mean signal per regime\n\n| regime | router_entropy_mean (nats) | max_softmax_mean |\n|---|---:|---:|\n")
	for _, reg := range probe.Regimes {
		fmt.Fprintf(&b, "| %s | %.4f | %.4f |\n", reg, pr.regimeMean(re, reg), pr.regimeMean(ms, reg))
	}
	r.Body = b.String()

	list := func(xs []string) string {
		if len(xs) == 0 {
			return "none"
		}
		return strings.Join(xs, ", ")
	}
	d0, _ := lookup(r.Numbers, "n1.all_ood.diff")
	ar0, _ := lookup(r.Numbers, "n1.all_ood.auroc."+re)
	am0, _ := lookup(r.Numbers, "n1.all_ood.auroc."+ms)
	var reversed []string
	for _, col := range probe.OODRegimes {
		if a, _ := lookup(r.Numbers, "n1."+probe.ColumnKey(col)+".auroc."+re); a < 0.5 {
			reversed = append(reversed, col)
		}
	}
	cmp := "weaker than"
	if d0 >= 0 {
		cmp = "not weaker than"
	}
	var c strings.Builder
	fmt.Fprintf(&c, "On %s, router entropy is %s max_softmax_mean as a cross-regime OOD signal: AUROC %.3f vs %.3f, difference %+.3f "+
		"(paired 95 %% interval [%+.3f, %+.3f]). Per column, router entropy is significantly better on: %s; significantly worse on: %s; "+
		"not distinguishable on: %s (a column counts only when its paired interval excludes 0; 30 prompts per regime leave wide intervals). "+
		"OOD regimes that router entropy ranks as *more* in-domain than in_domain itself (AUROC < 0.5): %s. ",
		cp.Path, cmp, ar0, am0, d0, mustLookup(r.Numbers, "n1.all_ood.diff_lo"), mustLookup(r.Numbers, "n1.all_ood.diff_hi"),
		list(better), list(worse), list(tied), list(reversed))
	if strings.Contains(cp.Meta.Data, "metacog") {
		c.WriteString("This checkpoint was trained with the metacognition loss, which pushes router entropy up on needs-facts " +
			"(factual-like) prompts and down on in-capability ones, and on no other kind of prompt; the factual column is the one it was trained for. ")
	}
	if len(better) == 0 {
		fmt.Fprintf(&c, "Router entropy is nowhere significantly better than the next-byte confidence and significantly worse on %d of %d columns: "+
			"as an OOD signal it adds nothing that max_softmax_mean lacks on this checkpoint.", len(worse), len(Columns))
	} else {
		fmt.Fprintf(&c, "Router entropy is significantly better on %d of %d columns, so it does carry OOD information that max_softmax_mean lacks there.",
			len(better), len(Columns))
	}
	r.Conclusion = c.String()
	return nil
}

// mustLookup is lookup for keys the caller just added.
func mustLookup(ns []Number, key string) float64 {
	v, _ := lookup(ns, key)
	return v
}

// lookup finds a number by key.
func lookup(ns []Number, key string) (float64, bool) {
	for _, n := range ns {
		if n.Key == key {
			return n.Value, true
		}
	}
	return 0, false
}
