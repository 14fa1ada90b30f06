// Package corpus writes simple children's stories: a lexicon of a few
// thousand words in semantic classes with morphology done by rule, a cast
// with agreeing pronouns drawn from a large pool of names and kinds, and
// plots chained from small narrative moves (setup, want, problem, failed
// try, help, discovery, surprise, apology, lesson, ending) whose sentences
// come from nested templates with many alternatives. It is deterministic
// (same seed, same text on every machine) and downloads nothing;
// data/stories_demo is made from it. StoryAbout tells one story about a
// requested hero; StoryAboutShort tells a whole story in a few hundred
// bytes (for chat replies that must fit a small context).
//
//	text := corpus.Generate(700000, 1)   // ≈ 700 KB of stories
package corpus

import (
	"bytes"
	"strings"

	"trigo/engine/data"
)

// Generate returns whole stories, totalling at most n bytes (at least one
// story). Paragraphs end with a newline and each story with a blank line,
// so stories are separated by "\n\n".
func Generate(n int, seed uint64) []byte {
	rng := data.NewRNG(seed)
	g := newGen(&rng)
	var out bytes.Buffer
	out.Grow(n)
	for {
		s := g.story(Subject{})
		if out.Len() > 0 && out.Len()+len(s)+1 > n {
			break
		}
		out.WriteString(s)
		out.WriteString("\n")
		if out.Len() >= n {
			break
		}
	}
	return out.Bytes()
}

// Story returns the i-th story of the given seed's stream (for examples).
func Story(seed uint64, i int) string {
	rng := data.NewRNG(seed)
	g := newGen(&rng)
	var s string
	for k := 0; k <= i; k++ {
		s = g.story(Subject{})
	}
	return s
}

// Subject asks StoryAbout for a particular hero.
type Subject struct {
	Kind  string // "fox", "girl", "dragon", "robot", ... (see Kinds); "" = any
	Name  string // the hero's name; "" = pick one
	Thing string // an object the story mentions ("kite"; see Things, but any noun phrase works: "red kite"); "" = none
	// Friend is the kind of the hero's friend ("bear"); "" = any.
	Friend string
	// Adj, Two and Mood are read by StoryAboutShort only.
	Adj  string // how the hero is introduced: "shy"; "" = pick one
	Two  bool   // two heroes of Kind: Name and another
	Mood string // "bedtime", "funny" or "happy" picks the ending; others are ignored
}

// StoryAbout returns one story (paragraphs ending in "\n") whose hero is
// of the given kind and name and which mentions the thing; it advances rng.
// The hero's name, and the kind and thing when given, appear in the text.
func StoryAbout(rng *data.RNG, s Subject) string {
	g := newGen(rng)
	g.about = true
	return g.story(s)
}

// Kinds lists the kinds of hero the generator knows.
func Kinds() []string { return append([]string(nil), kindOrder...) }

// Things lists the objects the generator's plots are written around.
func Things() []string { return append([]string(nil), lexicon["thing"]...) }

type gen struct {
	rng   *data.RNG
	out   []byte
	tmp   []byte
	cast  [nRoles]*character
	vars  map[string]string
	focus int // role last speaking or acting, for pronoun tags
	subj  Subject
	about bool // StoryAbout: the hero always has a name
	lean  int  // StoryAboutShort: 0 as written, 1 no optional sentences, 2 shortest forms
	// castLog records every story's characters for the tests.
	castLog func(cast []*character)
}

func newGen(rng *data.RNG) *gen {
	return &gen{rng: rng, vars: map[string]string{}}
}

// set stores a story variable; a value with template syntax is expanded
// first, so a variable never leaks brackets into the text.
func (g *gen) set(k, v string) {
	if strings.ContainsAny(v, "{[") {
		v = g.x(v)
	}
	g.vars[k] = v
}

func (g *gen) story(s Subject) string {
	g.setup(s)
	plots[g.pickPlot()].fn(g)
	if g.chance(0.25) {
		g.coda()
	}

	text := string(finish(g.out))
	if s.Thing != "" && !strings.Contains(text, s.Thing) {
		// Every plot has a place for the thing, but not every path through
		// it names the thing; say it at the end then.
		g.out = g.out[:0]
		g.para()
		g.say(`[Even now,|To this day,] {H} keeps {his} {$thing} [in a safe place|by {his} bed|close by].`)
		text = strings.TrimRight(text, "\n") + "\n" + string(finish(g.out))
	}
	g.logCast()
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return text
}

// logCast reports the story's characters to castLog (tests).
func (g *gen) logCast() {
	if g.castLog == nil {
		return
	}
	var cs []*character
	for _, c := range g.cast {
		if c != nil {
			cs = append(cs, c)
		}
	}
	g.castLog(cs)
}

// setup starts a story about s: the cast (hero, friend, grown-up) and the
// story variables every plot may use.
func (g *gen) setup(s Subject) {
	g.out = g.out[:0]
	g.cast = [nRoles]*character{}
	clear(g.vars)
	g.focus = roleH
	g.subj = s

	h := g.newChar(s.Kind, s.Name, g.about || g.chance(0.8))
	g.cast[roleH] = h
	f := g.newChar(s.Friend, "", true)
	for f.name == h.name {
		f = g.newChar(s.Friend, "", true)
	}
	if s.Friend == "" && h.info.class == "child" && g.chance(0.6) {
		f = g.newChar(g.pick("girl", "boy"), "", true)
		for f.name == h.name {
			f = g.newChar(g.pick("girl", "boy"), "", true)
		}
	}
	g.cast[roleF] = f
	g.cast[roleP] = g.grownUp()

	thing := s.Thing
	if thing == "" {
		thing = g.pickSkew(lexicon["thing"])
	}
	g.set("thing", thing)
	p := places[g.rng.Intn(len(places))]
	g.set("place", p.name)
	g.set("placeIn", p.in())
	g.set("sightsWord", g.pickSkew(lexicon[p.sights]))
	g.set("food", g.pickSkew(lexicon["food"]))
	g.set("color", g.pickSkew(lexicon["color"]))
}

func (g *gen) pickPlot() int {
	total := 0
	for _, p := range plots {
		total += p.weight
	}
	r := g.rng.Intn(total)
	for i, p := range plots {
		if r < p.weight {
			return i
		}
		r -= p.weight
	}
	return 0
}
