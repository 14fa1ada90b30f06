package probe

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// fakeRecords returns 30 prompts per regime whose router entropy
// separates regime r by an amount growing with r's index, and whose
// abstain_p separates only "factual".
func fakeRecords() []Record {
	r := rand.New(rand.NewPCG(1, 1))
	var recs []Record
	for k, reg := range Regimes {
		for i := range 30 {
			ent := r.NormFloat64() + float64(k)*0.5
			ab := r.Float64()
			if reg == RegimeFactual {
				ab += 1
			}
			recs = append(recs, Record{
				ID: fmt.Sprintf("%s_%02d", reg, i+1), Regime: reg,
				Signals: map[string]float64{
					SignalMaxSoftmax: r.Float64(), SignalTokenEntropy: r.Float64(),
					SignalRouterEntropy: ent, SignalAbstainP: ab,
				},
			})
		}
	}
	return recs
}

func TestCrossAndPerRegime(t *testing.T) {
	recs := fakeRecords()
	cross, err := CrossRegime(recs, nil, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(cross.Columns) != 1 || cross.Columns[0] != ColumnAllOOD || len(cross.Signals) != 4 {
		t.Fatalf("cross table shape: %v × %v", cross.Signals, cross.Columns)
	}
	c, ok := cross.Get(SignalRouterEntropy, ColumnAllOOD)
	if !ok || c.NNeg != 30 || c.NPos != 180 {
		t.Fatalf("cell = %+v, %v", c, ok)
	}
	// The cell equals a direct AUROC computation.
	var neg, pos []float64
	for _, r := range recs {
		if r.Regime == RegimeInDomain {
			neg = append(neg, r.Signals[SignalRouterEntropy])
		} else {
			pos = append(pos, r.Signals[SignalRouterEntropy])
		}
	}
	if a, _ := AUROC(neg, pos); a != c.AUROC || !(c.Lo <= a && a <= c.Hi) {
		t.Errorf("cell %+v, direct AUROC %g", c, a)
	}

	per, err := PerRegime(recs, []string{SignalRouterEntropy, SignalAbstainP}, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(per.Columns) != fmt.Sprint(OODRegimes) {
		t.Fatalf("columns %v, want %v", per.Columns, OODRegimes)
	}
	f, _ := per.Get(SignalAbstainP, RegimeFactual)
	g, _ := per.Get(SignalAbstainP, RegimeGibberish)
	if f.AUROC < 0.9 || math.Abs(g.AUROC-0.5) > 0.25 {
		t.Errorf("abstain_p: factual %g (want > 0.9), gibberish %g (want ≈ 0.5)", f.AUROC, g.AUROC)
	}
	if _, ok := per.Get("nope", RegimeMath); ok {
		t.Error("Get of an unknown signal should fail")
	}
	// Deterministic for a seed.
	again, _ := PerRegime(recs, []string{SignalRouterEntropy, SignalAbstainP}, 200, 1)
	if again.Markdown() != per.Markdown() {
		t.Error("same seed, different table")
	}
}

func TestTableRendering(t *testing.T) {
	per, err := PerRegime(fakeRecords(), nil, 100, 3)
	if err != nil {
		t.Fatal(err)
	}
	per.Title = "Per-regime AUROC <lite>"
	md := per.Markdown()
	lines := strings.Split(strings.TrimSpace(md), "\n")
	if !strings.HasPrefix(lines[2], "| signal | gibberish (30 vs 30) | factual (30 vs 30) |") {
		t.Errorf("header line %q", lines[2])
	}
	if lines[3] != "|---|---:|---:|---:|---:|---:|---:|" {
		t.Errorf("separator line %q", lines[3])
	}
	if got := strings.Count(md, "**") / 2; got != 1+len(per.Columns) {
		t.Errorf("%d bold items, want the title and one best per column (%d)", got, 1+len(per.Columns))
	}
	if per.String() != md {
		t.Error("String should be Markdown")
	}
	h := per.HTML()
	if !strings.Contains(h, "&lt;lite&gt;") {
		t.Error("HTML does not escape the title")
	}
	d := xml.NewDecoder(strings.NewReader(h))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("HTML is not well-formed: %v\n%s", err, h)
		}
	}
	if got := strings.Count(h, "<tr>"); got != 1+len(per.Signals) {
		t.Errorf("%d rows, want %d", got, 1+len(per.Signals))
	}
	if c := (Cell{AUROC: 0.8734, Lo: 0.81, Hi: 0.9}); c.String() != "0.873 [0.810, 0.900]" {
		t.Errorf("Cell.String = %q", c.String())
	}
}

func TestTableErrors(t *testing.T) {
	recs := fakeRecords()
	delete(recs[40].Signals, SignalAbstainP)
	if _, err := CrossRegime(recs, nil, 10, 1); err == nil || !strings.Contains(err.Error(), `record "gibberish_11" (gibberish) has no signal "abstain_p"`) {
		t.Errorf("missing signal: %v", err)
	}
	recs = fakeRecords()
	recs[0].Signals[SignalMaxSoftmax] = math.NaN()
	if _, err := PerRegime(recs, nil, 10, 1); err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("NaN: %v", err)
	}
	var onlyOOD []Record
	for _, r := range fakeRecords() {
		if r.Regime != RegimeInDomain {
			onlyOOD = append(onlyOOD, r)
		}
	}
	if _, err := CrossRegime(onlyOOD, nil, 10, 1); err == nil || !strings.Contains(err.Error(), "0 negative") {
		t.Errorf("no in-domain: %v", err)
	}
	if _, err := PerRegime(fakeRecords()[:30], nil, 10, 1); err == nil || !strings.Contains(err.Error(), "no out-of-domain") {
		t.Errorf("no OOD: %v", err)
	}
	if _, err := CrossRegime(fakeRecords(), []string{}, 10, 1); err == nil {
		t.Error("no signals: want error")
	}
}

func TestPerRegimeUnknownRegimes(t *testing.T) {
	recs := fakeRecords()
	for i := 30; i < 40; i++ {
		recs[i].Regime = "zz_extra"
	}
	for i := 40; i < 50; i++ {
		recs[i].Regime = "aa_extra"
	}
	per, err := PerRegime(recs, []string{SignalRouterEntropy}, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]string{}, OODRegimes...), "aa_extra", "zz_extra")
	if fmt.Sprint(per.Columns) != fmt.Sprint(want) {
		t.Errorf("columns %v, want %v", per.Columns, want)
	}
}
