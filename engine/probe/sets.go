package probe

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
)

// Comparison is one column of a probe table: which records form the
// negative (in-domain) and which the positive (out-of-domain) class.
type Comparison struct {
	// Column names it in tables: "all OOD", a regime, "all OOD (in_domain_chat)", …
	Column string
	// Key names it in results keys: "all_ood", "gibberish", "all_ood_vs_in_domain_chat", "in_domain_mix".
	Key string
	// Neg lists the regimes of the negative class; nil: every in-domain record (InDomain).
	Neg []string
	// Pos lists the regimes of the positive class; nil: every out-of-domain record.
	Pos []string
	// Mix marks the in-domain mix: two in-domain regimes against each
	// other. A signal should score near 0.5 there; it makes no OOD claim,
	// so winners, N1 and baseline verdicts leave it out.
	Mix bool
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func (c Comparison) isNeg(r Record) bool {
	if c.Neg == nil {
		return InDomain(r.Regime, r.Group)
	}
	return contains(c.Neg, r.Regime)
}

func (c Comparison) isPos(r Record) bool {
	if c.Pos == nil {
		return !InDomain(r.Regime, r.Group)
	}
	return contains(c.Pos, r.Regime)
}

// Scores returns one signal's values of the comparison's negative and
// positive records, in record order (so two signals' scores pair up
// record by record). It returns an error naming the record when one of
// them lacks the signal or holds NaN for it.
func (c Comparison) Scores(records []Record, signal string) (neg, pos []float64, err error) {
	for _, r := range records {
		n, p := c.isNeg(r), c.isPos(r)
		if !n && !p {
			continue
		}
		v, ok := r.Signals[signal]
		if !ok {
			return nil, nil, fmt.Errorf("record %q (%s) has no signal %q", r.ID, r.Regime, signal)
		}
		if math.IsNaN(v) {
			return nil, nil, fmt.Errorf("record %q (%s) has NaN for signal %q", r.ID, r.Regime, signal)
		}
		if n {
			neg = append(neg, v)
		} else {
			pos = append(pos, v)
		}
	}
	return neg, pos, nil
}

// Comparisons lists the columns of a set's table: ColumnAllOOD; each
// out-of-domain regime; a pooled column per family of regimes named
// FAMILY_KIND with FAMILY one of OODRegimes, when the set has no regime
// FAMILY itself ("gibberish_random", "gibberish_keyboard", … → "gibberish",
// so that sets with finer regimes share the column); when the in-domain
// records span several regimes, all OOD against each of them alone; and
// with exactly two in-domain regimes the in-domain mix (the second,
// in table order, as positives against the first).
func Comparisons(records []Record) []Comparison {
	comps := []Comparison{{Column: ColumnAllOOD, Key: "all_ood"}}
	ood := oodRegimes(records)
	for _, r := range ood {
		comps = append(comps, Comparison{Column: r, Key: r, Pos: []string{r}})
	}
	for _, fam := range OODRegimes {
		if contains(ood, fam) {
			continue
		}
		var members []string
		for _, r := range ood {
			if strings.HasPrefix(r, fam+"_") {
				members = append(members, r)
			}
		}
		if len(members) > 0 {
			comps = append(comps, Comparison{Column: fam, Key: fam, Pos: members})
		}
	}
	seen := map[string]bool{}
	for _, r := range records {
		if InDomain(r.Regime, r.Group) {
			seen[r.Regime] = true
		}
	}
	in := orderRegimes(seen)
	if len(in) > 1 {
		for _, r := range in {
			comps = append(comps, Comparison{Column: ColumnAllOOD + " (" + r + ")", Key: "all_ood_vs_" + r, Neg: []string{r}})
		}
	}
	if len(in) == 2 {
		comps = append(comps, Comparison{Column: "in-domain mix (" + in[1] + " vs " + in[0] + ")", Key: "in_domain_mix",
			Neg: []string{in[0]}, Pos: []string{in[1]}, Mix: true})
	}
	return comps
}

// PairedDiff is AUROC(A) − AUROC(B) of two signals on the same
// comparison, with its paired bootstrap 95 % interval
// (PairedBootstrapAUROCDiff).
type PairedDiff struct {
	// A and B are the two signals.
	A, B string
	// AUROCA and AUROCB are their AUROCs.
	AUROCA, AUROCB float64
	// Diff = AUROCA − AUROCB; [Lo, Hi] its interval.
	Diff, Lo, Hi float64
}

// Sign is +1 when the interval lies above 0 (A significantly better),
// −1 when below, 0 when it contains 0.
func (d PairedDiff) Sign() int { return signOf(d.Lo, d.Hi) }

func signOf(lo, hi float64) int {
	switch {
	case lo > 0:
		return 1
	case hi < 0:
		return -1
	}
	return 0
}

// String formats the difference as "-0.204 [-0.287, -0.122]".
func (d PairedDiff) String() string { return fmt.Sprintf("%+.3f [%+.3f, %+.3f]", d.Diff, d.Lo, d.Hi) }

// Winner is the model signal with the largest AUROC on one comparison
// and how far it leads the runner-up.
type Winner struct {
	// Signal is the winner; Lead compares it with the runner-up.
	Signal string
	Lead   PairedDiff
}

// BaselineBeat records a trivial baseline that separates a comparison
// better than a model signal.
type BaselineBeat struct {
	// Column is the comparison's column.
	Column string
	// Baseline and Signal name the two; Lower says the baseline works
	// reversed there (shorter prompts, or fewer non-letter bytes, are the
	// OOD ones), so its AUROC was taken as 1 − AUROC. The direction is
	// chosen on the set itself, which flatters the baseline a little.
	Baseline, Signal string
	Lower            bool
	// Diff is AUROC(baseline, oriented) − AUROC(signal), paired.
	Diff PairedDiff
}

// Significant reports whether the baseline's lead excludes 0.
func (b BaselineBeat) Significant() bool { return b.Diff.Lo > 0 }

// SetReport is one prompt set's part of a multi-set probe.
type SetReport struct {
	// Name names the set (the file name without .jsonl: "probe_210").
	Name string
	// Records carry the model's signals and the Baselines.
	Records []Record
	// Signals are the model's signals (the table has them, then Baselines).
	Signals []string
	// Stats describe the prompts' bytes per regime.
	Stats []TextStats
	// Comps are the columns of Table.
	Comps []Comparison
	// Table holds every signal's and baseline's AUROC per comparison.
	Table *AUROCTable
	// Winners holds each non-mix comparison's winner, by column.
	Winners map[string]Winner
	// Beats lists the baselines that beat a model signal (point estimate).
	Beats []BaselineBeat

	reps int
	seed int64
}

// SetName is a prompt file's set name: its base name without ".jsonl".
func SetName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".jsonl")
}

// AnalyzeSet computes one set's part of a multi-set probe: text
// statistics, the AUROC table of the model's signals and the Baselines
// over Comparisons, each comparison's winner, and the baselines that beat
// a model signal. records[i] must be prompts[i]'s; they are copied, the
// baselines added. reps ≤ 0 means 2000.
func AnalyzeSet(name string, prompts []Prompt, records []Record, signals []string, reps int, seed int64) (*SetReport, error) {
	if len(prompts) != len(records) {
		return nil, fmt.Errorf("probe.AnalyzeSet %s: %d prompts but %d records", name, len(prompts), len(records))
	}
	if err := CheckSet(prompts); err != nil {
		return nil, fmt.Errorf("probe.AnalyzeSet %s: %v", name, err)
	}
	if signals == nil {
		signals = Signals
	}
	if reps <= 0 {
		reps = 2000
	}
	s := &SetReport{Name: name, Signals: signals, Stats: RegimeStats(prompts), Winners: map[string]Winner{}, reps: reps, seed: seed}
	for i, r := range records {
		if r.ID != prompts[i].ID {
			return nil, fmt.Errorf("probe.AnalyzeSet %s: record %d is %q, prompt %d is %q", name, i, r.ID, i, prompts[i].ID)
		}
		sig := BaselineSignals(prompts[i].Prompt)
		for k, v := range r.Signals {
			sig[k] = v
		}
		s.Records = append(s.Records, Record{ID: r.ID, Regime: prompts[i].Regime, Group: prompts[i].Group, Signals: sig})
	}
	s.Comps = Comparisons(s.Records)
	var err error
	rows := append(append([]string(nil), signals...), Baselines...)
	if s.Table, err = CompareTable(s.Records, rows, s.Comps, reps, seed); err != nil {
		return nil, fmt.Errorf("probe.AnalyzeSet %s: %v", name, err)
	}
	s.Table.Title = name + ": AUROC per comparison"
	for _, c := range s.Comps {
		if c.Mix {
			continue
		}
		if len(signals) > 1 {
			first, second := s.ranked(c.Column)
			lead, err := s.Paired(first, second, c.Column)
			if err != nil {
				return nil, err
			}
			s.Winners[c.Column] = Winner{Signal: first, Lead: lead}
		} else {
			s.Winners[c.Column] = Winner{Signal: signals[0]}
		}
		for _, b := range Baselines {
			cb, _ := s.Table.Get(b, c.Column)
			lower := cb.AUROC < 0.5
			sep := math.Max(cb.AUROC, 1-cb.AUROC)
			for _, sig := range signals {
				cs, _ := s.Table.Get(sig, c.Column)
				if sep <= cs.AUROC {
					continue
				}
				d, err := s.paired(b, lower, sig, c)
				if err != nil {
					return nil, err
				}
				s.Beats = append(s.Beats, BaselineBeat{Column: c.Column, Baseline: b, Signal: sig, Lower: lower, Diff: d})
			}
		}
	}
	return s, nil
}

// ranked returns the best and second-best model signal of a column.
func (s *SetReport) ranked(column string) (first, second string) {
	a1, a2 := math.Inf(-1), math.Inf(-1)
	for _, sig := range s.Signals {
		c, _ := s.Table.Get(sig, column)
		switch {
		case c.AUROC > a1:
			first, second, a1, a2 = sig, first, c.AUROC, a1
		case c.AUROC > a2:
			second, a2 = sig, c.AUROC
		}
	}
	return first, second
}

// Comp returns the comparison of a column.
func (s *SetReport) Comp(column string) (Comparison, bool) {
	for _, c := range s.Comps {
		if c.Column == column {
			return c, true
		}
	}
	return Comparison{}, false
}

// Paired compares two signals (model signals or baselines, as they are)
// on one column with the paired bootstrap of the set's reps and seed.
func (s *SetReport) Paired(a, b, column string) (PairedDiff, error) {
	c, ok := s.Comp(column)
	if !ok {
		return PairedDiff{}, fmt.Errorf("probe: set %s has no column %q", s.Name, column)
	}
	return s.paired(a, false, b, c)
}

// paired is Paired with a negated when flipA.
func (s *SetReport) paired(a string, flipA bool, b string, c Comparison) (PairedDiff, error) {
	na, pa, err := c.Scores(s.Records, a)
	if err != nil {
		return PairedDiff{}, fmt.Errorf("probe: set %s: %v", s.Name, err)
	}
	nb, pb, err := c.Scores(s.Records, b)
	if err != nil {
		return PairedDiff{}, fmt.Errorf("probe: set %s: %v", s.Name, err)
	}
	if flipA {
		na, pa = negate(na), negate(pa)
	}
	d, lo, hi, err := PairedBootstrapAUROCDiff(na, pa, nb, pb, s.reps, s.seed)
	if err != nil {
		return PairedDiff{}, fmt.Errorf("probe: set %s, column %q, %s vs %s: %v", s.Name, c.Column, a, b, err)
	}
	return PairedDiff{A: a, B: b, AUROCA: mustAUROC(na, pa), AUROCB: mustAUROC(nb, pb), Diff: d, Lo: lo, Hi: hi}, nil
}

func negate(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, v := range xs {
		out[i] = -v
	}
	return out
}

// mustAUROC is AUROC for scores already checked.
func mustAUROC(neg, pos []float64) float64 {
	a, _ := AUROC(neg, pos)
	return a
}

// Holds says on which sets a claim holds: per set, +1 (its interval
// excludes 0 in the claimed direction), −1 (it excludes 0 the other way)
// or 0 (not distinguishable).
type Holds struct {
	// On, Reversed and Undecided name the sets of each verdict; Absent
	// those that lack the comparison.
	On, Reversed, Undecided, Absent []string
}

// HoldsOf sorts sets by their verdicts (+1, −1, 0 as in Holds); a set
// whose verdict is missing from verdicts (ok false) is Absent.
func HoldsOf(sets []string, verdicts map[string]int) Holds {
	var h Holds
	for _, s := range sets {
		v, ok := verdicts[s]
		switch {
		case !ok:
			h.Absent = append(h.Absent, s)
		case v > 0:
			h.On = append(h.On, s)
		case v < 0:
			h.Reversed = append(h.Reversed, s)
		default:
			h.Undecided = append(h.Undecided, s)
		}
	}
	return h
}

// The values of Holds.Status.
const (
	HoldsEvery   = "holds on every set"
	HoldsSome    = "holds on some sets"
	HoldsFlips   = "flips"
	HoldsNone    = "holds on no set"
	HoldsAgainst = "reversed on every set"
	HoldsOneSet  = "one set only"
)

// Status is HoldsOneSet when only one set has the comparison (nothing to
// hold across), HoldsEvery when the claim holds on every set that has the
// comparison, HoldsFlips when it holds on one and is reversed on
// another, HoldsSome when it holds on some and is undecided on the rest,
// HoldsAgainst when it is reversed on every set, HoldsNone otherwise.
func (h Holds) Status() string {
	n := len(h.On) + len(h.Reversed) + len(h.Undecided)
	switch {
	case n == 1:
		return HoldsOneSet
	case n > 0 && len(h.On) == n:
		return HoldsEvery
	case len(h.On) > 0 && len(h.Reversed) > 0:
		return HoldsFlips
	case len(h.On) > 0:
		return HoldsSome
	case n > 0 && len(h.Reversed) == n:
		return HoldsAgainst
	}
	return HoldsNone
}

// String is the status and the sets of each verdict:
// "flips: holds on probe_210; reversed on probe_b; not distinguishable on probe_stress".
func (h Holds) String() string {
	var parts []string
	add := func(what string, sets []string) {
		if len(sets) > 0 {
			parts = append(parts, what+" "+strings.Join(sets, ", "))
		}
	}
	add("holds on", h.On)
	add("reversed on", h.Reversed)
	add("not distinguishable on", h.Undecided)
	add("absent from", h.Absent)
	return h.Status() + ": " + strings.Join(parts, "; ")
}

// DefaultSets are the probe's prompt files under prompts/: the original
// 210 prompts, a second set of the same seven regimes written
// independently, and the stress set (in-domain chat vs story, four kinds
// of gibberish, factual).
var DefaultSets = []string{"probe_210.jsonl", "probe_b.jsonl", "probe_stress.jsonl"}

// PromptSet is a named prompt file.
type PromptSet struct {
	// Name is SetName of the file.
	Name string
	// Path is the file read.
	Path string
	// Prompts are its prompts.
	Prompts []Prompt
}

// LoadSet reads a prompt file and checks it with CheckSet; errors name
// the file.
func LoadSet(path string) (PromptSet, error) {
	ps, err := LoadPrompts(path)
	if err != nil {
		return PromptSet{}, err
	}
	if err := CheckSet(ps); err != nil {
		return PromptSet{}, fmt.Errorf("%s: %v", path, err)
	}
	return PromptSet{Name: SetName(path), Path: path, Prompts: ps}, nil
}
