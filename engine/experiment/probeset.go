package experiment

import (
	"fmt"
	"path/filepath"

	"trigo/engine/metacog"
	"trigo/engine/model"
	"trigo/engine/probe"
)

// ProbeFile is the 210-prompt probe set (7 regimes × 30).
const ProbeFile = "probe_210.jsonl"

// Columns are the AUROC columns: cross-regime first, then each OOD regime.
var Columns = append([]string{probe.ColumnAllOOD}, probe.OODRegimes...)

// loadPrompts reads a prompt set of the Prompts folder and checks its size
// (want ≤ 0: the probe set's 7 × 30 layout).
func loadPrompts(o *Options, name string, want int) ([]probe.Prompt, error) {
	path := filepath.Join(o.Prompts, name)
	ps, err := probe.LoadPrompts(path)
	if err != nil {
		return nil, err
	}
	if want <= 0 {
		if err := probe.CheckProbeSet(ps, 30); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	} else if len(ps) != want {
		return nil, fmt.Errorf("%s: %d prompts, want %d", path, len(ps), want)
	}
	return ps, nil
}

// probeRun is one model's signals on the probe set.
type probeRun struct{ rep *metacog.ProbeReport }

func runProbe(m *model.Model, ps []probe.Prompt) probeRun {
	return probeRun{&metacog.ProbeReport{Model: m.Spec.Name, Records: metacog.Probe(m, ps)}}
}

// scores are one signal's in-domain (neg) and column (pos) values, in
// prompt order, so that two signals' scores pair up prompt by prompt.
func (p probeRun) scores(signal, column string) (neg, pos []float64) {
	return p.rep.Scores(signal, column)
}

// auroc is the signal's AUROC for the column and its bootstrap interval.
func (p probeRun) auroc(signal, column string, reps int) (a, lo, hi float64, err error) {
	neg, pos := p.scores(signal, column)
	if a, err = probe.AUROC(neg, pos); err != nil {
		return
	}
	lo, hi = probe.BootstrapAUROC(neg, pos, reps, metacog.BootstrapSeed)
	return
}

// regimeMean is the signal's mean over the prompts of one regime ("" or
// probe.ColumnAllOOD: every OOD prompt).
func (p probeRun) regimeMean(signal, regime string) float64 {
	var xs []float64
	for _, r := range p.rep.Records {
		ood := r.Regime != probe.RegimeInDomain
		if r.Regime == regime || ((regime == "" || regime == probe.ColumnAllOOD) && ood) {
			xs = append(xs, r.Signals[signal])
		}
	}
	return mean(xs)
}
