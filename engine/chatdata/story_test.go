package chatdata

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// subjectTerms is the Judge subject a story about s must mention.
func subjectTerms(s Subject) string {
	var t []string
	for _, w := range []string{s.Kind, s.Name, s.ThingWord()} {
		if w != "" {
			t = append(t, w)
		}
	}
	return strings.Join(t, ",")
}

// TestStoryRequestsFromFrames draws story requests from every frame and
// checks that the Subject read back from the parts is in the request
// text, and that the reply is a story about it (Judge).
func TestStoryRequestsFromFrames(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	named := map[string]int{}
	for fi, f := range storyFrames {
		for range 200 {
			b := bindings{}
			req := strings.ToLower(fixArticles(expand(r, f, b)))
			s := requestSubject(b)
			if s.Kind != "" && !Mentions(req, s.Kind) {
				t.Fatalf("frame %d: %q: kind %q not in the request", fi, req, s.Kind)
			}
			if s.Name != "" && !strings.Contains(req, strings.ToLower(s.Name)) {
				t.Fatalf("frame %d: %q: name %q not in the request", fi, req, s.Name)
			}
			if s.Thing != "" && !strings.Contains(req, s.Thing) {
				t.Fatalf("frame %d: %q: thing %q not in the request", fi, req, s.Thing)
			}
			if s.Kind != "" {
				named["kind"]++
			}
			if s.Name != "" {
				named["name"]++
			}
			if s.Thing != "" {
				named["thing"]++
			}
			reply := StoryReply(r, Options{}, s)
			if ok, why := Judge(KindStory, subjectTerms(s), reply); !ok {
				t.Fatalf("frame %d: request %q (subject %+v): reply %q fails Judge: %s", fi, req, s, reply, why)
			}
			if strings.Contains(reply, "{") || strings.Contains(reply, "\n") {
				t.Fatalf("reply %q holds a slot or a newline", reply)
			}
		}
	}
	t.Logf("parts named in %d requests: %v", 200*len(storyFrames), named)
}

func TestRequestSubject(t *testing.T) {
	b := bindings{}
	text := expand(rand.New(rand.NewPCG(1, 1)), "{sopen}{sask} {sstory} about {skind} {sname} {sthing}{stail}", b)
	b["skind"], b["sname"], b["sthing"], b["sstory"] = "a shy fox", "called Pip", "who finds a red kite", "a bedtime story"
	got := requestSubject(b)
	want := Subject{Kind: "fox", Adj: "shy", Name: "Pip", Thing: "a red kite", Mood: "bedtime"}
	if got != want {
		t.Fatalf("requestSubject(%q with set parts) = %+v, want %+v", text, got, want)
	}
	if w := got.ThingWord(); w != "kite" {
		t.Errorf("ThingWord = %q, want kite", w)
	}
	if got := requestSubject(bindings{"skindpl": "a family of bunnies"}); got.Kind != "bunny" || !got.Two {
		t.Errorf("a family of bunnies → %+v, want Kind bunny, Two", got)
	}
	if got := requestSubject(bindings{"shero": "Rusty", "snoun": "foxes"}); got.Kind != "fox" || got.Name != "Rusty" {
		t.Errorf("Rusty the foxes → %+v", got)
	}
}

// TestLocalStoryEveryKind: every kind, with and without the other parts,
// gets a fitting story that Judge accepts, deterministically.
func TestLocalStoryEveryKind(t *testing.T) {
	for i, k := range storyKinds {
		for _, s := range []Subject{
			{Kind: k.one},
			{Kind: k.one, Name: storyNames[i%len(storyNames)], Thing: storyThings[i%len(storyThings)].phrase, Mood: "bedtime"},
			{Kind: k.one, Two: true, Mood: "short"},
			{Kind: k.one, Mood: "short", Thing: "a lost sock", Place: "in space"},
			{Kind: k.one, Friend: k.one, Mood: "funny"},
		} {
			st := LocalStory(uint64(i), s)
			if !StoryFits(st, s, 0) {
				t.Fatalf("LocalStory(%+v) = %q (%d bytes) does not fit", s, st, len(st))
			}
			if ok, why := Judge(KindStory, subjectTerms(s), st); !ok {
				t.Fatalf("LocalStory(%+v) = %q: %s", s, st, why)
			}
			if st != LocalStory(uint64(i), s) {
				t.Fatal("LocalStory is not deterministic")
			}
			if c := st[0]; c < 'A' || c > 'Z' {
				t.Fatalf("story %q does not start with a capital", st)
			}
		}
	}
}

func TestStoryReplyUsesTellerOrFallsBack(t *testing.T) {
	s := Subject{Kind: "fox", Name: "Rusty", Thing: "a red kite"}
	good := "Once upon a time there was a fox named Rusty.\n\nRusty had a red kite. The wind took the kite up high, and Rusty ran after it all the way to the river. A frog helped him get it back. The end."
	tellers := []struct {
		name string
		tell StoryFunc
		want string // substring of the reply
	}{
		{"good", func(uint64, Subject) string { return good }, "Rusty. Rusty had a red kite"},
		{"empty", func(uint64, Subject) string { return "" }, "Rusty"},
		{"off subject", func(uint64, Subject) string { return strings.ReplaceAll(good, "fox", "cat") }, "fox"},
		{"too long", func(uint64, Subject) string { return strings.Repeat(good+" ", 4) }, "Rusty"},
	}
	for _, tc := range tellers {
		reply := StoryReply(rand.New(rand.NewPCG(1, 2)), Options{Story: tc.tell}, s)
		if !strings.Contains(reply, tc.want) || strings.Contains(reply, "\n") || len(reply) > MaxStoryBytes+20 {
			t.Errorf("%s teller: reply %q", tc.name, reply)
		}
		if ok, why := Judge(KindStory, "fox,Rusty,kite", reply); !ok {
			t.Errorf("%s teller: reply %q fails Judge: %s", tc.name, reply, why)
		}
	}
	long := oneLine(strings.Repeat(good+" ", 4)) // ≈ 760 bytes
	if reply := StoryReply(rand.New(rand.NewPCG(1, 2)), Options{Story: func(uint64, Subject) string { return long }, MaxStoryBytes: 1000}, s); !strings.Contains(reply, long[:300]) {
		t.Errorf("MaxStoryBytes 1000: the %d-byte story was not used: %q", len(long), reply)
	}
	calls := 0
	GenerateWith(300, 1, 0, Options{Story: func(seed uint64, s Subject) string { calls++; return "" }})
	if calls == 0 {
		t.Error("GenerateWith never called Options.Story")
	}
}

func TestTypoKeepsSubject(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	in := "please tell me a story about a dragon called biscuit with a pumpkin"
	changed := 0
	for range 300 {
		out := typo(r, in, []string{"dragon", "biscuit", "pumpkin"})
		for _, w := range []string{"dragon", "biscuit", "pumpkin"} {
			if !strings.Contains(out, w) {
				t.Fatalf("typo(%q) = %q broke the kept word %q", in, out, w)
			}
		}
		if out != in {
			changed++
		}
		if d := len(out) - len(in); d < -1 || d > 1 {
			t.Fatalf("typo changed the length by %d: %q", d, out)
		}
	}
	if changed < 250 {
		t.Errorf("only %d of 300 typos changed the text", changed)
	}
}
