package corpus

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"

	"trigo/engine/data"
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
	if !bytes.HasSuffix(a, []byte("\n\n")) || bytes.Contains(a, []byte("\n\n\n")) {
		t.Fatal("stories must each end with a blank line, and no more than one")
	}
	stories := strings.Split(strings.TrimSpace(string(a)), "\n\n")
	if len(stories) < 30 {
		t.Fatalf("only %d stories", len(stories))
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
	if !strings.Contains(text, Story(8, 1)) {
		t.Fatal("Story(seed, 1) is not in the stream")
	}
}

// big is ~5 MB of stories, shared by the tests that need volume.
var big = sync.OnceValue(func() string { return string(Generate(5_000_000, 1)) })

var wordRE = regexp.MustCompile(`[A-Za-z]+`)

func TestVocabularyAndVariety(t *testing.T) {
	text := big()
	distinct := map[string]bool{}
	for _, w := range wordRE.FindAllString(text, -1) {
		distinct[strings.ToLower(w)] = true
	}
	if len(distinct) < 3000 {
		t.Errorf("%d distinct words in %d bytes, want at least 3000", len(distinct), len(text))
	}
	stories := strings.Split(strings.TrimSpace(text), "\n\n")
	seen := map[string]int{}
	for i, s := range stories {
		if j, ok := seen[s]; ok {
			t.Fatalf("story %d repeats story %d:\n%s", i, j, s)
		}
		seen[s] = i
		if n := len(strings.Fields(s)); n < 40 || n > 600 {
			t.Errorf("story %d has %d words:\n%s", i, n, s)
		}
	}
	// Function words must dominate, as in real English.
	counts := map[string]int{}
	for _, w := range wordRE.FindAllString(text, -1) {
		counts[strings.ToLower(w)]++
	}
	for _, w := range []string{"the", "and", "was", "to", "a", "he", "she"} {
		if counts[w] < counts["happy"] {
			t.Errorf("%q (%d) is rarer than \"happy\" (%d)", w, counts[w], counts["happy"])
		}
	}
}

var (
	articleRE = regexp.MustCompile(`\b([Aa]) ([A-Za-z]+)|\b([Aa]n) ([A-Za-z]+)`)
	leftover  = regexp.MustCompile(`[\[\]{}|~$]`)
)

// checkGrammar reports the first mechanical error in a story: a wrong
// article, a double space, a sentence that starts in lower case, an
// unbalanced quote, or template syntax left in the text.
func checkGrammar(s string) string {
	if strings.Contains(s, "  ") {
		return "double space"
	}
	if m := leftover.FindString(s); m != "" {
		return "template syntax " + m + " left in the text"
	}
	for _, m := range articleRE.FindAllStringSubmatch(s, -1) {
		if m[1] != "" && vowelSound([]byte(m[2])) {
			return "\"" + m[0] + "\" should use an"
		}
		if m[3] != "" && !vowelSound([]byte(m[4])) {
			return "\"" + m[0] + "\" should use a"
		}
	}
	for _, p := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if strings.Count(p, "\"")%2 != 0 {
			return "unbalanced quotes in paragraph: " + p
		}
		if p == "" || !(p[0] >= 'A' && p[0] <= 'Z' || p[0] == '"' && p[1] >= 'A' && p[1] <= 'Z') {
			return "paragraph starts in lower case: " + p
		}
		inQuote := false
		for i := 0; i+2 < len(p); i++ {
			switch c := p[i]; {
			case c == '"':
				inQuote = !inQuote
			case (c == '.' || c == '!' || c == '?') && p[i+1] == ' ':
				next := p[i+2]
				if next == '"' && i+3 < len(p) {
					next = p[i+3]
				}
				if next >= 'a' && next <= 'z' {
					return "sentence starts in lower case: ..." + p[max(0, i-30):min(len(p), i+30)]
				}
			}
		}
	}
	return ""
}

func TestGrammarSpotCheck(t *testing.T) {
	stories := strings.Split(strings.TrimSpace(big()[:1_500_000]), "\n\n")
	bad := 0
	for _, s := range stories[:len(stories)-1] {
		if e := checkGrammar(s + "\n"); e != "" {
			if bad < 5 {
				t.Errorf("%s\nin story:\n%s", e, s)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d stories have mechanical errors", bad, len(stories))
	}
	// The checker itself catches each kind of error.
	for _, s := range []string{"Tom ate a apple.\n", "Tom ate an pear.\n", "Tom ran.  He fell.\n",
		"Tom ran. he fell.\n", "\"Hi, said Tom.\n", "Tom saw a {animal}.\n", "tom ran.\n"} {
		if checkGrammar(s) == "" {
			t.Errorf("checker missed the error in %q", s)
		}
	}
	if e := checkGrammar("\"Look,\" said Tom, \"a bird!\" Mia saw an owl and a unicorn.\n"); e != "" {
		t.Errorf("checker flags good text: %s", e)
	}
}

var quoteRE = regexp.MustCompile(`"[^"]*"`)

// pronounError checks sentences (narration only) that mention exactly one
// character of the cast: every he/she/him/her/his/himself/herself after
// that mention must agree with it. (A pronoun before the name may point
// back to the previous sentence: "She looked at the eggs and then at Chidi.")
func pronounError(story string, cast []*character) string {
	type mention struct {
		re  *regexp.Regexp
		sex byte
	}
	var ms []mention
	for _, c := range cast {
		// A character is named by its name (capitalised) or as "the fox";
		// "a ladybug" or "water lily" is someone or something else.
		alts := []string{`[Tt]he ` + regexp.QuoteMeta(c.kind)}
		if c.name != "" {
			alts = append(alts, regexp.QuoteMeta(c.name))
		}
		ms = append(ms, mention{regexp.MustCompile(`\b(` + strings.Join(alts, "|") + `)\b`), c.sex})
	}
	for _, para := range strings.Split(story, "\n") {
		narr := quoteRE.ReplaceAllString(para, ". ")
		for _, sent := range regexp.MustCompile(`[.!?]`).Split(narr, -1) {
			var who []mention
			at := 0
			for _, m := range ms {
				if loc := m.re.FindStringIndex(sent); loc != nil {
					who = append(who, m)
					at = loc[1]
				}
			}
			if len(who) != 1 || who[0].sex == 'p' {
				continue
			}
			for _, w := range strings.Fields(strings.ToLower(sent[at:])) {
				w = strings.Trim(w, ",;:")
				var sex byte
				switch w {
				case "he", "him", "his", "himself":
					sex = 'm'
				case "she", "her", "hers", "herself":
					sex = 'f'
				}
				if sex != 0 && sex != who[0].sex {
					return "\"" + strings.TrimSpace(sent) + "\": " + w + " does not agree with the one character named"
				}
			}
		}
	}
	return ""
}

func TestPronounAgreement(t *testing.T) {
	rng := data.NewRNG(77)
	g := newGen(&rng)
	var cast []*character
	g.castLog = func(c []*character) { cast = c }
	bad := 0
	const n = 3000
	for i := 0; i < n; i++ {
		s := g.story(Subject{})
		if e := pronounError(s, cast); e != "" {
			if bad < 5 {
				t.Errorf("%s\nin story:\n%s", e, s)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d stories have a pronoun that disagrees", bad, n)
	}
	// The checker catches a wrong pronoun.
	mia := &character{name: "Mia", kind: "girl", sex: 'f'}
	if pronounError("Mia lost his kite.\n", []*character{mia}) == "" {
		t.Error("checker missed \"Mia lost his kite\"")
	}
	if e := pronounError("Mia lost her kite. \"Is he sad?\" Tom asked.\n", []*character{mia}); e != "" {
		t.Errorf("checker flags good text: %s", e)
	}
}

func TestStoryAboutMentionsSubject(t *testing.T) {
	rng := data.NewRNG(5)
	kinds, things := Kinds(), Things()
	if len(kinds) < 50 || len(things) < 50 {
		t.Fatalf("only %d kinds and %d things", len(kinds), len(things))
	}
	for i, k := range kinds {
		sub := Subject{Kind: k, Name: []string{"Rusty", "Zara", ""}[i%3], Thing: things[(i*7)%len(things)]}
		s := StoryAbout(&rng, sub)
		for _, w := range []string{sub.Kind, sub.Name, sub.Thing} {
			if !strings.Contains(s, w) {
				t.Errorf("story about %+v does not mention %q:\n%s", sub, w, s)
			}
		}
		if e := checkGrammar(s); e != "" {
			t.Errorf("story about %+v: %s\n%s", sub, e, s)
		}
	}
	// An empty subject still gives a story with a named hero, and an
	// unknown kind works too.
	for _, sub := range []Subject{{}, {Kind: "snail", Thing: "umbrella"}, {Kind: "sea monster", Name: "Nessie"}} {
		s := StoryAbout(&rng, sub)
		if len(strings.Fields(s)) < 40 || !strings.Contains(s, sub.Kind) || !strings.Contains(s, sub.Thing) || !strings.Contains(s, sub.Name) {
			t.Errorf("story about %+v:\n%s", sub, s)
		}
	}
	// The same RNG state gives the same story.
	r1, r2 := data.NewRNG(9), data.NewRNG(9)
	if StoryAbout(&r1, Subject{Kind: "fox"}) != StoryAbout(&r2, Subject{Kind: "fox"}) {
		t.Error("StoryAbout is not deterministic")
	}
}

func TestMorphology(t *testing.T) {
	cases := []struct {
		f        func(string) string
		in, want string
	}{
		{past, "hop", "hopped"}, {past, "bake", "baked"}, {past, "cry", "cried"}, {past, "play", "played"},
		{past, "run", "ran"}, {past, "visit", "visited"}, {past, "open", "opened"}, {past, "picnic", "picnicked"},
		{ing, "make", "making"}, {ing, "swim", "swimming"}, {ing, "see", "seeing"}, {ing, "lie", "lying"},
		{third, "go", "goes"}, {third, "fly", "flies"}, {third, "wash", "washes"}, {third, "play", "plays"},
		{plural, "mouse", "mice"}, {plural, "box", "boxes"}, {plural, "berry", "berries"}, {plural, "teddy bear", "teddy bears"},
		{plural, "leaf", "leaves"}, {plural, "day", "days"}, {plural, "child", "children"},
		{comparative, "big", "bigger"}, {comparative, "happy", "happier"}, {comparative, "nice", "nicer"},
		{comparative, "beautiful", "more beautiful"}, {comparative, "good", "better"},
		{superlative, "tiny", "tiniest"}, {superlative, "tall", "tallest"}, {superlative, "colorful", "most colorful"},
		{adverb, "quick", "quickly"}, {adverb, "happy", "happily"}, {adverb, "gentle", "gently"}, {adverb, "good", "well"},
		{pastPhrase, "pick up the toys", "picked up the toys"}, {ingPhrase, "fly a kite", "flying a kite"},
	}
	for _, c := range cases {
		if got := c.f(c.in); got != c.want {
			t.Errorf("%q → %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDialogueForms(t *testing.T) {
	text := big()[:2_000_000]
	for _, re := range []string{
		`"[A-Z][^"]*," said [A-Z][a-z]+\.`,                    // "Q," said Tom.
		`[A-Z][a-z]+ said, "[A-Z][^"]*"`,                      // Tom said, "Q."
		`"[A-Z][^"]*," [a-z]+ [A-Z][a-z]+, "[a-z][^"]*"`,      // "Look," said Tom, "a bird!"
		`"[^"]*\?" asked `, `whispered`, `shouted`, `replied`, // verbs
		`Once upon a time`, `One day`, `From that day on`, `learned that`,
	} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("no match for %s", re)
		}
	}
}

// TestStoryAboutShort: for every kind, short stories fit the limit, are
// at least MinShortBytes long, name the kind (or its plural for two
// heroes), the name and the thing, and pass the grammar and pronoun
// checks at every leanness; a small limit is still met.
func TestStoryAboutShort(t *testing.T) {
	const limit = 380
	rng := data.NewRNG(11)
	names := []string{"", "Rusty", "Zara", "Hopscotch"}
	things := []string{"", "kite", "jar of honey", "red kite", "lantern"}
	moods := []string{"", "bedtime", "funny", "happy", "short"}
	n := 0
	for i, k := range Kinds() {
		for j := range 6 {
			sub := Subject{Kind: k, Name: names[(i+j)%len(names)], Thing: things[(i+2*j)%len(things)],
				Two: j == 5, Mood: moods[(i+j)%len(moods)]}
			if j == 4 {
				sub.Friend = Kinds()[(i+1)%len(Kinds())]
			}
			if j == 3 || j == 5 && i%2 == 0 {
				sub.Adj = "grumpy"
			}
			s := StoryAboutShort(&rng, sub, limit)
			n++
			if l := len(strings.TrimSpace(s)); l < MinShortBytes || l > limit {
				t.Errorf("story about %+v is %d bytes, want %d–%d:\n%s", sub, l, MinShortBytes, limit, s)
				continue
			}
			kind := sub.Kind
			if sub.Two {
				kind = plural(kind)
			}
			for _, w := range []string{kind, sub.Name, sub.Thing, sub.Friend, sub.Adj} {
				if !strings.Contains(s, w) {
					t.Errorf("story about %+v does not mention %q:\n%s", sub, w, s)
				}
			}
			if e := checkGrammar(s); e != "" {
				t.Errorf("story about %+v: %s\n%s", sub, e, s)
			}
			if strings.Count(s, "\n") > 4 {
				t.Errorf("story about %+v has more than four paragraphs:\n%s", sub, s)
			}
		}
	}
	// Grammar and pronouns at every leanness, for the stories the limit
	// would otherwise hide (the lean forms are rarely reached above).
	g := newGen(&rng)
	g.about = true
	var cast []*character
	g.castLog = func(c []*character) { cast = c }
	for i := range 3000 {
		g.lean = i % 3
		sub := Subject{Kind: Kinds()[i%len(Kinds())], Thing: things[i%len(things)], Two: i%5 == 0}
		s := g.shortStory(sub)
		if e := checkGrammar(s); e != "" {
			t.Errorf("lean %d story about %+v: %s\n%s", g.lean, sub, e, s)
		}
		if e := pronounError(s, cast); e != "" {
			t.Errorf("lean %d story about %+v: %s\n%s", g.lean, sub, e, s)
		}
		if t.Failed() {
			break
		}
	}
	// A smaller limit with a long name and thing is still met.
	for i, k := range Kinds() {
		sub := Subject{Kind: k, Name: "Hopscotch", Thing: "basket of apples"}
		if s := StoryAboutShort(&rng, sub, 250); s == "" || len(strings.TrimSpace(s)) > 250 {
			t.Errorf("limit 250, story %d about %+v: %q", i, sub, s)
		}
	}
	// Deterministic for a given rng state; "" when nothing can fit.
	r1, r2 := data.NewRNG(9), data.NewRNG(9)
	if StoryAboutShort(&r1, Subject{Kind: "fox"}, limit) != StoryAboutShort(&r2, Subject{Kind: "fox"}, limit) {
		t.Error("StoryAboutShort is not deterministic")
	}
	if s := StoryAboutShort(&r1, Subject{Kind: "fox"}, 100); s != "" {
		t.Errorf("limit 100 gave a story of %d bytes: %q", len(s), s)
	}
	t.Logf("%d short stories checked", n)
}
