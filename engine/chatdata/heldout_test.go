package chatdata_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"trigo/engine/chatdata"
	"trigo/engine/probe"
)

// heldOutFiles are the evaluation sets that must share no prompt and no
// near-duplicate with anything the generator emits. All 210 probe prompts
// are checked, not only in_domain and factual.
var heldOutFiles = []string{"abstain_heldout.jsonl", "false_inability.jsonl", "probe_210.jsonl", "chat_quality.jsonl", "probe_b.jsonl", "probe_stress.jsonl"}

// TestHeldOutSetsAreDisjointFromGenerator proves the evaluation prompts
// are held out: no prompt is equal after Normalize, or has character
// 5-gram Jaccard ≥ chatdata.NearDupThreshold, with
//   - every user text of the fixed patterns (exactly) and the story
//     requests composed from parts (searched), by chatdata.NearestPrompts;
//   - every user turn, assistant turn and assistant sentence of a 50 000-
//     conversation sample (seed 1, abstainFrac 0.3) — which covers the
//     stories and the typos.
func TestHeldOutSetsAreDisjointFromGenerator(t *testing.T) {
	if testing.Short() {
		t.Skip("walks ~10⁶ generator texts")
	}
	type hit struct {
		file, id, prompt, nearest string
		sim                       float64
	}
	var all []hit
	for _, f := range heldOutFiles {
		ps, err := probe.LoadPrompts(filepath.Join("..", "..", "prompts", f))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			all = append(all, hit{file: f, id: p.ID, prompt: p.Prompt})
		}
	}
	queries := make([]string, len(all))
	for i, h := range all {
		queries[i] = h.prompt
	}
	for i, m := range chatdata.NearestPrompts(queries) {
		all[i].nearest, all[i].sim = m.Nearest, m.Sim
	}

	ix := chatdata.NewIndex()
	for _, e := range chatdata.Generate(50000, 1, 0.3) {
		for _, turn := range e.Turns {
			ix.Add(turn.Text)
			if turn.Role == chatdata.RoleAssistant {
				for _, s := range sentences(turn.Text) {
					ix.Add(s)
				}
			}
		}
	}
	t.Logf("sample index: %d texts", ix.Len())
	worst := map[string]float64{}
	for i := range all {
		h := &all[i]
		if near, sim := ix.Nearest(h.prompt); sim > h.sim {
			h.nearest, h.sim = near, sim
		}
		worst[h.file] = max(worst[h.file], h.sim)
		if h.sim >= chatdata.NearDupThreshold || (h.nearest != "" && chatdata.Normalize(h.nearest) == chatdata.Normalize(h.prompt)) {
			t.Errorf("%s %s %q is a near-duplicate (Jaccard %.2f) of generated text %q", h.file, h.id, h.prompt, h.sim, h.nearest)
		}
	}
	for _, f := range heldOutFiles {
		t.Logf("%s: highest similarity %.2f", f, worst[f])
	}
	sort.Slice(all, func(i, j int) bool { return all[i].sim > all[j].sim })
	for _, h := range all[:8] {
		t.Logf("closest: %.2f %s %q ~ %q", h.sim, h.id, h.prompt, h.nearest)
	}
}

// TestNearestPromptsFindsGeneratorTexts: a query that is a generator text
// — a fixed pattern's or a composed story request — is found at
// similarity 1, and one a part away is found above the threshold.
func TestNearestPromptsFindsGeneratorTexts(t *testing.T) {
	if testing.Short() {
		t.Skip("walks ~10⁶ generator texts")
	}
	qs := []string{
		"quick question: what is the capital of peru?",                                 // fixed pattern
		"hey, could you make up a bedtime story about a shy fox named Rusty please?",   // composed
		"Um, give me a funny story about some bunnies at the beach",                    // composed
		"could you make up a bedtime story about a shy fox named Rustina, pretty pls?", // a part changed
		"The quick brown fox jumps over the lazy dog near the riverbank at dawn.",      // unrelated
	}
	ms := chatdata.NearestPrompts(qs)
	for i, m := range ms {
		t.Logf("%.2f %q ~ %q", m.Sim, m.Query, m.Nearest)
		switch {
		case i < 3 && (m.Sim != 1 || chatdata.Normalize(m.Nearest) != chatdata.Normalize(qs[i])):
			t.Errorf("%q: nearest %q at %.2f, want itself at 1", qs[i], m.Nearest, m.Sim)
		case i == 3 && m.Sim < chatdata.NearDupThreshold:
			t.Errorf("%q: nearest %q at %.2f, want a near-duplicate", qs[i], m.Nearest, m.Sim)
		case i == 4 && m.Sim >= chatdata.NearDupThreshold:
			t.Errorf("%q: nearest %q at %.2f, want below the threshold", qs[i], m.Nearest, m.Sim)
		}
	}
}

// TestChatQualitySet checks prompts/chat_quality.jsonl: its size per
// kind, and that each story prompt names its subject and name.
func TestChatQualitySet(t *testing.T) {
	ps, err := chatdata.LoadQualityPrompts(filepath.Join("..", "..", "prompts", "chat_quality.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, p := range ps {
		n[p.Kind]++
		if p.Kind != chatdata.KindStory {
			continue
		}
		found := false
		for _, alt := range strings.Split(p.Subject, "|") {
			found = found || chatdata.Mentions(p.Prompt, alt)
		}
		if !found || (p.Name != "" && !chatdata.Mentions(p.Prompt, p.Name)) {
			t.Errorf("%s: prompt %q does not name subject %q / name %q", p.ID, p.Prompt, p.Subject, p.Name)
		}
	}
	if n["story"] < 30 || n["greeting"]+n["identity"]+n["smalltalk"] < 20 {
		t.Errorf("chat_quality.jsonl has %v; want ≥ 30 stories and ≥ 20 others", n)
	}
}

// sentences splits a story into sentences at ". ", "! " and "? ".
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(s); i++ {
		if strings.ContainsRune(".!?", rune(s[i])) && s[i+1] == ' ' {
			out = append(out, s[start:i+1])
			start = i + 2
		}
	}
	return append(out, s[start:])
}
