// Package corpus writes simple children's stories from templates: a small
// vocabulary, a cast of characters, places and things, dialogue, and a
// handful of plots with varied endings. It is deterministic (same seed,
// same text on every machine) and downloads nothing; data/stories_demo is
// made from it.
//
//	text := corpus.Generate(700000, 1)   // ≈ 700 KB of stories
package corpus

import (
	"bytes"
	"strings"

	"trigo/engine/data"
)

// Generate returns whole stories, separated by blank lines, totalling at
// most n bytes (at least one story).
func Generate(n int, seed uint64) []byte {
	g := &gen{rng: data.NewRNG(seed)}
	var out bytes.Buffer
	for {
		s := g.story()
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
	g := &gen{rng: data.NewRNG(seed)}
	var s string
	for k := 0; k <= i; k++ {
		s = g.story()
	}
	return s
}

type character struct {
	name, kind   string // "Lily", "girl"
	he, him, his string
}

// called is "Max" for children and "Rex the dog" for animals.
func (c character) called() string {
	if c.kind == "girl" || c.kind == "boy" {
		return c.name
	}
	return c.name + " the " + c.kind
}

type gen struct {
	rng data.RNG
	b   strings.Builder
}

func (g *gen) pick(options ...string) string { return options[g.rng.Intn(len(options))] }
func (g *gen) chance(p float64) bool         { return g.rng.Float64() < p }

var (
	girls   = []string{"Lily", "Mia", "Anna", "Zoe", "Sue", "Ella", "Rosa", "Nina", "Lucy", "Amy", "Ivy", "Kim"}
	boys    = []string{"Tom", "Ben", "Max", "Sam", "Leo", "Jack", "Finn", "Omar", "Tim", "Noah", "Eli", "Dan"}
	animals = []struct{ kind, name string }{
		{"rabbit", "Pip"}, {"dog", "Rex"}, {"cat", "Milo"}, {"duck", "Daisy"}, {"bear", "Bobo"},
		{"fox", "Rusty"}, {"mouse", "Squeak"}, {"frog", "Hop"}, {"bird", "Tweet"}, {"turtle", "Shelly"},
		{"pig", "Pinky"}, {"owl", "Hoot"}, {"lamb", "Fluff"}, {"puppy", "Spot"},
	}
	places = []struct{ name, in string }{
		{"park", "in the park"}, {"forest", "in the forest"}, {"garden", "in the garden"},
		{"beach", "at the beach"}, {"farm", "on the farm"}, {"river", "by the river"},
		{"hill", "on the big hill"}, {"school", "at school"}, {"town", "in the little town"},
		{"meadow", "in the green meadow"}, {"pond", "by the pond"}, {"kitchen", "in the kitchen"},
	}
	things = []string{"red ball", "blue kite", "yellow hat", "toy boat", "little drum", "shiny shell",
		"green book", "old key", "soft teddy", "paper crown", "wooden car", "pink cup", "big box", "silver bell"}
	foods   = []string{"apples", "cookies", "bread", "carrots", "cake", "berries", "soup", "honey", "pie", "pears"}
	colors  = []string{"red", "blue", "green", "yellow", "purple", "orange", "pink", "brown", "white"}
	traits  = []string{"kind", "shy", "brave", "happy", "curious", "silly", "clever", "gentle", "busy", "sleepy"}
	fears   = []string{"the dark", "loud thunder", "the big dog next door", "deep water", "the tall slide", "the old tree at night"}
	weather = []string{"The sun was bright and warm.", "The sky was blue and clear.", "It was a windy day.",
		"It was a cold morning.", "Soft rain fell on the roof.", "The air smelled of flowers."}
)

func (g *gen) person() character {
	if g.chance(0.5) {
		return character{name: g.pick(girls...), kind: "girl", he: "she", him: "her", his: "her"}
	}
	return character{name: g.pick(boys...), kind: "boy", he: "he", him: "him", his: "his"}
}

func (g *gen) animal() character {
	a := animals[g.rng.Intn(len(animals))]
	if g.chance(0.5) {
		return character{name: a.name, kind: a.kind, he: "she", him: "her", his: "her"}
	}
	return character{name: a.name, kind: a.kind, he: "he", him: "him", his: "his"}
}

func (g *gen) hero() character {
	if g.chance(0.65) {
		return g.person()
	}
	return g.animal()
}

// friend returns a character different from c.
func (g *gen) friend(c character) character {
	for {
		f := g.hero()
		if f.name != c.name {
			return f
		}
	}
}

func cap1(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func article(w string) string {
	if strings.ContainsRune("aeiou", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}

func (g *gen) say(sentences ...string) {
	for _, s := range sentences {
		if s == "" {
			continue
		}
		if g.b.Len() > 0 {
			last := g.b.String()[g.b.Len()-1]
			if last != '\n' {
				g.b.WriteByte(' ')
			}
		}
		g.b.WriteString(s)
	}
}

func (g *gen) para() { g.b.WriteString("\n") }

// opening introduces the hero.
func (g *gen) opening(c character) {
	trait := g.pick(traits...)
	intro := g.pick(
		"Once upon a time, there was "+article(trait)+" "+c.kind+" named "+c.name+".",
		"Once there was "+article(c.kind)+" called "+c.name+".",
		"One day, "+article(trait)+" "+c.kind+" named "+c.name+" woke up early.",
		c.name+" was "+article(trait)+" "+c.kind+".",
		"There once lived "+article(trait)+" "+c.kind+". "+cap1(c.his)+" name was "+c.name+".",
	)
	g.say(intro)
	if g.chance(0.6) {
		g.say(g.pick(
			cap1(c.he)+" liked to play "+g.pick(placesIn()...)+".",
			cap1(c.he)+" loved "+g.pick(foods...)+" more than anything.",
			cap1(c.his)+" favorite color was "+g.pick(colors...)+".",
			cap1(c.he)+" had "+article(g.pick(things...))+" that "+c.he+" took everywhere.",
			cap1(c.he)+" lived in a small house with "+c.his+" mom and dad.",
		))
	}
	if g.chance(0.5) {
		g.say(g.pick(weather...))
	}
}

func placesIn() []string {
	out := make([]string, len(places))
	for i, p := range places {
		out[i] = p.in
	}
	return out
}

func (g *gen) story() string {
	g.b.Reset()
	switch g.rng.Intn(7) {
	case 0:
		g.lostThing()
	case 1:
		g.sharing()
	case 2:
		g.fear()
	case 3:
		g.adventure()
	case 4:
		g.making()
	case 5:
		g.helping()
	default:
		g.race()
	}
	s := g.b.String()
	// "Let's go." said Tom → "Let's go," said Tom.
	s = strings.ReplaceAll(s, ".\" said ", ",\" said ")
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}

func (g *gen) lostThing() {
	c := g.hero()
	f := g.friend(c)
	thing := g.pick(things...)
	p := places[g.rng.Intn(len(places))]
	g.opening(c)
	g.para()
	g.say(
		"One day, "+c.name+" went to the "+p.name+" with "+c.his+" "+thing+".",
		g.pick("When it was time to go home, the "+thing+" was gone!", "Then "+c.he+" looked down. The "+thing+" was not there!", "After a while, "+c.he+" could not find "+c.his+" "+thing+"."),
		g.pick(c.name+" felt very sad.", c.name+" began to cry.", c.name+" did not know what to do."),
	)
	g.para()
	g.say(
		f.called()+" saw "+c.him+" and came over.",
		"\""+g.pick("Why are you sad?", "What is wrong?", "Are you okay?")+"\" asked "+f.name+".",
		"\"I lost my "+thing+",\" said "+c.name+".",
		"\""+g.pick("Don't worry. I will help you look.", "Let's look for it together!", "We can find it. Come with me.")+"\" said "+f.name+".",
	)
	spots := []string{"under a bush", "behind a big rock", "next to the bench", "in the tall grass", "near the water", "under some leaves", "on a low branch"}
	first, second := g.pick(spots...), g.pick(spots...)
	g.say("They looked " + first + ", but it was not there.")
	switch g.rng.Intn(3) {
	case 0:
		g.say("Then " + f.name + " saw something " + second + ". It was the " + thing + "!")
	case 1:
		g.say("Then they heard a funny sound. A little "+g.pick("squirrel", "bird", "puppy", "goat")+" was playing with the "+thing+" "+second+"!",
			"The animal let it go and ran away.")
	default:
		g.say("They looked and looked. At last, " + c.name + " found it " + second + ".")
	}
	g.para()
	g.ending(c, f, "found")
}

func (g *gen) sharing() {
	c := g.hero()
	f := g.friend(c)
	food := g.pick(foods...)
	g.opening(c)
	g.para()
	g.say(
		g.pick("One morning, ", "One afternoon, ", "After lunch, ")+c.name+"'s mom gave "+c.him+" some "+food+".",
		"\"These are for you,\" she said.",
		c.name+" sat down "+g.pick(placesIn()...)+" to eat them.",
	)
	g.para()
	g.say(
		"Soon "+f.called()+" came by. "+cap1(f.he)+" looked at the "+food+".",
		"\"Can I have some?\" asked "+f.name+".",
	)
	if g.chance(0.5) {
		g.say(
			"\"No! They are mine,\" said "+c.name+".",
			f.name+" walked away with a sad face.",
			c.name+" ate the "+food+", but "+c.he+" did not feel happy.",
			g.pick("It was no fun to eat alone.", cap1(c.he)+" kept thinking about "+f.name+"."),
		)
		g.para()
		g.say(
			"So "+c.name+" ran after "+f.name+".",
			"\"I am sorry,\" "+c.he+" said. \"Let's share.\"",
			f.name+" smiled a big smile.",
		)
	} else {
		g.say(
			"\""+g.pick("Yes, of course!", "Sure! There is a lot.", "Here, take half.")+"\" said "+c.name+".",
			"They sat together and ate the "+food+".",
			"\"Thank you,\" said "+f.name+". \"Tomorrow I will bring "+g.pick(foods...)+" for you.\"",
		)
	}
	g.para()
	g.ending(c, f, "share")
}

func (g *gen) fear() {
	c := g.hero()
	helper := g.pick("mom", "dad", "grandma", "grandpa", "big sister", "big brother")
	fear := g.pick(fears...)
	g.opening(c)
	g.para()
	g.say(
		c.name+" was afraid of "+fear+".",
		g.pick("Every night, "+c.he+" hid under "+c.his+" blanket.", "When "+c.he+" thought about it, "+c.his+" knees shook.", cap1(c.he)+" did not want anyone to know."),
	)
	g.para()
	g.say(
		"One day, "+c.his+" "+helper+" saw that "+c.name+" was scared.",
		"\"What is the matter, little one?\" asked "+c.his+" "+helper+".",
		"\"I am scared of "+fear+",\" said "+c.name+" in a small voice.",
		"\""+g.pick("It is okay to be scared.", "Everyone is scared sometimes.", "Being scared does not mean you are not brave.")+"\" said "+c.his+" "+helper+".",
		"\""+g.pick("Let's try together. I will hold your hand.", "Take a deep breath and count to three.", "I was scared too when I was small.")+"\"",
	)
	g.para()
	switch g.rng.Intn(3) {
	case 0:
		g.say(c.name+" took a deep breath.", "One, two, three!", "It was not so bad after all.")
	case 1:
		g.say("They went together, step by step.", c.name+" held on tight. Then "+c.he+" began to smile.")
	default:
		g.say(c.name+" closed "+c.his+" eyes and then opened them again.", "Nothing bad happened.", cap1(c.he)+" even laughed a little.")
	}
	g.para()
	g.say(g.pick(
		"From that day on, "+c.name+" was not afraid of "+fear+" anymore.",
		"After that, "+c.name+" still felt a little scared sometimes, but "+c.he+" knew what to do.",
		"That night, "+c.name+" slept well and dreamed of "+g.pick(foods...)+".",
		c.name+" hugged "+c.his+" "+helper+". \"Thank you,\" "+c.he+" said.",
	))
	if g.chance(0.4) {
		g.say(g.pick("Being brave does not mean you are never scared.", "Sometimes all you need is someone to hold your hand."))
	}
}

func (g *gen) adventure() {
	c := g.hero()
	f := g.friend(c)
	p := places[g.rng.Intn(len(places))]
	g.opening(c)
	g.para()
	g.say(
		"\""+g.pick("Let's go on an adventure!", "I want to see something new today.", "Do you want to explore with me?")+"\" said "+c.name+" to "+f.called()+".",
		"So they went to the "+p.name+".",
		g.pick("They walked and walked.", "They skipped along the path.", "They ran as fast as they could."),
	)
	g.para()
	sight := g.pick("a tiny door in a tree", "a rainbow over the water", "a nest with three blue eggs", "a big shiny stone", "a path they had never seen", "a boat made of leaves")
	g.say(
		cap1(p.in)+" they found "+sight+".",
		"\"Wow!\" said "+f.name+". \""+g.pick("Look at that!", "I have never seen that before.", "What is it?")+"\"",
	)
	if g.chance(0.5) {
		g.say(
			"But then "+g.pick("dark clouds came and it began to rain.", "the sun went down and the sky got dark.", "they could not find the way back."),
			g.pick(c.name+" was worried.", f.name+" held "+c.name+"'s hand.", "They did not know which way to go."),
			g.pick("Then they saw the lights of home far away.", "A kind "+g.pick("owl", "old man", "farmer", "dog")+" showed them the way.", "They followed the little stream back home."),
		)
	} else {
		g.say(
			"They looked at it for a long time.",
			g.pick("Then they drew a picture of it so they would not forget.", "Then they sat down and ate "+g.pick(foods...)+".", "A little "+g.pick("bird", "frog", "mouse")+" came to look too."),
		)
	}
	g.para()
	g.ending(c, f, "adventure")
}

func (g *gen) making() {
	c := g.hero()
	f := g.friend(c)
	type project struct{ make, verb, oops, fix string }
	projects := []project{
		{"a cake", "baked", "the cake fell on the floor", "they baked a new one and it was even better"},
		{"a sandcastle", "built", "a big wave knocked it down", "they built it again, far from the water"},
		{"a picture", "painted", "the paint spilled all over it", "they turned the spill into a big " + g.pick(colors...) + " sun"},
		{"a kite", "made", "the string broke", "they tied a new string with a strong knot"},
		{"a tower of blocks", "built", "the tower fell down", "they made the bottom wider and it stood tall"},
		{"a snowman", "made", "the sun began to melt it", "they moved it into the shade of a tree"},
		{"a little boat", "made", "the boat got a hole", "they fixed the hole with some wax"},
	}
	pr := projects[g.rng.Intn(len(projects))]
	g.opening(c)
	g.para()
	g.say(
		c.name+" and "+f.name+" wanted to make "+pr.make+".",
		g.pick("They worked all morning.", "They worked very hard.", "It took a long time."),
		g.pick("At last it was ready.", "Soon it was done.", "It looked wonderful."),
	)
	g.para()
	g.say(
		"But then "+pr.oops+".",
		g.pick("\"Oh no!\" cried "+c.name+".", c.name+" wanted to give up.", f.name+" looked at "+c.name+" and sighed."),
		"\""+g.pick("We can fix it.", "Let's try again!", "Don't give up. We can do it together.")+"\" said "+f.name+".",
		"So "+pr.fix+".",
	)
	g.para()
	g.ending(c, f, "made")
}

func (g *gen) helping() {
	c := g.hero()
	p := places[g.rng.Intn(len(places))]
	hurt := g.pick("a little bird with a hurt wing", "a small kitten stuck in a tree", "a baby duck who lost its mom", "a puppy that was cold and wet", "a snail in the middle of the road")
	g.opening(c)
	g.para()
	g.say(
		"One day "+p.in+", "+c.name+" found "+hurt+".",
		g.pick("It looked scared.", "It was making a sad little sound.", "It could not get home by itself."),
		"\""+g.pick("Don't be afraid. I will help you.", "Poor thing. Let me help.", "I will take care of you.")+"\" said "+c.name+".",
	)
	g.para()
	g.say(
		c.name+" "+g.pick("was very gentle.", "moved slowly and softly.", "asked "+c.his+" dad for help."),
		g.pick("After some days, it was strong again.", "Soon it was safe and warm.", "Before long, it was back where it belonged."),
	)
	if g.chance(0.5) {
		g.say("Every morning after that, it came back to say hello to " + c.name + ".")
	} else {
		g.say("It looked at " + c.name + " one last time and then it was gone.")
	}
	g.para()
	g.say(g.pick(
		c.name+" felt warm inside. Helping others made "+c.him+" happy.",
		"\"You have a kind heart,\" said "+c.name+"'s mom. "+c.name+" smiled.",
		"That night "+c.name+" told "+c.his+" family all about it.",
		"The end.",
	))
}

func (g *gen) race() {
	c := g.hero()
	f := g.friend(c)
	g.opening(c)
	g.para()
	g.say(
		"\""+g.pick("I am the fastest in the whole "+g.pick("park", "forest", "town")+"!", "Let's have a race!", "I bet I can win!")+"\" said "+f.name+".",
		"\"Okay,\" said "+c.name+". \"Let's race to the "+g.pick("big tree", "red gate", "old bridge", "top of the hill")+".\"",
		"\"Ready, set, go!\"",
	)
	g.para()
	switch g.rng.Intn(3) {
	case 0:
		g.say(
			f.name+" ran very fast and was far ahead.",
			"But then "+f.name+" stopped to "+g.pick("eat some berries", "take a nap", "look at a butterfly")+".",
			c.name+" kept going, slow and steady, and won the race!",
		)
	case 1:
		g.say(
			"They ran side by side.",
			"Then "+f.name+" tripped and fell.",
			c.name+" stopped and helped "+f.name+" up. They walked to the end together.",
		)
	default:
		g.say(
			f.name+" won the race.",
			c.name+" was a little sad, but "+c.he+" said, \"Good job! You are very fast.\"",
			f.name+" said, \"Thank you! You were fast too.\"",
		)
	}
	g.para()
	g.ending(c, f, "race")
}

// ending closes a story with one of several kinds of endings.
func (g *gen) ending(c, f character, plot string) {
	switch g.rng.Intn(5) {
	case 0:
		g.say("From that day on, " + c.name + " and " + f.name + " were best friends.")
	case 1:
		g.say(
			"\""+g.pick("Thank you for helping me.", "That was the best day ever!", "You are a good friend.")+"\" said "+c.name+".",
			"\""+g.pick("Any time!", "That is what friends are for.", "Let's do it again tomorrow!")+"\" said "+f.name+".",
		)
	case 2:
		g.say("They went home " + g.pick("happy and tired.", "with big smiles.", "just in time for dinner.", "singing a song."))
		if g.chance(0.5) {
			g.say("That night, " + c.name + " dreamed about " + g.pick("the "+plot+" day", "flying over the "+g.pick("hills", "sea", "town"), "a mountain of "+g.pick(foods...)) + ".")
		}
	case 3:
		g.say(g.pick(
			c.name+" learned that it is good to ask for help.",
			c.name+" learned that sharing makes everyone happy.",
			c.name+" learned that friends can fix anything together.",
			c.name+" learned to never give up.",
		))
	default:
		g.say(g.pick(
			"And "+f.name+" laughed so hard that "+f.he+" fell over.",
			"Then it started to rain, so they jumped in all the puddles.",
			"Then "+c.name+"'s dog ran by and everyone had to chase it.",
			"The end.",
		))
	}
}
