package probe

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestHoldsStatus(t *testing.T) {
	sets := []string{"a", "b", "c"}
	for _, c := range []struct {
		v    map[string]int
		want string
	}{
		{map[string]int{"a": 1, "b": 1, "c": 1}, HoldsEvery},
		{map[string]int{"a": 1, "b": 0, "c": 1}, HoldsSome},
		{map[string]int{"a": 1, "b": -1, "c": 0}, HoldsFlips},
		{map[string]int{"a": 0, "b": 0, "c": -1}, HoldsNone},
		{map[string]int{"a": -1, "b": -1}, HoldsAgainst},
		{map[string]int{"b": 1}, HoldsOneSet},
		{map[string]int{"a": 1, "b": 1}, HoldsEvery}, // c absent: every set that has it
		{map[string]int{}, HoldsNone},
	} {
		h := HoldsOf(sets, c.v)
		if got := h.Status(); got != c.want {
			t.Errorf("%v: status %q, want %q (%s)", c.v, got, c.want, h)
		}
	}
	h := HoldsOf(sets, map[string]int{"a": 1, "b": -1})
	if want := "flips: holds on a; reversed on b; absent from c"; h.String() != want {
		t.Errorf("String %q, want %q", h.String(), want)
	}
}

// synthSet builds a set of n in-domain and n OOD prompts per OOD regime
// whose signals separate as asked: sep[signal] > 0 pushes the OOD
// prompts up by that many standard deviations, < 0 down.
func synthSet(name string, regimes []string, n int, sep map[string]float64, seed uint64) ([]Prompt, []Record) {
	r := rand.New(rand.NewPCG(seed, 1))
	var ps []Prompt
	var recs []Record
	add := func(reg string, ood bool) {
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("%s_%02d", reg, i)
			// Same length and letters everywhere, so the baselines know nothing.
			ps = append(ps, Prompt{ID: id, Regime: reg, Prompt: "the cat sat"})
			sig := map[string]float64{}
			for _, s := range Signals {
				v := r.NormFloat64()
				if ood {
					v += sep[s]
				}
				sig[s] = v
			}
			recs = append(recs, Record{ID: id, Regime: reg, Signals: sig})
		}
	}
	add(RegimeInDomain, false)
	for _, reg := range regimes {
		add(reg, true)
	}
	return ps, recs
}

// N1's claim flips when router entropy is far below max_softmax on one
// set and far above on the other; the winner of the first set is
// reversed on the second.
func TestCompareSetsFlips(t *testing.T) {
	regs := []string{RegimeGibberish, RegimeFactual}
	pa, ra := synthSet("a", regs, 40, map[string]float64{SignalMaxSoftmax: 3, SignalRouterEntropy: 0}, 1)
	pb, rb := synthSet("b", regs, 40, map[string]float64{SignalMaxSoftmax: 0, SignalRouterEntropy: 3}, 2)
	pc, rc := synthSet("c", []string{RegimeFactual}, 40, map[string]float64{SignalMaxSoftmax: 3, SignalRouterEntropy: 0}, 3)
	var reps []*SetReport
	for _, s := range []struct {
		name string
		ps   []Prompt
		rs   []Record
	}{{"a", pa, ra}, {"b", pb, rb}, {"c", pc, rc}} {
		sr, err := AnalyzeSet(s.name, s.ps, s.rs, nil, 300, 1)
		if err != nil {
			t.Fatal(err)
		}
		reps = append(reps, sr)
	}
	all, err := CompareSets(reps)
	if err != nil {
		t.Fatal(err)
	}
	claims := map[string]Claim{}
	for _, c := range all.N1 {
		claims[c.Column] = c
	}
	if h := claims[ColumnAllOOD].Holds; h.Status() != HoldsFlips || strings.Join(h.On, ",") != "a,c" || strings.Join(h.Reversed, ",") != "b" {
		t.Errorf("all OOD: %s", h)
	}
	if h := claims[RegimeGibberish].Holds; h.Status() != HoldsFlips || strings.Join(h.Absent, ",") != "c" {
		t.Errorf("gibberish: %s", h)
	}
	for _, w := range all.Winners {
		if w.Column != ColumnAllOOD {
			continue
		}
		if w.Claim != SignalMaxSoftmax+" wins" && w.Claim != SignalTokenEntropy+" wins" {
			// max_softmax is the only separating signal on a; token entropy
			// is pure noise and cannot win by chance at 3 SD.
			t.Errorf("winner claim %q", w.Claim)
		}
		if !contains(w.Holds.Reversed, "b") || !strings.Contains(w.Point, "winners differ") {
			t.Errorf("winner on b not reversed: %s (%s)", w.Holds, w.Point)
		}
	}
	md := all.Markdown()
	for _, want := range []string{"## Does N1 hold on every set?", "flips: holds on a, c; reversed on b", "## Set b", "## Where a byte count beats the model"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if got := all.MarkdownOf("cross"); !strings.HasPrefix(got, "## Cross-regime AUROC on each set") || strings.Contains(got, "N1") {
		t.Errorf("MarkdownOf(cross) = %q…", got[:min(len(got), 80)])
	}
	if !strings.Contains(all.HTML(), "<table>") {
		t.Error("HTML has no table")
	}
}

// A stress-like set: the group decides the class, gibberish kinds pool
// into "gibberish", each in-domain regime gets its own all-OOD column and
// the two are compared as the in-domain mix.
func TestComparisonsWithGroups(t *testing.T) {
	var recs []Record
	add := func(reg, group string, n int, v float64) {
		for i := 0; i < n; i++ {
			recs = append(recs, Record{ID: fmt.Sprintf("%s%d", reg, i), Regime: reg, Group: group, Signals: map[string]float64{"s": v + float64(i)/100}})
		}
	}
	add("in_domain_chat", GroupInDomain, 5, 0)
	add("in_domain_story", GroupInDomain, 5, 1)
	add("gibberish_random", GroupOOD, 5, 2)
	add("gibberish_repeat", GroupOOD, 5, 3)
	add("factual", GroupOOD, 5, 4)
	var cols []string
	comps := Comparisons(recs)
	for _, c := range comps {
		cols = append(cols, c.Column)
	}
	want := []string{"all OOD", "factual", "gibberish_random", "gibberish_repeat", "gibberish",
		"all OOD (in_domain_chat)", "all OOD (in_domain_story)", "in-domain mix (in_domain_story vs in_domain_chat)"}
	if strings.Join(cols, "|") != strings.Join(want, "|") {
		t.Fatalf("columns %q, want %q", cols, want)
	}
	tab, err := CompareTable(recs, []string{"s"}, comps, 100, 1)
	if err != nil {
		t.Fatal(err)
	}
	for col, w := range map[string]struct {
		a          float64
		nneg, npos int
	}{
		"all OOD": {1, 10, 15}, "gibberish": {1, 10, 10}, "all OOD (in_domain_story)": {1, 5, 15},
		"in-domain mix (in_domain_story vs in_domain_chat)": {1, 5, 5},
	} {
		c, _ := tab.Get("s", col)
		if c.AUROC != w.a || c.NNeg != w.nneg || c.NPos != w.npos {
			t.Errorf("%s: %+v, want AUROC %v, %d vs %d", col, c, w.a, w.nneg, w.npos)
		}
	}
	// PerRegime on the same records: in-domain regimes are no columns.
	per, err := PerRegime(recs, []string{"s"}, 50, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(per.Columns, ","); got != "factual,gibberish_random,gibberish_repeat" {
		t.Errorf("PerRegime columns %s", got)
	}
}

func TestBaselineSignals(t *testing.T) {
	for _, c := range []struct {
		in        string
		len, nonl float64
	}{
		{"the cat", 7, 0},
		{"x=1+2;", 6, 5.0 / 6},
		{"日本語", 9, 0}, // letters of any script are letters
		{"Hi! 42", 6, 3.0 / 6},
		{"", 0, 0},
	} {
		b := BaselineSignals(c.in)
		if b[SignalLengthBytes] != c.len || math.Abs(b[SignalNonLetter]-c.nonl) > 1e-12 {
			t.Errorf("%q: %v, want len %v non-letter %v", c.in, b, c.len, c.nonl)
		}
	}
	st := RegimeStats([]Prompt{
		{ID: "1", Regime: "math", Prompt: "1+1"},
		{ID: "2", Regime: "math", Prompt: "Two PLUS two"},
		{ID: "3", Regime: RegimeInDomain, Prompt: "A cat."},
	})
	if len(st) != 2 || st[0].Regime != RegimeInDomain {
		t.Fatalf("stats %+v: want in_domain first, then math", st)
	}
	m := st[1]
	// 15 bytes: 10 letters (5 upper), 2 spaces, 3 non-letters.
	if m.N != 2 || m.MinBytes != 3 || m.MaxBytes != 12 || m.MeanBytes != 7.5 ||
		math.Abs(m.Letters-10.0/15) > 1e-12 || math.Abs(m.NonLetter-3.0/15) > 1e-12 || math.Abs(m.Upper-0.5) > 1e-12 {
		t.Errorf("math stats %+v", m)
	}
}

// A set where shorter prompts are the OOD ones and the model's signal is
// noise: the length baseline beats it, reversed, significantly.
func TestBaselineBeatsSignal(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	var ps []Prompt
	var recs []Record
	for i := 0; i < 60; i++ {
		reg, text := RegimeInDomain, strings.Repeat("story ", 10+i%5)
		if i >= 30 {
			reg, text = RegimeGibberish, strings.Repeat("q", 3+i%5)
		}
		id := fmt.Sprint(i)
		ps = append(ps, Prompt{ID: id, Regime: reg, Prompt: text})
		recs = append(recs, Record{ID: id, Regime: reg, Signals: map[string]float64{SignalMaxSoftmax: r.Float64()}})
	}
	s, err := AnalyzeSet("x", ps, recs, []string{SignalMaxSoftmax}, 300, 1)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, b := range s.Beats {
		if b.Baseline == SignalLengthBytes && b.Signal == SignalMaxSoftmax && b.Column == ColumnAllOOD {
			found = true
			if !b.Lower || !b.Significant() || b.Diff.AUROCA != 1 {
				t.Errorf("beat %+v: want lower, significant, baseline AUROC 1", b)
			}
		}
	}
	if !found {
		t.Fatalf("length baseline does not beat a noise signal: %+v", s.Beats)
	}
	all, _ := CompareSets([]*SetReport{s})
	if md := all.Markdown(); !strings.Contains(md, "baseline_len_bytes (smaller = OOD)") || !strings.Contains(md, "not a metacognition signal") {
		t.Error("Markdown does not report the baseline beating the signal")
	}
}

func TestAnalyzeSetErrors(t *testing.T) {
	ps := []Prompt{{ID: "a", Regime: RegimeInDomain, Prompt: "x"}, {ID: "b", Regime: RegimeMath, Prompt: "1"}}
	recs := []Record{{ID: "a", Signals: map[string]float64{"s": 1}}, {ID: "zz", Signals: map[string]float64{"s": 2}}}
	if _, err := AnalyzeSet("x", ps, recs[:1], []string{"s"}, 10, 1); err == nil || !strings.Contains(err.Error(), "2 prompts but 1 records") {
		t.Errorf("length mismatch: %v", err)
	}
	if _, err := AnalyzeSet("x", ps, recs, []string{"s"}, 10, 1); err == nil || !strings.Contains(err.Error(), `"zz"`) {
		t.Errorf("id mismatch: %v", err)
	}
	bad := []Prompt{{ID: "a", Regime: "r", Group: "maybe", Prompt: "x"}}
	if err := CheckSet(bad); err == nil || !strings.Contains(err.Error(), `"maybe"`) {
		t.Errorf("bad group: %v", err)
	}
	if err := CheckSet(ps[:1]); err == nil || !strings.Contains(err.Error(), "need both") {
		t.Errorf("no OOD prompts: %v", err)
	}
	mixed := []Prompt{{ID: "a", Regime: "r", Group: GroupInDomain, Prompt: "x"}, {ID: "b", Regime: "r", Group: GroupOOD, Prompt: "y"}}
	if err := CheckSet(mixed); err == nil || !strings.Contains(err.Error(), `regime "r"`) {
		t.Errorf("regime in two groups: %v", err)
	}
}

// The shipped prompt sets load and pass CheckSet.
func TestDefaultSetsLoad(t *testing.T) {
	for _, f := range DefaultSets {
		s, err := LoadSet("../../prompts/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != strings.TrimSuffix(f, ".jsonl") || len(s.Prompts) < 60 {
			t.Errorf("%s: name %q, %d prompts", f, s.Name, len(s.Prompts))
		}
	}
}
