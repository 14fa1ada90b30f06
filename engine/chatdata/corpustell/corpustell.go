// Package corpustell lets engine/corpus tell the stories of the chat data:
// chat-SFT story replies then read like the pretraining stories, so
// fine-tuning does not pull the model away from them.
//
// It is its own package because of the import graph: engine/corpus
// imports engine/data (for its RNG), and engine/data imports
// engine/chatdata (for chat rows), so chatdata cannot import corpus.
// chatdata takes the teller as a parameter (chatdata.Options.Story) and
// this package, which imports both, supplies it:
//
//	ex := corpustell.Generate(20000, 1, 0)   // chat-SFT data, corpus stories
package corpustell

import (
	"strings"

	"trigo/engine/chatdata"
	"trigo/engine/corpus"
	"trigo/engine/data"
)

// ContextBytes is the models' context: Generate keeps every rendered
// conversation within it, so no story reply is cut before its end.
const ContextBytes = 512

// MaxStoryBytes is the longest story Teller tells for Generate. A story
// conversation renders to the story plus 38–148 bytes when it is one
// exchange (tags, a 40–130-byte request, the reply's intro), so 360 fits
// every one of them in ContextBytes; corpus.StoryAboutShort writes whole
// stories of 150–360 bytes (its long stories run 600–1 000 bytes and fit
// no prompt). A conversation that opens with an earlier exchange has
// less room: Generate tells its story again within what is left.
const MaxStoryBytes = 360

// ShortStoryBytes is the limit for requests that ask for a short story
// (Subject.Mood "short").
const ShortStoryBytes = 250

// Teller returns a chatdata.StoryFunc backed by corpus.StoryAboutShort,
// telling stories of at most maxBytes bytes. It passes on the request's
// kind, adjective, name, thing, friend's kind, mood and several heroes
// (Two: the story is about two of them); the place is left to the corpus.
// It returns "" — so chatdata tells its own story — for a kind the corpus
// does not know (corpus.Kinds; it knows every kind chatdata's requests
// name) or when maxBytes is too small for any story it tries (below about
// 220).
func Teller(maxBytes int) chatdata.StoryFunc {
	return func(seed uint64, s chatdata.Subject) string { return tell(seed, s, maxBytes) }
}

var kinds = set(corpus.Kinds())

func tell(seed uint64, s chatdata.Subject, maxBytes int) string {
	if s.Kind != "" && !kinds[s.Kind] || s.Friend != "" && !kinds[s.Friend] {
		return ""
	}
	if s.Mood == "short" {
		maxBytes = min(maxBytes, ShortStoryBytes)
	}
	cs := corpus.Subject{Kind: s.Kind, Name: s.Name, Thing: thingPhrase(s.Thing), Adj: s.Adj, Two: s.Two, Mood: s.Mood}
	if s.Friend != s.Kind {
		cs.Friend = s.Friend
	}
	rng := data.NewRNG(seed)
	return strings.Join(strings.Fields(corpus.StoryAboutShort(&rng, cs, maxBytes)), " ")
}

// thingPhrase is a request's thing as the corpus writes it after "his":
// "a red kite" → "red kite".
func thingPhrase(t string) string {
	for _, a := range []string{"a ", "an ", "the ", "some "} {
		if r, ok := strings.CutPrefix(t, a); ok {
			return r
		}
	}
	return t
}

// Options are chatdata.Options with Teller's stories of at most maxBytes.
// GenerateWith with them does not keep conversations within
// ContextBytes; Generate does.
func Options(maxBytes int) chatdata.Options {
	return chatdata.Options{Story: Teller(maxBytes), MaxStoryBytes: maxBytes}
}

// Generate is chatdata.GenerateWith with Options(MaxStoryBytes), every
// conversation kept within ContextBytes: a story reply whose conversation
// would run longer (one that opens with an earlier exchange) is told
// again, from the same seed, in the room that is left; when none fits
// there, the conversation drops its first exchange.
func Generate(n int, seed int64, abstainFrac float64) []chatdata.Example {
	ex, _ := generate(n, seed, abstainFrac)
	return ex
}

// generate is Generate that also counts the story replies the corpus told.
func generate(n int, seed int64, abstainFrac float64) (ex []chatdata.Example, byCorpus int) {
	type call struct {
		seed uint64
		s    chatdata.Subject
	}
	told := map[string]call{}
	opts := Options(MaxStoryBytes)
	opts.Story = func(seed uint64, s chatdata.Subject) string {
		st := tell(seed, s, MaxStoryBytes)
		if st != "" {
			told[st] = call{seed, s}
		}
		return st
	}
	ex = chatdata.GenerateWith(n, seed, abstainFrac, opts)
	for i := range ex {
		e := &ex[i]
		over := renderedLen(e.Turns) - ContextBytes
		last := &e.Turns[len(e.Turns)-1]
		// A story reply is a lower-case intro ("sure! ") and the story:
		// find the story among those told.
		for k := 0; e.Kind == chatdata.KindStory && k < len(last.Text); k++ {
			c, ok := told[last.Text[k:]]
			if !ok || k > 0 && last.Text[k-1] != ' ' {
				continue
			}
			if over <= 0 {
				byCorpus++
			} else if st := tell(c.seed, c.s, len(last.Text)-k-over); st != "" {
				last.Text = last.Text[:k] + st
				over = 0
				byCorpus++
			}
			break
		}
		if over > 0 && len(e.Turns) > 2 {
			e.Turns = e.Turns[len(e.Turns)-2:]
		}
	}
	return ex, byCorpus
}

// renderedLen is the length of the conversation in the chat template.
func renderedLen(turns []chatdata.Turn) int {
	text, _, err := chatdata.Render(turns)
	if err != nil {
		panic("corpustell.Generate: " + err.Error())
	}
	return len(text)
}

func set(l []string) map[string]bool {
	m := make(map[string]bool, len(l))
	for _, w := range l {
		m[w] = true
	}
	return m
}
