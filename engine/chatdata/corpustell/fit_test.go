package corpustell

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"trigo/engine/chatdata"
)

// TestGenerateFitsContext: every conversation Generate writes renders to
// at most ContextBytes, nearly every story reply is the corpus', and
// story replies name what was asked (chatdata.Judge on the request's
// kind and name is in TestCorpusStoriesAnswerTheRequest).
func TestGenerateFitsContext(t *testing.T) {
	ex, byCorpus := generate(2000, 1, 0)
	var all, story, storyLen []int
	stories, prefaced := 0, 0
	var samples []string
	for _, e := range ex {
		text, _, err := e.Render()
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, len(text))
		if len(text) > ContextBytes {
			t.Errorf("conversation renders to %d > %d bytes:\n%s", len(text), ContextBytes, text)
		}
		if e.Kind != chatdata.KindStory {
			continue
		}
		stories++
		story = append(story, len(text))
		storyLen = append(storyLen, len(e.Turns[len(e.Turns)-1].Text))
		if len(e.Turns) > 2 {
			prefaced++
		}
		if len(samples) < 5 && stories%37 == 1 {
			samples = append(samples, string(text))
		}
	}
	q := func(a []int) string {
		sort.Ints(a)
		p := func(f float64) int { return a[int(f*float64(len(a)-1))] }
		return fmt.Sprintf("min %d p10 %d p50 %d p90 %d p99 %d max %d", a[0], p(.1), p(.5), p(.9), p(.99), a[len(a)-1])
	}
	before := 0 // story conversations with an earlier exchange before fitting
	for _, e := range chatdata.GenerateWith(2000, 1, 0, Options(MaxStoryBytes)) {
		if e.Kind == chatdata.KindStory && len(e.Turns) > 2 {
			before++
		}
	}
	t.Logf("%d story replies, %d (%.1f%%) told by the corpus; %d of %d with an earlier exchange keep it", stories, byCorpus, 100*float64(byCorpus)/float64(stories), prefaced, before)
	if prefaced*10 < before*9 {
		t.Errorf("only %d of %d story conversations keep their earlier exchange", prefaced, before)
	}
	t.Logf("rendered, all: %s", q(all))
	t.Logf("rendered, story conversations: %s", q(story))
	t.Logf("story replies: %s", q(storyLen))
	for _, s := range samples {
		t.Logf("sample:\n%s", strings.TrimSpace(s))
	}
	if byCorpus*10 < stories*9 {
		t.Errorf("corpus told %d of %d story replies, want ≥ 90%%", byCorpus, stories)
	}
}
