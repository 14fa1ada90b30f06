package experiment

import (
	"fmt"
	"path/filepath"
	"strings"

	"trigo/engine/metacog"
	"trigo/engine/probe"
)

// N1Sets are the prompt sets N1 runs on by default (probe.DefaultSets):
// a claim built on one prompt set is not a finding, so N1 states on which
// sets it holds.
var N1Sets = probe.DefaultSets

// runN1 compares two OOD signals of the shipped chat model on every
// prompt set: router_entropy_mean and max_softmax_mean. Per set and
// column (all OOD, each regime, pooled families, per in-domain regime) it
// reports both AUROCs, their difference (router − softmax) and a paired
// bootstrap 95 % interval of it, and on which sets "router entropy below
// max_softmax" holds; beside them the trivial byte-count baselines.
func runN1(r *Report, o *Options) error {
	names := o.Sets
	if len(names) == 0 {
		names = N1Sets
	}
	var sets []probe.PromptSet
	var files []string
	for _, n := range names {
		ps, err := probe.LoadSet(filepath.Join(o.Prompts, n))
		if err != nil {
			return err
		}
		sets = append(sets, ps)
		files = append(files, fmt.Sprintf("`%s` (%d)", o.rel(ps.Path), len(ps.Prompts)))
	}
	cp, err := o.load(r, "probed", o.Abstain)
	if err != nil {
		return err
	}
	if !metacog.Routed(cp.Model) {
		return fmt.Errorf("%s has no router: router entropy is not defined", cp.Path)
	}
	r.info("prompt sets", strings.Join(files, ", "))
	r.info("bootstrap", fmt.Sprintf("%d resamples of the prompts (seed %d); differences: paired (the same resampled prompts for both signals)", o.Reps, metacog.BootstrapSeed))
	o.logf("probing %d prompt sets", len(sets))
	rep, err := metacog.RunProbeSets(cp.Model, sets, o.Reps)
	if err != nil {
		return err
	}
	all := rep.Sets
	r.N1 = all
	re, ms := probe.SignalRouterEntropy, probe.SignalMaxSoftmax

	var b strings.Builder
	b.WriteString(all.MarkdownOf("n1", "cross", "bytes"))
	for _, s := range all.Sets {
		fmt.Fprintf(&b, "## Set %s: router_entropy_mean vs max_softmax_mean\n\n"+
			"Difference = AUROC(router_entropy_mean) − AUROC(max_softmax_mean), paired bootstrap 95 %% interval. "+
			"Per-signal intervals: ordinary bootstrap. Baselines: AUROC of the prompt length in bytes and of the share of non-letter bytes (larger = OOD).\n\n"+
			"| column | router_entropy_mean | max_softmax_mean | difference | 95 %% interval | verdict | %s | %s |\n|---|---:|---:|---:|---|---|---:|---:|\n",
			s.Name, probe.SignalLengthBytes, probe.SignalNonLetter)
		for _, c := range s.Comps {
			d, err := s.Paired(re, ms, c.Column)
			if err != nil {
				return err
			}
			cr, _ := s.Table.Get(re, c.Column)
			cm, _ := s.Table.Get(ms, c.Column)
			cl, _ := s.Table.Get(probe.SignalLengthBytes, c.Column)
			cn, _ := s.Table.Get(probe.SignalNonLetter, c.Column)
			verdict := "no clear difference (interval contains 0)"
			switch d.Sign() {
			case 1:
				verdict = "router entropy better"
			case -1:
				verdict = "router entropy worse"
			}
			if c.Mix {
				verdict = "in-domain mix: 0.5 = the signal ignores the in-domain kind"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %+.3f | [%+.3f, %+.3f] | %s | %.3f | %.3f |\n",
				c.Column, cr, cm, d.Diff, d.Lo, d.Hi, verdict, cl.AUROC, cn.AUROC)
			k := "n1." + s.Name + "." + c.Key + "."
			r.add(k+"auroc."+re, d.AUROCA, 0.01)
			r.add(k+"auroc."+ms, d.AUROCB, 0.01)
			if !c.Mix {
				r.add(k+"diff", d.Diff, 0.01)
				r.add(k+"diff_lo", d.Lo, 0.01)
				r.add(k+"diff_hi", d.Hi, 0.01)
			}
		}
		cl, _ := s.Table.Get(probe.SignalLengthBytes, probe.ColumnAllOOD)
		cn, _ := s.Table.Get(probe.SignalNonLetter, probe.ColumnAllOOD)
		r.add("n1."+s.Name+".all_ood.auroc."+probe.SignalLengthBytes, cl.AUROC, 0.01)
		r.add("n1."+s.Name+".all_ood.auroc."+probe.SignalNonLetter, cn.AUROC, 0.01)
		b.WriteString("\n| regime | router_entropy_mean (nats), mean | max_softmax_mean, mean |\n|---|---:|---:|\n")
		for _, st := range s.Stats {
			var xr, xm []float64
			for _, rec := range s.Records {
				if rec.Regime == st.Regime {
					xr, xm = append(xr, rec.Signals[re]), append(xm, rec.Signals[ms])
				}
			}
			fmt.Fprintf(&b, "| %s | %.4f | %.4f |\n", st.Regime, mean(xr), mean(xm))
		}
		b.WriteString("\n" + s.StatsMarkdown() + "\n")
	}
	r.Body = b.String()
	r.Conclusion = n1Conclusion(cp.Path, all)
	return nil
}

// n1Conclusion states, from the numbers, on which sets N1 holds, where it
// flips, how the in-domain mix moves it, and where a byte count beats
// either signal.
func n1Conclusion(ckpt string, all *probe.SetsReport) string {
	re, ms := probe.SignalRouterEntropy, probe.SignalMaxSoftmax
	var c strings.Builder
	var crossParts []string
	for _, s := range all.Sets {
		d, _ := s.Paired(re, ms, probe.ColumnAllOOD)
		crossParts = append(crossParts, fmt.Sprintf("%s %.3f vs %.3f (difference %s)", s.Name, d.AUROCA, d.AUROCB, d))
	}
	var cross probe.Claim
	for _, cl := range all.N1 {
		if cl.Column == probe.ColumnAllOOD {
			cross = cl
		}
	}
	fmt.Fprintf(&c, "On %s, \"router entropy is a weaker cross-regime OOD signal than max_softmax_mean\" %s. Cross-regime AUROC, router_entropy_mean vs max_softmax_mean: %s. ",
		ckpt, cross.Holds, strings.Join(crossParts, "; "))
	var every, flips, none []string
	for _, cl := range all.N1 {
		if cl.Column == probe.ColumnAllOOD || len(cl.Holds.On)+len(cl.Holds.Reversed)+len(cl.Holds.Undecided) < 2 {
			continue
		}
		switch cl.Holds.Status() {
		case probe.HoldsEvery:
			every = append(every, cl.Column)
		case probe.HoldsFlips:
			flips = append(flips, cl.Column)
		case probe.HoldsNone, probe.HoldsAgainst:
			none = append(none, cl.Column)
		}
	}
	fmt.Fprintf(&c, "Among the columns that at least two sets share, router entropy is significantly below max_softmax_mean on every set for: %s; "+
		"the order flips between sets for: %s; it is below on no set for: %s (a set counts only when its paired interval excludes 0). ",
		list(every), list(flips), list(none))
	for _, s := range all.Sets {
		for _, comp := range s.Comps {
			if !comp.Mix {
				continue
			}
			mr, _ := s.Table.Get(re, comp.Column)
			mm, _ := s.Table.Get(ms, comp.Column)
			a, _ := s.Table.Get(re, probe.ColumnAllOOD+" ("+comp.Neg[0]+")")
			bb, _ := s.Table.Get(re, probe.ColumnAllOOD+" ("+comp.Pos[0]+")")
			matters := "does not measurably move router entropy (its interval contains 0.5)"
			if mr.Lo > 0.5 || mr.Hi < 0.5 {
				matters = "matters for router entropy (its interval excludes 0.5)"
			}
			fmt.Fprintf(&c, "The in-domain mix %s: on %s, %s vs %s gives router_entropy_mean AUROC %.3f %s and max_softmax_mean %.3f %s (0.5 = indifferent), "+
				"and router entropy's cross-regime AUROC is %.3f with only %s as in-domain, %.3f with only %s. ",
				matters, s.Name, comp.Pos[0], comp.Neg[0], mr.AUROC, interval(mr), mm.AUROC, interval(mm), a.AUROC, comp.Neg[0], bb.AUROC, comp.Pos[0])
		}
	}
	var beaten []string
	for _, s := range all.Sets {
		for _, sig := range []string{re, ms} {
			for _, bt := range s.Beats {
				if bt.Signal == sig && bt.Column == probe.ColumnAllOOD && bt.Significant() {
					beaten = append(beaten, fmt.Sprintf("%s on %s (%s %.3f vs %.3f)", sig, s.Name, bt.Baseline, bt.Diff.AUROCA, bt.Diff.AUROCB))
					break
				}
			}
		}
	}
	if len(beaten) > 0 {
		fmt.Fprintf(&c, "A byte count beats a model signal cross-regime, significantly: %s — there the signal is not a metacognition signal. ", strings.Join(beaten, "; "))
	} else {
		c.WriteString("No byte-count baseline significantly beats router_entropy_mean or max_softmax_mean cross-regime on any set, though per regime they do (table below). ")
	}
	return c.String()
}

func interval(c probe.Cell) string { return fmt.Sprintf("[%.3f, %.3f]", c.Lo, c.Hi) }

func list(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
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

// mustLookup is lookup for keys the caller just added.
func mustLookup(ns []Number, key string) float64 {
	v, _ := lookup(ns, key)
	return v
}
