package corpustell

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"trigo/engine/chatdata"
)

// TestCorpusStoriesAnswerTheRequest: the stories Generate puts in story
// replies are about what was asked (chatdata.Judge), the corpus tells
// every one of these requests (several heroes, a friend, a short story, a
// thing it has no word for), and the data is deterministic.
func TestCorpusStoriesAnswerTheRequest(t *testing.T) {
	tell := Teller(MaxStoryBytes)
	r := rand.New(rand.NewPCG(1, 2))
	told, asked := 0, 0
	for _, s := range []chatdata.Subject{
		{Kind: "fox"}, {Kind: "fox", Name: "Rusty"}, {Kind: "dragon", Name: "Pip", Thing: "a red kite"},
		{Kind: "robot", Thing: "a little key"}, {Kind: "girl", Name: "Juniper"}, {}, {Name: "Otto"},
		{Kind: "bear", Thing: "a jar of honey"}, {Kind: "penguin", Mood: "bedtime"}, {Kind: "owl", Name: "Hoot", Thing: "a lantern"},
		{Kind: "bunny", Two: true}, {Kind: "bird", Thing: "a secret door"}, {Kind: "fox", Friend: "bear", Mood: "short"},
		{Kind: "mouse", Adj: "shy", Two: true, Thing: "a basket of apples"},
	} {
		for i := range 5 {
			asked++
			st := tell(uint64(i), s)
			if st != "" {
				told++
				if !chatdata.StoryFits(st, s, MaxStoryBytes) {
					t.Errorf("Teller(%+v) = %q does not fit", s, st)
				}
				if s.Mood == "short" && len(st) > ShortStoryBytes {
					t.Errorf("short story for %+v is %d > %d bytes", s, len(st), ShortStoryBytes)
				}
				for _, w := range []string{s.Adj, s.Friend} {
					if !chatdata.Mentions(st, w) {
						t.Errorf("Teller(%+v) = %q does not mention %q", s, st, w)
					}
				}
			}
			reply := chatdata.StoryReply(r, Options(MaxStoryBytes), s)
			var terms []string
			for _, w := range []string{s.Kind, s.Name, s.ThingWord()} {
				if w != "" {
					terms = append(terms, w)
				}
			}
			if ok, why := chatdata.Judge(chatdata.KindStory, strings.Join(terms, ","), reply); !ok {
				t.Errorf("reply to %+v: %q: %s", s, reply, why)
			}
		}
	}
	t.Logf("corpus told %d of %d requests", told, asked)
	if told < asked {
		t.Errorf("corpus told only %d of %d stories", told, asked)
	}
	if a, b := Generate(300, 4, 0.3), Generate(300, 4, 0.3); !reflect.DeepEqual(a, b) {
		t.Error("Generate is not deterministic")
	}
}
