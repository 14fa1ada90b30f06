package chatdata

import (
	"math"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	cases := map[string]string{
		"What's up?!":       "what s up",
		"  Hello,   World ": "hello world",
		"¿Dónde está?":      "dónde está",
		"!!!":               "",
		"a\nb\tc":           "a b c",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSimilarity(t *testing.T) {
	if s := Similarity("Tell me a story!", "tell me a story"); s != 1 {
		t.Errorf("equal after Normalize: %g, want 1", s)
	}
	if s := Similarity("abcdefgh", "zyxwvuts"); s != 0 {
		t.Errorf("disjoint: %g, want 0", s)
	}
	// " abcdef " has 5-grams " abcd","abcde","bcdef","cdef " (4);
	// " abcdeg " has " abcd","abcde","bcdeg","cdeg " (4); 2 shared of 6.
	if s := Similarity("abcdef", "abcdeg"); math.Abs(s-2.0/6) > 1e-12 {
		t.Errorf("Similarity = %g, want 1/3", s)
	}
	if s := Similarity("ab", "ab"); s != 1 {
		t.Errorf("short equal texts: %g, want 1", s)
	}
	if !NearDuplicate("Who are you?", "who are you") || NearDuplicate("who are you", "what is the capital of peru") {
		t.Error("NearDuplicate gave the wrong answer")
	}
}

func TestIndexNearestMatchesBruteForce(t *testing.T) {
	ix := NewIndex()
	var texts []string
	for _, e := range Generate(400, 9, 0.5) {
		for _, tr := range e.Turns {
			ix.Add(tr.Text)
			texts = append(texts, tr.Text)
		}
	}
	queries := []string{"tell me a story about a brave owl", "what is the capital of peru", "hello there friend", "zzzz"}
	for _, q := range queries {
		_, sim := ix.Nearest(q)
		best := 0.0
		for _, tx := range texts {
			best = math.Max(best, Similarity(q, tx))
		}
		if math.Abs(sim-best) > 1e-12 {
			t.Errorf("Nearest(%q) similarity %g, brute force %g", q, sim, best)
		}
	}
	if txt, sim := ix.Nearest("ÿÿÿÿÿÿÿ"); txt != "" || sim != 0 {
		t.Errorf("no shared shingle: got %q, %g", txt, sim)
	}
}

// TestShingleListMatchesShingles: the search's map-free shingles are
// Shingles.
func TestShingleListMatchesShingles(t *testing.T) {
	for _, s := range []string{"", "a", "hi!", "Hello, World!!", "  What's up?? ", "tell me a story about a fox named Rusty",
		"Ünïcode text", "a b c d e f", strings.Repeat("long ", 40)} {
		want := Shingles(s)
		got := shingleList(nil, s)
		if len(got) != len(want) {
			t.Fatalf("%q: %d shingles, want %d", s, len(got), len(want))
		}
		for _, k := range got {
			if _, ok := want[k]; !ok {
				t.Fatalf("%q: shingle %x not in Shingles", s, k)
			}
		}
	}
}
