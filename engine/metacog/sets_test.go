package metacog

import (
	"strings"
	"testing"

	"trigo/engine/model"
	"trigo/engine/probe"
)

// The multi-set probe on a tiny (untrained) routed model: every set gets
// its table with the baselines, the claims cover the columns of all sets,
// and the renderings name the sets and the stress set's extra columns.
func TestRunProbeSets(t *testing.T) {
	m := model.New(model.Tiny("lite", model.FP32), 3)
	var sets []probe.PromptSet
	for _, f := range []string{"probe_210.jsonl", "probe_stress.jsonl"} {
		s, err := probe.LoadSet("../../prompts/" + f)
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, s)
	}
	rep, err := RunProbeSets(m, sets, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sets.Sets) != 2 || rep.Note != "" {
		t.Fatalf("%d sets, note %q", len(rep.Sets.Sets), rep.Note)
	}
	for _, s := range rep.Sets.Sets {
		if len(s.Table.Signals) != len(probe.Signals)+len(probe.Baselines) {
			t.Errorf("%s: rows %v", s.Name, s.Table.Signals)
		}
		for _, r := range s.Records {
			if _, ok := r.Signals[probe.SignalLengthBytes]; !ok {
				t.Fatalf("%s: record %s has no baseline", s.Name, r.ID)
			}
		}
	}
	stress := rep.Sets.Sets[1]
	if _, ok := stress.Comp("in-domain mix (in_domain_story vs in_domain_chat)"); !ok {
		t.Errorf("stress set has no in-domain mix column: %v", stress.Table.Columns)
	}
	if c, _ := stress.Table.Get(probe.SignalAbstainP, probe.ColumnAllOOD); c.NNeg != 40 || c.NPos != 60 {
		t.Errorf("stress all OOD: %d vs %d, want 40 vs 60 (the in-domain group is the negative class)", c.NNeg, c.NPos)
	}
	cols := map[string]bool{}
	for _, c := range rep.Sets.N1 {
		cols[c.Column] = true
	}
	for _, want := range []string{probe.ColumnAllOOD, probe.RegimeGibberish, probe.RegimeMath, "gibberish_repeat"} {
		if !cols[want] {
			t.Errorf("no N1 claim for column %q", want)
		}
	}
	md := rep.Markdown()
	for _, want := range []string{"| probe_210 |", "| probe_stress |", "## Set probe_stress", "baseline_nonletter_share", "in_domain_story"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if fig, err := rep.ROC("probe_stress", probe.ColumnAllOOD); err != nil || len(fig.PNG()) == 0 {
		t.Errorf("ROC: %v", err)
	}
	if _, err := rep.ROC("nope", probe.ColumnAllOOD); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("unknown set: %v", err)
	}
	if _, err := RunProbeSets(m, []probe.PromptSet{sets[0], sets[0]}, 10); err == nil || !strings.Contains(err.Error(), "two sets named") {
		t.Errorf("duplicate set names: %v", err)
	}
}
