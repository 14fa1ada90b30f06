package chatdata

import (
	"strings"
)

// Story requests are built from parts, so that the model meets a story
// request in many shapes and learns to read its subject out of it:
//
//	{sopen}{sask} {sstory} about {skind} {sname} {sthing}{stail}
//	"hey, " "could you make up" "a bedtime story" "a little fox" "named Rusty" "who finds a key" " please"
//
// Each frame in storyFrames names 0–3 of a kind, a name, a thing and a
// place; the parts come from the lists below (built once, at start-up,
// into lists). requestSubject reads the Subject back from the bindings.

// storyKind is one kind of hero: its singular and plural nouns.
type storyKind struct{ one, many string }

var storyKinds = []storyKind{
	{"fox", "foxes"}, {"bunny", "bunnies"}, {"rabbit", "rabbits"}, {"cat", "cats"},
	{"dog", "dogs"}, {"puppy", "puppies"}, {"bear", "bears"},
	{"duck", "ducks"}, {"owl", "owls"}, {"mouse", "mice"}, {"frog", "frogs"},
	{"turtle", "turtles"}, {"pig", "pigs"}, {"lamb", "lambs"}, {"bird", "birds"},
	{"squirrel", "squirrels"}, {"elephant", "elephants"}, {"lion", "lions"},
	{"tiger", "tigers"}, {"monkey", "monkeys"}, {"horse", "horses"}, {"pony", "ponies"},
	{"cow", "cows"}, {"hen", "hens"}, {"goat", "goats"}, {"dragon", "dragons"},
	{"unicorn", "unicorns"}, {"dinosaur", "dinosaurs"}, {"robot", "robots"},
	{"whale", "whales"}, {"penguin", "penguins"}, {"bee", "bees"}, {"snail", "snails"},
	{"girl", "girls"}, {"boy", "boys"}, {"princess", "princesses"}, {"knight", "knights"},
	{"pirate", "pirates"}, {"giant", "giants"},
}

// storyAdjs describe a hero in a request: "a sleepy owl".
var storyAdjs = []string{"little", "small", "baby", "brave", "shy", "happy", "silly",
	"clever", "kind", "young", "old", "big", "grumpy", "curious", "lonely", "gentle"}

// storyNames are heroes' names (capitalised as a story writes them; users
// type them in any case).
var storyNames = []string{"Rusty", "Pip", "Milo", "Daisy", "Bobo", "Hop", "Luna", "Max",
	"Lily", "Tom", "Mia", "Ben", "Sam", "Rosa", "Finn", "Ruby", "Coco", "Sunny",
	"Biscuit", "Pepper", "Bella", "Oscar", "Toby", "Nina", "Leo", "Zoe", "Ollie",
	"Poppy", "Ziggy", "Tilly", "Gus", "Kiki", "Momo", "Benny", "Fern", "Otto"}

// storyThing is an object a story can be about: the phrase and the word a
// story about it must mention.
type storyThing struct{ phrase, word string }

var storyThings = []storyThing{
	{"a red kite", "kite"}, {"a shiny key", "key"}, {"a little key", "key"},
	{"a blue balloon", "balloon"}, {"a magic hat", "hat"}, {"a golden egg", "egg"},
	{"an old map", "map"}, {"a bouncy ball", "ball"}, {"a wooden boat", "boat"},
	{"a yellow umbrella", "umbrella"}, {"a tiny bell", "bell"}, {"a jar of honey", "honey"},
	{"a treasure box", "box"}, {"a paper boat", "boat"}, {"a music box", "box"},
	{"a magic stone", "stone"}, {"a basket of apples", "apples"}, {"a drum", "drum"},
	{"a falling star", "star"}, {"a warm scarf", "scarf"}, {"a little seed", "seed"},
	{"a lantern", "lantern"}, {"a big cookie", "cookie"}, {"a long feather", "feather"},
	{"a toy train", "train"}, {"a purple flower", "flower"}, {"a red wagon", "wagon"},
	{"a green hat", "hat"}, {"a pair of boots", "boots"}, {"a secret door", "door"},
	{"a birthday cake", "cake"}, {"a lost sock", "sock"}, {"a silver whistle", "whistle"},
	{"a big pumpkin", "pumpkin"}, {"a snow sled", "sled"}, {"a tiny crown", "crown"},
}

// storyPlaces are where a requested story happens.
var storyPlaces = []string{"at the beach", "in the forest", "in the woods", "on a farm",
	"in the mountains", "in space", "under the sea", "in a castle", "in the garden",
	"by the river", "in the park", "on a boat", "in the city", "in a little house", "in a big tree",
	"on the moon", "in the jungle", "on a hill", "at school", "in the kitchen",
	"in the desert", "on an island", "in a cave", "at the zoo"}

// storyNouns are the request's "story" words; the adjective, when it is a
// mood, goes into Subject.Mood (see moodWords).
var storyNouns = []string{"a story", "a story", "a story", "a short story",
	"a bedtime story", "a funny story", "a silly story", "a happy story", "a sweet story",
	"a cute story", "a quick story", "a nice story", "an adventure story", "a cozy story",
	"a new story", "a good story", "a fun story", "a magical story", "a sleepy story",
	"one more story", "a story for bedtime", "a happy little story", "a really short story"}

// storyAsks are the request verbs; each is followed by " " and a story noun.
var storyAsks = []string{"tell me", "please tell me", "can you tell me", "could you tell me",
	"would you tell me", "will you tell me", "tell us", "i want", "i would like", "i'd like",
	"i'd love", "i want to hear", "i would love to hear", "can i have", "can i hear",
	"may i have", "write", "write me", "please write", "can you write", "could you write me",
	"make up", "can you make up", "could you make up", "please make up", "give me",
	"can you give me", "read me", "share", "how about", "what about", "let's hear",
	"i need", "do you have", "tell", "now tell me", "ok tell me", "can we have", "got"}

// storyOpeners come before the request.
var storyOpeners = []string{"", "", "", "", "", "", "hey, ", "hi! ", "hello, ", "hey there! ",
	"ok, ", "okay ", "so, ", "um, ", "hmm, ", "yay! ", "now ", "pretty please, ", "please, ",
	"ooh, ", "good evening! ", "it is bedtime. ", "i can't sleep. ", "story time! ",
	"i'm bored. ", "hi again! ", "one more thing: ", "guess what, "}

// storyTails end the request; some carry a mood (moodWords).
var storyTails = []string{"", "", "", "", "?", "?", "!", ".", " please", ", please!",
	" please?", " :)", " for me", " for me please", " thanks!", " thank you", ", make it short",
	", a funny one", " before i sleep", " pls", "!!", " now", ", i love those", " ok?",
	" with a happy ending", "? i'd like that"}

// Name, thing and name-setting phrases, each mapped back to what it names.
var (
	nameForms  = []string{"named %s", "called %s", "whose name is %s"}
	nameSets   = []string{"call it %s.", "its name is %s.", "name it %s.", "the name should be %s.", "call the hero %s."}
	thingForms = []string{"with %s", "who finds %s", "who loses %s", "who has %s",
		"who wants %s", "who makes %s", "and %s", "who gets %s"}
	thingWith = []string{"with %s", "about %s", "and %s"}
	thingPuts = []string{"put %s in it.", "it should find %s.", "add %s.", "make it about %s too."}
)

// storyFrames are the user patterns of story requests; every one is built
// from the story part lists, and {shero}/{snoun} hold a bare name/noun (a digit at the end of a slot name would select a list, so no {sname0}).
var storyFrames = []string{
	"{sopen}{sask} {sstory}{stail}",
	"{sopen}{sask} {sstory} about {skind}{stail}",
	"{sopen}{sask} {sstory} about {skind}{stail}",
	"{sopen}{sask} {sstory} about {skind} {sname}{stail}",
	"{sopen}{sask} {sstory} about {skind} {sthing}{stail}",
	"{sopen}{sask} {sstory} about {skind} {sname} {sthing}{stail}",
	"{sopen}{sask} {sstory} about {skind} {splace}{stail}",
	"{sopen}{sask} {sstory} about {skind} {sname} {splace}{stail}",
	"{sopen}{sask} {sstory} about {skind} {sthing} {splace}{stail}",
	"{sopen}{sask} {sstory} about {shero} the {snoun}{stail}",
	"{sopen}{sask} {sstory} about {shero} the {snoun} {sthing}{stail}",
	"{sopen}{sask} {sstory} about {shero}{stail}",
	"{sopen}{sask} {sstory} {sthingw}{stail}",
	"{sopen}{sask} {sstory} {splace}{stail}",
	"{sopen}{sask} {sstory} about {skindpl}{stail}",
	"{sopen}{sask} {sstory} about {skindpl} {splace}{stail}",
	"{sopen}{sask} {sstory} about {skind} and {skind2}{stail}",
	"{sopen}{sask} {sstory} about {skind}. {sset}",
	"{sopen}{sask} {sstory} about {skind}. {sput}",
	"{sopen}{sstory} about {skind}{stail}",
	"{sopen}{sstory} about {skind} {sname}{stail}",
	"{sopen}{snoun} story{stail}",
	"{sopen}story about {skind}{stail}",
	"{sopen}{sask} {sstory}! one about {skind}{stail}",
	"{sopen}{sask} {sstory}? make it about {skind} {sthing}",
}

// Subject is what a story request asks for. Empty fields were not named;
// the story teller picks them.
type Subject struct {
	Kind   string // singular noun of the hero: "fox"
	Adj    string // the hero's adjective in the request: "little"
	Name   string // the hero's name, capitalised: "Rusty"
	Thing  string // an object phrase: "a red kite"
	Place  string // "at the beach"
	Mood   string // "bedtime", "funny", "short", "happy" or ""
	Friend string // a second kind named in the request ("a fox and a bear")
	Two    bool   // the request asked for several heroes of Kind ("three bunnies")
}

// ThingWord is the word a story about s.Thing must mention: "kite" for
// "a red kite"; "" when no thing was asked for.
func (s Subject) ThingWord() string {
	if t, ok := thingByPhrase[s.Thing]; ok {
		return t.word
	}
	w := strings.Fields(s.Thing)
	if len(w) == 0 {
		return ""
	}
	return w[len(w)-1]
}

// Lookups from a part's text back to what it names (built by
// buildStoryLists).
var (
	kindOf        = map[string]Subject{} // "a little fox" → {Kind: fox, Adj: little}; "three foxes" → {Kind: fox, Two: true}
	nameOf        = map[string]string{}  // "named Rusty" → "Rusty"
	thingOf       = map[string]string{}  // "who finds a red kite" → "a red kite"
	thingByPhrase = map[string]storyThing{}
	nounOne       = map[string]string{} // "foxes" → "fox", "fox" → "fox"
)

// moodWords maps words of the story noun, tail and opener to a mood.
var moodWords = []struct{ word, mood string }{
	{"bedtime", "bedtime"}, {"sleep", "bedtime"}, {"sleepy", "bedtime"},
	{"funny", "funny"}, {"silly", "funny"}, {"short", "short"}, {"quick", "short"},
	{"happy", "happy"}, {"adventure", "adventure"}, {"magical", "magic"},
}

func init() { buildStoryLists() }

// buildStoryLists fills lists with the story-request parts.
func buildStoryLists() {
	var kinds, kindsPl, nouns []string
	for _, k := range storyKinds {
		nounOne[k.one], nounOne[k.many] = k.one, k.one
		nouns = append(nouns, k.one)
		add := func(phrase string, s Subject) {
			kindOf[phrase] = s
			kinds = append(kinds, phrase)
		}
		add("a "+k.one, Subject{Kind: k.one})
		add("the "+k.one, Subject{Kind: k.one})
		for _, a := range storyAdjs {
			add("a "+a+" "+k.one, Subject{Kind: k.one, Adj: a})
		}
		for _, p := range []string{"three " + k.many, "some " + k.many, "a family of " + k.many, "a bunch of " + k.many} {
			kindOf[p] = Subject{Kind: k.one, Two: true}
			kindsPl = append(kindsPl, p)
		}
	}
	var names, sets []string
	for _, n := range storyNames {
		for _, f := range nameForms {
			p := strings.Replace(f, "%s", n, 1)
			nameOf[p] = n
			names = append(names, p)
		}
		for _, f := range nameSets {
			p := strings.Replace(f, "%s", n, 1)
			nameOf[p] = n
			sets = append(sets, p)
		}
	}
	var things, thingsW, puts []string
	for _, t := range storyThings {
		thingByPhrase[t.phrase] = t
		for _, f := range thingForms {
			p := strings.Replace(f, "%s", t.phrase, 1)
			thingOf[p] = t.phrase
			things = append(things, p)
		}
		for _, f := range thingWith {
			p := strings.Replace(f, "%s", t.phrase, 1)
			thingOf[p] = t.phrase
			thingsW = append(thingsW, p)
		}
		for _, f := range thingPuts {
			p := strings.Replace(f, "%s", t.phrase, 1)
			thingOf[p] = t.phrase
			puts = append(puts, p)
		}
	}
	for name, l := range map[string][]string{
		"skind": kinds, "skindpl": kindsPl, "snoun": nouns, "sname": names, "shero": storyNames,
		"sset": sets, "sthing": things, "sthingw": thingsW, "sput": puts, "splace": storyPlaces,
		"sstory": storyNouns, "sask": storyAsks, "sopen": storyOpeners, "stail": storyTails,
	} {
		lists[name] = l
	}
}

// optionalLists may hold the empty string (a part left out).
var optionalLists = map[string]bool{"sopen": true, "stail": true, "idopen": true}

// requestSubject reads the Subject of a story request from its bindings.
func requestSubject(b bindings) Subject {
	var s Subject
	if v, ok := b["skind"]; ok {
		s = kindOf[v]
	}
	if v, ok := b["skindpl"]; ok {
		s = kindOf[v]
	}
	if v, ok := b["snoun"]; ok {
		s.Kind = nounOne[v]
	}
	if v, ok := b["skind2"]; ok {
		s.Friend = kindOf[v].Kind
	}
	for _, k := range []string{"sname", "sset"} {
		if v, ok := b[k]; ok {
			s.Name = nameOf[v]
		}
	}
	if v, ok := b["shero"]; ok {
		s.Name = v
	}
	for _, k := range []string{"sthing", "sthingw", "sput"} {
		if v, ok := b[k]; ok {
			s.Thing = thingOf[v]
		}
	}
	s.Place = b["splace"]
	mood := b["sstory"] + " " + b["stail"] + " " + b["sopen"]
	for _, w := range strings.FieldsFunc(mood, func(c rune) bool { return c < 'a' || c > 'z' }) {
		for _, m := range moodWords {
			if w == m.word && s.Mood == "" {
				s.Mood = m.mood
			}
		}
	}
	return s
}
