package chatdata

import (
	"math/rand/v2"
	"strings"
)

// StoryFunc tells one story about s, deterministic in seed. Fields of s
// left empty were not asked for: the teller picks them. The story may
// hold paragraph breaks (they are joined with single spaces) and keeps
// its capitalisation. It returns "" for a subject it cannot tell.
type StoryFunc func(seed uint64, s Subject) string

// Options change what Generate produces.
type Options struct {
	// Story tells the stories of story replies; nil means LocalStory.
	// A story that does not fit (see StoryReply) is replaced by
	// LocalStory's, so a teller that knows fewer kinds than the requests
	// name still yields a story about the requested subject.
	Story StoryFunc
	// MaxStoryBytes is the longest story Story may give; 0 means
	// MaxStoryBytes. (LocalStory's are at most MaxStoryBytes.)
	MaxStoryBytes int
}

// Story reply sizes, in bytes of the story text (without the intro).
const (
	MinStoryBytes = 150
	MaxStoryBytes = 600
)

// StoryReply returns the assistant's reply to a story request about s: a
// short lower-case intro and the story, as one line. It uses opts.Story
// when its story, joined into one line, fits (StoryFits with
// opts.MaxStoryBytes); otherwise LocalStory.
func StoryReply(r *rand.Rand, opts Options, s Subject) string {
	intro := storyIntros[r.IntN(len(storyIntros))]
	seed := r.Uint64()
	if opts.Story != nil {
		if st := oneLine(opts.Story(seed, s)); StoryFits(st, s, opts.MaxStoryBytes) {
			return intro + st
		}
	}
	return intro + LocalStory(seed, s)
}

var storyIntros = []string{"", "", "", "sure! ", "okay! ", "here is a story. ", "of course! ",
	"here you go. ", "here is one. ", "i would love to. "}

// oneLine joins a story's lines and paragraphs with single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// StoryFits reports whether story is a usable reply to a request about
// s: MinStoryBytes–maxBytes long (maxBytes 0 means MaxStoryBytes), on one
// line, and mentioning the requested kind, name and thing (Mentions).
func StoryFits(story string, s Subject, maxBytes int) bool {
	if maxBytes <= 0 {
		maxBytes = MaxStoryBytes
	}
	if len(story) < MinStoryBytes || len(story) > maxBytes || strings.Contains(story, "\n") {
		return false
	}
	for _, w := range []string{s.Kind, s.Name, s.ThingWord()} {
		if w != "" && !Mentions(story, w) {
			return false
		}
	}
	return true
}

// LocalStory is chatdata's own story teller: a 4–7 sentence story, in the
// capitalised prose of the pretraining stories, whose hero is s's kind
// and name and which uses s's thing, place and mood. It fills in what s
// leaves empty and always returns a story that StoryFits s (with the
// default MaxStoryBytes).
func LocalStory(seed uint64, s Subject) string {
	r := rand.New(rand.NewPCG(seed, 0x73746f7279)) // "story"
	b := storyBindings(r, s)
	var pat string
	switch {
	case s.Two:
		pat = twoPlots[r.IntN(len(twoPlots))]
	case s.Mood == "short":
		pat = shortPlots[r.IntN(len(shortPlots))]
	default:
		pat = storyIntroLines[r.IntN(len(storyIntroLines))] + " " + plots[r.IntN(len(plots))]
	}
	st := fixArticles(expand(r, pat, b) + " " + expand(r, endings[b["mood"]][r.IntN(len(endings[b["mood"]]))], b))
	for len(st) < MinStoryBytes { // a short plot with a short ending
		st += " " + expand(r, endings[""][r.IntN(len(endings[""]))], b)
	}
	for len(st) > MaxStoryBytes { // drop the second sentence until it fits
		i := strings.Index(st, ". ")
		if i < 0 {
			break
		}
		j := strings.Index(st[i+2:], ". ")
		if j < 0 {
			break
		}
		st = st[:i+2] + st[i+2+j+2:]
	}
	return st
}

// storyBindings binds the story slots from s, drawing what s leaves out.
func storyBindings(r *rand.Rand, s Subject) bindings {
	pickS := func(l []string) string { return l[r.IntN(len(l))] }
	if s.Kind == "" {
		s.Kind = storyKinds[r.IntN(len(storyKinds))].one
	}
	if s.Name == "" {
		s.Name = pickS(storyNames)
	}
	if s.Thing == "" {
		s.Thing = storyThings[r.IntN(len(storyThings))].phrase
	}
	if s.Place == "" {
		s.Place = pickS(storyPlaces)
	}
	if s.Friend == "" || s.Friend == s.Kind {
		for s.Friend = storyKinds[r.IntN(len(storyKinds))].one; s.Friend == s.Kind; {
			s.Friend = storyKinds[r.IntN(len(storyKinds))].one
		}
	}
	fname := pickS(storyNames)
	for fname == s.Name {
		fname = pickS(storyNames)
	}
	adj := s.Adj
	if adj == "" {
		adj = pickS([]string{"little", "small", "kind", "brave", "curious", "happy", "young"})
	}
	many := s.Kind + "s"
	for _, k := range storyKinds {
		if k.one == s.Kind {
			many = k.many
		}
	}
	mood := s.Mood
	if _, ok := endings[mood]; !ok {
		mood = ""
	}
	the := "the " + strings.SplitN(s.Thing, " ", 2)[len(strings.SplitN(s.Thing, " ", 2))-1]
	return bindings{"Name": s.Name, "kind": s.Kind, "many": many, "adj": adj,
		"thing": s.Thing, "thethe": the, "place": s.Place, "friend": s.Friend,
		"Fname": fname, "mood": mood, "thingword": s.ThingWord()}
}

// Story skeletons. Sentences start with a capital or a {Name}; the slots
// are bound by storyBindings.
var storyIntroLines = []string{
	"Once upon a time, there was a {adj} {kind} named {Name}. {Name} lived {place}.",
	"{Name} was a {adj} {kind} who lived {place}.",
	"Long ago, a {adj} {kind} called {Name} lived {place}.",
	"One sunny day, {Name} the {kind} was playing {place}.",
	"There once was a {kind} named {Name}. {Name} was {adj} and liked to play {place}.",
}

var plots = []string{
	"One day, {Name} found {thing} on the ground. \"What is this?\" {Name} asked. {Name} showed {thethe} to a {friend} named {Fname}. {Fname} smiled and said, \"Let's play with it together!\" So they did, and they played all day.",
	"{Name} had {thing} and loved it very much. But one windy morning, {thethe} was gone! {Name} looked high and low. A kind {friend} named {Fname} came to help. At last, they found {thethe} behind a big rock. {Name} hugged {Fname} and said, \"Thank you!\"",
	"More than anything, {Name} wanted {thing}. {Name} asked a wise old {friend}, \"Where can I find one?\" The {friend} pointed to the top of the hill. {Name} walked and walked. At the top, {Name} found {thethe}, shining in the sun.",
	"One morning, {Name} decided to make {thing}. It was hard work, and the first try went wrong. {Name} felt sad. Then {Fname} the {friend} came by and said, \"Try again. I will help you.\" Together they made {thethe}, and it was perfect.",
	"{Name} wanted to share {thing} with everyone. First, {Name} showed it to {Fname} the {friend}. Then all the animals came to see. They laughed and played together until the sun went down. {Name} was glad to have so many friends.",
	"One day, {Name} saw {thing} up in a tall tree. {Name} could not reach it. {Name} jumped and jumped, but it was too high. Then {Fname} the {friend} had an idea. {Fname} held the ladder, and {Name} climbed up and got {thethe}.",
}

var shortPlots = []string{
	"{Name} the {kind} found {thing} {place}. {Name} was so happy! {Name} ran to show it to a {friend} named {Fname}, and the two friends played with {thethe} all day long.",
	"Once upon a time, a {adj} {kind} named {Name} lost {thing} {place}. {Name} looked everywhere. At last, a {friend} helped {Name} find {thethe}.",
	"{Name} was a {adj} {kind} who lived {place}. One day, {Name} made {thing} and gave it to a {friend} named {Fname}. {Fname} smiled a big smile, and from then on they were best friends.",
}

var twoPlots = []string{
	"Once upon a time, two {many} named {Name} and {Fname} lived {place}. They did everything together. One day, they found {thing}. \"Let's share it!\" said {Name}. {Fname} agreed, and they took turns with {thethe} all afternoon.",
	"Two {adj} {many}, {Name} and {Fname}, were best friends. One morning, {Name} lost {thing} {place}. {Fname} said, \"Don't worry, I will help you look.\" They searched and searched, and at last they found {thethe} under a leaf.",
}

// endings by mood ("" = any).
var endings = map[string][]string{
	"":          {"The end.", "From that day on, {Name} was never lonely again.", "{Name} smiled. It was the best day ever.", "And they were friends forever."},
	"bedtime":   {"That night, {Name} curled up in bed and fell fast asleep. Good night, {Name}.", "When the moon came out, {Name} yawned, closed both eyes and dreamed happy dreams. The end."},
	"funny":     {"Then {Name} laughed so hard that {Name} fell over with a big plop! Everyone giggled. The end.", "Just then, {thethe} landed on the {friend}'s head, and everyone laughed and laughed."},
	"happy":     {"From that day on, {Name} was the happiest {kind} of all. The end.", "{Name} smiled all the way home. It was a very happy day."},
	"adventure": {"What an adventure it was! {Name} could not wait for the next one. The end."},
	"magic":     {"Then {thethe} began to glow, and a little bit of magic filled the air. The end."},
	"short":     {"The end."},
}
