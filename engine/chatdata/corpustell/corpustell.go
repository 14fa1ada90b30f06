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

// tries is how many corpus stories Teller draws for one request before it
// gives up (and chatdata falls back to chatdata.LocalStory).
const tries = 6

// MaxStoryBytes is the longest corpus story Generate puts in a reply. The
// corpus writes 600–1000-byte stories (median ≈ 780 bytes as joined into
// one line), longer than chatdata's own 600-byte cap; 900 keeps most of
// them whole rather than cutting them. A conversation with such a reply
// renders to up to ≈ 1 000 bytes: train with a sequence length to match,
// or pass a smaller limit to GenerateWith.
const MaxStoryBytes = 900

// Teller returns a chatdata.StoryFunc backed by corpus.StoryAbout. It
// returns "" — so chatdata tells its own story — for a request the corpus
// cannot honour: a kind or thing the corpus does not know, several heroes
// (Subject.Two), a short story (Mood "short": corpus stories are long),
// or when none of its tries is at most maxBytes long (see
// chatdata.StoryFits). The corpus ignores the request's adjective, place
// and mood otherwise.
func Teller(maxBytes int) chatdata.StoryFunc {
	kinds := set(corpus.Kinds())
	things := set(corpus.Things())
	return func(seed uint64, s chatdata.Subject) string {
		if s.Two || s.Mood == "short" || (s.Kind != "" && !kinds[s.Kind]) {
			return ""
		}
		cs := corpus.Subject{Kind: s.Kind, Name: s.Name}
		if w := s.ThingWord(); w != "" {
			if !things[w] {
				return ""
			}
			cs.Thing = w
		}
		rng := data.NewRNG(seed)
		for range tries {
			st := strings.Join(strings.Fields(corpus.StoryAbout(&rng, cs)), " ")
			if chatdata.StoryFits(st, s, maxBytes) {
				return st
			}
		}
		return ""
	}
}

// Options are chatdata.Options with Teller's stories of at most maxBytes.
func Options(maxBytes int) chatdata.Options {
	return chatdata.Options{Story: Teller(maxBytes), MaxStoryBytes: maxBytes}
}

// Generate is chatdata.GenerateWith with Options(MaxStoryBytes).
func Generate(n int, seed int64, abstainFrac float64) []chatdata.Example {
	return chatdata.GenerateWith(n, seed, abstainFrac, Options(MaxStoryBytes))
}

func set(l []string) map[string]bool {
	m := make(map[string]bool, len(l))
	for _, w := range l {
		m[w] = true
	}
	return m
}
