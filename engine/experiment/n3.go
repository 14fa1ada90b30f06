package experiment

import (
	"fmt"
	"strings"

	"trigo/engine/metacog"
	"trigo/engine/model"
	"trigo/engine/probe"
)

// n3Variant is one (base, head) pair N3 measures.
type n3Variant struct {
	key, desc string
	m         *model.Model
}

// AbstainThreshold is the abstain head's decision threshold: it is
// trained with a binary cross-entropy on abstain labels, so abstain_p ≥ 0.5
// is its "abstain". The seed kit reports the false-positive rate there.
const AbstainThreshold = 0.5

// N3Data is what N3 measured, for figures: one N3Variant per (base, head).
type N3Data struct {
	Variants []N3Variant
}

// Interval is a statistic with its 95 % bootstrap interval.
type Interval struct{ Value, Lo, Hi float64 }

// N3Variant is one (base, head) pair of N3: the AUROCs of abstain_p, its
// values per prompt group, and the rates at AbstainThreshold.
type N3Variant struct {
	Key, Desc string
	// AUROCFactual: in_domain vs factual; AUROCAllOOD: in_domain vs every
	// OOD regime (the seed kit's cross-regime AUROC); AUROCHeldOut: the
	// held-out needs-facts set vs the false-inability set.
	AUROCFactual, AUROCAllOOD, AUROCHeldOut Interval
	// abstain_p per prompt: probe in_domain, probe factual, probe OOD
	// (every OOD regime), held-out needs-facts, false-inability.
	InDomain, Factual, OOD, HeldOut, FalseInability []float64
}

// RateAbove is the share of xs at or above AbstainThreshold.
func RateAbove(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	n := 0
	for _, x := range xs {
		if x >= AbstainThreshold {
			n++
		}
	}
	return float64(n) / float64(len(xs))
}

// FPRInDomain is the false-positive rate at AbstainThreshold on the probe
// set's in-domain prompts; FPRFalseInability on the 20 in-capability prompts.
func (v N3Variant) FPRInDomain() float64 { return RateAbove(v.InDomain) }

// FPRFalseInability: see FPRInDomain.
func (v N3Variant) FPRFalseInability() float64 { return RateAbove(v.FalseInability) }

// TPROOD is the true-positive rate at AbstainThreshold on every OOD probe
// prompt; TPRHeldOut on the 10 held-out needs-facts questions.
func (v N3Variant) TPROOD() float64 { return RateAbove(v.OOD) }

// TPRHeldOut: see TPROOD.
func (v N3Variant) TPRHeldOut() float64 { return RateAbove(v.HeldOut) }

// runN3 measures the abstain head of the abstain-sft checkpoint on its own
// base and spliced onto the pretrained base (a different lite-fp32 with
// the same shapes), plus the pretrained base with its own, never trained
// head as the chance reference.
func runN3(r *Report, o *Options) error {
	probeSet, err := loadPrompts(o, ProbeFile, 0)
	if err != nil {
		return err
	}
	heldout, err := loadPrompts(o, "abstain_heldout.jsonl", 10)
	if err != nil {
		return err
	}
	inability, err := loadPrompts(o, "false_inability.jsonl", 20)
	if err != nil {
		return err
	}
	donor, err := o.load(r, "head donor, own base", o.Abstain)
	if err != nil {
		return err
	}
	base, err := o.load(r, "splice target", o.Pretrain)
	if err != nil {
		return err
	}
	spliced, err := metacog.LoadCheckpoint(o.Pretrain)
	if err != nil {
		return err
	}
	if donor.Model.Spec.Dim != base.Model.Spec.Dim {
		return fmt.Errorf("cannot splice: %s has width %d, %s %d", donor.Path, donor.Model.Spec.Dim, base.Path, base.Model.Spec.Dim)
	}
	if err := SpliceAbstainHead(spliced.Model, donor.Model); err != nil {
		return err
	}
	vs := []n3Variant{
		{"own", "own base (head trained jointly with it)", donor.Model},
		{"spliced", "spliced: donor's head on the pretrained base", spliced.Model},
		{"untrained", "pretrained base with its own head (never trained: chance reference)", base.Model},
	}
	r.info("prompts", fmt.Sprintf("`prompts/%s` (AUROC: in_domain vs factual, vs all OOD), `prompts/abstain_heldout.jsonl` (10 needs-facts), "+
		"`prompts/false_inability.jsonl` (20 in-capability)", ProbeFile))
	r.info("bootstrap", fmt.Sprintf("%d resamples (seed %d)", o.Reps, metacog.BootstrapSeed))

	var b strings.Builder
	b.WriteString("## abstain_p as an OOD signal\n\n" +
		"AUROC of abstain_p (in_domain = negative class) with 95 % bootstrap intervals; held-out vs false-inability: " +
		"the 10 held-out needs-facts questions (positive) against the 20 in-capability prompts (negative).\n\n" +
		"| variant | in_domain vs factual | in_domain vs all OOD | held-out vs false-inability | mean abstain_p held-out | mean abstain_p false-inability | mean abstain_p in_domain |\n" +
		"|---|---:|---:|---:|---:|---:|---:|\n")
	sig := probe.SignalAbstainP
	d := &N3Data{}
	r.N3 = d
	for _, v := range vs {
		pr := runProbe(v.m, probeSet)
		af, flo, fhi, err := pr.auroc(sig, probe.RegimeFactual, o.Reps)
		if err != nil {
			return err
		}
		aa, alo, ahi, err := pr.auroc(sig, probe.ColumnAllOOD, o.Reps)
		if err != nil {
			return err
		}
		ph := abstainP(v.m, heldout)
		pf := abstainP(v.m, inability)
		ah, err := probe.AUROC(pf, ph)
		if err != nil {
			return err
		}
		hlo, hhi := probe.BootstrapAUROC(pf, ph, o.Reps, metacog.BootstrapSeed)
		pin := pr.regimeMean(sig, probe.RegimeInDomain)
		inD, fac := pr.scores(sig, probe.RegimeFactual)
		_, ood := pr.scores(sig, probe.ColumnAllOOD)
		d.Variants = append(d.Variants, N3Variant{Key: v.key, Desc: v.desc,
			AUROCFactual: Interval{af, flo, fhi}, AUROCAllOOD: Interval{aa, alo, ahi}, AUROCHeldOut: Interval{ah, hlo, hhi},
			InDomain: inD, Factual: fac, OOD: ood, HeldOut: ph, FalseInability: pf})
		fmt.Fprintf(&b, "| %s | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] | %.3f | %.3f | %.3f |\n",
			v.desc, af, flo, fhi, aa, alo, ahi, ah, hlo, hhi, mean(ph), mean(pf), pin)
		k := "n3." + v.key + "."
		r.add(k+"auroc.factual", af, 0.01)
		r.add(k+"auroc.all_ood", aa, 0.01)
		r.add(k+"auroc.heldout_vs_false_inability", ah, 0.01)
		r.add(k+"mean_p.heldout", mean(ph), 0.01)
		r.add(k+"mean_p.false_inability", mean(pf), 0.01)
		r.add(k+"mean_p.in_domain", pin, 0.01)
	}
	b.WriteString("\nGreedy replies are not compared: the abstain head does not take part in decoding, so a splice changes abstain_p only.\n")
	r.Body = b.String()

	g := func(k string) float64 { return mustLookup(r.Numbers, "n3."+k) }
	var c strings.Builder
	fmt.Fprintf(&c, "On its own base the jointly trained head separates factual from in-domain prompts with AUROC %.3f "+
		"and held-out needs-facts questions from in-capability ones with AUROC %.3f. Spliced onto the pretrained base "+
		"(same architecture and shapes, different weights) the same head gives %.3f and %.3f; the never-trained head "+
		"of that base gives %.3f and %.3f. ",
		g("own.auroc.factual"), g("own.auroc.heldout_vs_false_inability"),
		g("spliced.auroc.factual"), g("spliced.auroc.heldout_vs_false_inability"),
		g("untrained.auroc.factual"), g("untrained.auroc.heldout_vs_false_inability"))
	drop := g("own.auroc.factual") - g("spliced.auroc.factual")
	switch {
	case drop > 0.1:
		fmt.Fprintf(&c, "The splice loses %.3f of factual AUROC: the head reads features of the base it was trained with "+
			"and does not transfer as a detachable OOD detector. ", drop)
	case drop < -0.05:
		fmt.Fprintf(&c, "The spliced head does better than on its own base (by %.3f factual AUROC): it transfers. ", -drop)
	default:
		fmt.Fprintf(&c, "The splice changes factual AUROC by %+.3f only: the head transfers to the other base. ", -drop)
	}
	if g("spliced.auroc.factual") <= g("untrained.auroc.factual")+0.05 {
		c.WriteString("On factual prompts the spliced head is no better than the never-trained one. ")
	}
	if donor.Model.Seed == base.Model.Seed {
		fmt.Fprintf(&c, "This holds although both bases were pretrained from the same initial weights (seed %d) on the same story data (the donor then fine-tuned on chat). ", base.Model.Seed)
	}
	fmt.Fprintf(&c, "Its probabilities shift as well: mean abstain_p on the held-out needs-facts questions %.3f on its own base vs %.3f spliced, "+
		"on the in-capability prompts %.3f vs %.3f, so a threshold tuned on one base does not carry over.",
		g("own.mean_p.heldout"), g("spliced.mean_p.heldout"), g("own.mean_p.false_inability"), g("spliced.mean_p.false_inability"))
	r.Conclusion = c.String()
	return nil
}

// abstainP is the abstain head's probability for each prompt.
func abstainP(m *model.Model, ps []probe.Prompt) []float64 {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Prompt
	}
	var out []float64
	for _, s := range metacog.Signals(m, msgs, 0) {
		out = append(out, s[probe.SignalAbstainP])
	}
	return out
}
