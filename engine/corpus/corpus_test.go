package corpus

import (
	"bytes"
	"strings"
	"testing"
)

func TestGenerateDeterministicAndSized(t *testing.T) {
	a := Generate(50000, 3)
	b := Generate(50000, 3)
	if !bytes.Equal(a, b) {
		t.Fatal("same seed gave different text")
	}
	if len(a) > 50000 || len(a) < 45000 {
		t.Fatalf("asked for 50000 bytes, got %d", len(a))
	}
	if bytes.Equal(a, Generate(50000, 4)) {
		t.Fatal("different seeds gave the same text")
	}
	for _, c := range a {
		if c >= 0x80 || (c < 0x20 && c != '\n') {
			t.Fatalf("non-ASCII or control byte %q", c)
		}
	}
	stories := strings.Split(strings.TrimSpace(string(a)), "\n\n")
	if len(stories) < 50 {
		t.Fatalf("only %d stories", len(stories))
	}
	distinct := map[string]bool{}
	for _, s := range stories {
		distinct[s] = true
	}
	if len(distinct) < len(stories)*9/10 {
		t.Errorf("%d distinct stories out of %d", len(distinct), len(stories))
	}
	if !strings.Contains(string(a), "\" said ") {
		t.Error("no dialogue")
	}
}

func TestStoryMatchesStream(t *testing.T) {
	text := string(Generate(5000, 8))
	if !strings.HasPrefix(text, Story(8, 0)) {
		t.Fatal("Story(seed, 0) is not the first story")
	}
}
