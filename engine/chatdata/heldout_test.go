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
var heldOutFiles = []string{"abstain_heldout.jsonl", "false_inability.jsonl", "probe_210.jsonl"}

// TestHeldOutSetsAreDisjointFromGenerator proves the evaluation prompts
// are held out: no prompt is equal after Normalize, or has character
// 5-gram Jaccard ≥ chatdata.NearDupThreshold, with
//   - every user text the generator can emit (EnumeratePrompts walks all
//     patterns × alternatives × slot values), and
//   - every user turn, assistant turn and assistant sentence of a 50 000-
//     conversation sample (seed 1, abstainFrac 0.3) — which covers the
//     stories, whose combinations are too many to enumerate.
func TestHeldOutSetsAreDisjointFromGenerator(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of ~100k texts")
	}
	ix := chatdata.NewIndex()
	chatdata.EnumeratePrompts(func(_ string, _ int, p string) { ix.Add(p) })
	nEnum := ix.Len()
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
	t.Logf("index: %d enumerated user texts, %d texts in all", nEnum, ix.Len())

	type hit struct {
		id, prompt, nearest string
		sim                 float64
	}
	var all []hit
	for _, f := range heldOutFiles {
		worst := 0.0
		ps, err := probe.LoadPrompts(filepath.Join("..", "..", "prompts", f))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			near, sim := ix.Nearest(p.Prompt)
			all = append(all, hit{p.ID, p.Prompt, near, sim})
			worst = max(worst, sim)
			if sim >= chatdata.NearDupThreshold || (near != "" && chatdata.Normalize(near) == chatdata.Normalize(p.Prompt)) {
				t.Errorf("%s %s %q is a near-duplicate (Jaccard %.2f) of generated text %q", f, p.ID, p.Prompt, sim, near)
			}
		}
		t.Logf("%s: %d prompts, highest similarity %.2f", f, len(ps), worst)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].sim > all[j].sim })
	for _, h := range all[:5] {
		t.Logf("closest: %.2f %s %q ~ %q", h.sim, h.id, h.prompt, h.nearest)
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
