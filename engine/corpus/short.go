package corpus

import (
	"strings"

	"trigo/engine/data"
)

// Short stories: a whole story (an opening that names the hero and its
// kind, one want or problem, one turn, an ending) in a few hundred bytes,
// written with the same lexicon, cast and realiser as the long ones. They
// exist for chat replies: a byte-level model with a 512-byte context has
// room for a prompt and about 200–380 bytes of story, and the long plots
// run 600–1 000.

// MinShortBytes is the shortest story StoryAboutShort returns (joined
// into one line): shorter ones hardly have room for a problem and a turn.
const MinShortBytes = 150

// shortTries is how many stories StoryAboutShort writes before it gives
// up; the later tries leave out the optional sentences and take the
// shortest forms, so a small limit is still met.
const shortTries = 16

// StoryAboutShort returns a short story about s (paragraphs ending in
// "\n", like StoryAbout) that is MinShortBytes to maxBytes bytes long when
// its paragraphs are joined with single spaces. The hero's name and kind,
// and the thing when given, appear in the text; s.Adj describes the hero
// where it is introduced ("a shy fox named Rusty"); s.Two makes the heroes two
// of the kind ("Pip and Hop, two little bunnies"), and s.Mood "bedtime",
// "funny" or "happy" picks the ending. It advances rng, and is
// deterministic for a given rng state. It returns "" when no story it
// tried fits: maxBytes ≥ 250 is always met (TestStoryAboutShort), 220
// nearly always.
func StoryAboutShort(rng *data.RNG, s Subject, maxBytes int) string {
	g := newGen(rng)
	g.about = true
	for try := range shortTries {
		// 0–3 as written, 4–7 without optional sentences, then shortest forms.
		g.lean = min(try/4, 2)
		st := g.shortStory(s)
		if n := joinedLen(st); n >= MinShortBytes && n <= maxBytes &&
			(s.Thing == "" || strings.Contains(st, s.Thing)) {
			return st
		}
	}
	return ""
}

// joinedLen is the length of st with its paragraphs joined by spaces.
func joinedLen(st string) int { return len(strings.TrimSpace(st)) }

// opt reports whether an optional sentence goes in: with probability p
// while the story may be long, never once it must be short.
func (g *gen) opt(p float64) bool { return g.lean == 0 && g.chance(p) }

// alt picks a full form while the story may be long and the first (the
// shortest) once it must be as short as possible.
func (g *gen) alt(ts ...string) string {
	if g.lean == 2 {
		return ts[0]
	}
	return g.pick(ts...)
}

func (g *gen) shortStory(s Subject) string {
	g.setup(s)
	if s.Adj != "" {
		g.cast[roleH].adj = s.Adj
	}
	if s.Two {
		g.twoHeroes()
	}
	g.shortOpening(s.Two)
	g.para()
	n := len(shortPlots)
	if s.Friend != "" {
		n = withFriend // the asked-for friend has a part
	}
	shortPlots[g.rng.Intn(n)](g)
	g.para()
	g.shortEnding(s.Mood)
	text := string(finish(g.out))
	g.logCast()
	return text
}

// twoHeroes makes the hero a pair of the same kind, named "Pip and Hop",
// who take they/their/were.
func (g *gen) twoHeroes() {
	h := g.cast[roleH]
	o := g.newChar(h.kind, "", true)
	for o.name == h.name || o.name == g.cast[roleF].name {
		o = g.newChar(h.kind, "", true)
	}
	adj := g.subj.Adj
	if adj == "" {
		adj = g.pick("little", "young", "happy", "busy")
	}
	g.cast[roleH] = &character{name: h.name + " and " + o.name, kind: h.kind, sex: 'p', adj: adj, info: h.info}
}

func (g *gen) shortOpening(two bool) {
	if two {
		g.say(g.alt(
			`{H.name} were two {H.adj} {H.kinds}.`,
			`Once upon a time, there were two {H.adj} {H.kinds}, {H.name}.`,
			`There was once a family of {H.adj} {H.kinds} who lived {homeT}. The two youngest were {H.name}.`,
			`{H.name} were two {H.adj} {H.kinds} who lived {homeT}[| and did everything together].`,
		))
	} else {
		g.say(g.alt(
			`Once there was {H.full}.`,
			`Once upon a time, there was {H.full}.`,
			`Once upon a time, there was {H.full}.`,
			`Once upon a time, in a [little|small|quiet|sunny] [village|town|forest|valley], there lived {H.full}.`,
			`There was once {H.full} who lived {homeT}.`,
			`Long ago, there lived {H.full}.`,
			`{H.name} was a {H.adj} {H.kind}[| who lived {homeT}].`,
			`This is a story about {H.full}.`,
		))
	}
	if g.opt(0.5) {
		g.sayAny(
			`{He} {was} [very|so|always] {trait}.`,
			`{He} loved to {play}.`,
			`{His} favorite color was {color}.`,
			`{He} liked {food.pl} [more than anything|very much].`,
		)
	}
}

// shortFeel is feel with the verb agreeing with a hero who may be two.
func (g *gen) shortFeel(r int, bad bool) {
	if bad {
		g.say(as(r, g.pick(`{X} felt [very|so|a little] {badfeel}.`, `{X} {X.was} [very|so] {badfeel}.`, `{X} did not know what to do.`)))
	} else {
		g.say(as(r, g.pick(`{X} felt [very|so|really] {goodfeel}.`, `{X} [smiled|grinned|beamed] from ear to ear.`, `{X} {X.was} so {goodfeel}.`)))
	}
	g.focus = r
}

// helper picks who helps: the friend, or now and then the grown-up.
func (g *gen) helper() int {
	if g.subj.Friend == "" && g.chance(0.3) {
		return roleP
	}
	return roleF
}

// shortPlots: the first withFriend give the friend a part.
var shortPlots = []func(g *gen){
	(*gen).shortLost, (*gen).shortWind, (*gen).shortLearn, (*gen).shortShare, (*gen).shortGift,
	(*gen).shortFear, (*gen).shortHelp,
}

const withFriend = 5

func (g *gen) shortLost() {
	g.say(g.alt(`{H} had a {$thing}.`, whenT+`, {H} took {his} {$thing} to the {$place}.`, `{H} had a {$thing} that {he} [took everywhere|loved very much].`))
	g.say(g.alt(`One day, it was gone!`, `But [then|after a while] the {$thing} was gone!`, `But when {he} looked again, {his} {$thing} was [gone|missing|nowhere to be seen].`))
	if g.opt(0.6) {
		g.shortFeel(roleH, true)
	}
	r := g.helper()
	g.say(as(r, g.alt(`{X.full} helped {H} look.`, `Just then, {X.full} came [by|along].`, `{X.full} saw that something was wrong.`)))
	if g.lean < 2 {
		g.speak(r, mPlain, g.pick(`Don't worry~I will help you look.`, `Let's look together!`, `Don't cry. We will find it.`))
	}
	g.set("spot", g.pick(spots...))
	g.say(`They looked {$spot}, and [there it was|they found it]!`)
}

func (g *gen) shortWind() {
	g.say(g.alt(`{H} took {his} {$thing} to the {$place}.`, whenT+`, {H} took {his} {$thing} to the {$place}.`, whenT+`, {H} [went|ran] to the {$place} with {his} {$thing}.`))
	g.say(g.alt(`The wind blew it [up into a tree|over the fence].`, `Suddenly, a big gust of wind blew the {$thing} [up into a tree|over the fence|onto a high rock].`))
	if g.opt(0.6) {
		g.say(`{H} [jumped and jumped|stood on {his} toes|tried and tried], but it was too high.`)
	}
	r := g.helper()
	g.say(as(r, g.alt(`{X.full} came and got it back.`, `Then {X.full} came by and [found a long stick|held the ladder|climbed up to get it].`)))
	if g.lean < 2 {
		g.speak(roleH, mHappy, g.pick(`Thank you!`, `My {$thing}!`, `You saved my {$thing}!`))
	}
}

func (g *gen) shortLearn() {
	sk := skills[g.rng.Intn(len(skills))]
	g.set("skillInf", g.x(sk.inf))
	g.say(g.alt(`{H} wanted to {$skillInf}.`, `More than anything, {H} wanted to {$skillInf}.`, `{H} wanted to {$skillInf} more than anything.`))
	g.say(g.alt(`But {he} could not.`, `{He} tried and tried, but {he} could not.`, `{He} tried, but it was too hard.`))
	if g.opt(0.5) {
		g.shortFeel(roleH, true)
	}
	r := g.helper()
	g.say(as(r, g.alt(`{X.full} showed {H} how.`, `Then {X.full} [came by and showed {H} how|said, "Try a little every day."]`)))
	g.say(g.alt(`{H} held {his} {$thing} and tried again.`, `{H} held {his} {$thing} [for luck|tight] and tried again.`, `{H} put down {his} {$thing} and tried one more time.`))
	g.say(`[At last|This time], {H} could {$skillInf}!`)
}

func (g *gen) shortShare() {
	g.say(g.alt(`{H} had a [new|shiny] {$thing}.`, whenT+`, {H} got a [new|shiny|{nice}] {$thing}.`, `{H} had a [new|shiny|{nice}] {$thing} and played with it all day.`))
	g.say(`Then {F.full} came by.`)
	g.speak(roleF, mPlain, `Can I [play with|try] your {$thing}?`)
	if g.lean == 0 && g.chance(0.5) {
		g.speak(roleH, mAngry, `No! It is mine.`)
		g.say(`{F} walked away. {H} did not feel {goodfeel} at all.`)
		g.say(`So {H} ran after {F} and said, "I am sorry. Let's share."`)
	} else {
		g.speak(roleH, mHappy, g.pick(`Yes! Let's share.`, `Of course!`, `Sure! We can take turns.`))
		g.say(`They took turns[| all afternoon| until dinner time].`)
	}
	if g.opt(0.5) {
		g.say(`It was [much|so much] more fun together.`)
	}
}

func (g *gen) shortFear() {
	g.set("fear", g.pick(fears...))
	g.say(g.alt(`{H} {was} afraid of {$fear}.`, `But {H} {was} afraid of {$fear}.`, `{H} {was} [very|a little] afraid of {$fear}.`))
	if g.opt(0.5) && g.cast[roleH].sex != 'p' { // one tummy, one pair of knees
		g.sayAny(`Just thinking about it made {his} tummy feel funny.`, `When {he} thought about it, {his} knees shook.`)
	}
	if g.lean < 2 {
		g.speak(roleP, mPlain, g.pick(`It is okay to be scared.`, `Everyone is scared sometimes.`, `I will hold your hand.`))
	} else {
		g.say(`{P} held {H.poss} hand.`)
	}
	g.say(g.alt(`{H} held {his} {$thing} tight.`, `{H} held {his} {$thing} [tight|close] and took a deep breath.`))
	g.say(g.alt(`It was not so bad after all.`, `It was not so bad after all.`, `Then {H} was brave, and it was not so scary anymore.`))
}

func (g *gen) shortGift() {
	g.say(g.alt(`{H} had a friend, {F.full}.`, `{His} best friend was {F.full}.`, `{H} had a friend, {F.full}.`))
	g.say(`[One day|One morning], it was {F.poss} birthday.`)
	if g.opt(0.5) {
		g.say(`{H} had no money for a present.`)
	}
	g.say(g.alt(`So {H} gave {F} {his} {$thing}.`, `So {H} gave {F} {his} [own|favorite] {$thing}.`, `{H} wrapped {his} {$thing} in {color} paper and gave it to {F}.`))
	g.speak(roleF, mHappy, g.pick(`I love it!`, `Thank you~this is the best present ever!`, `Oh, {H.voc}, thank you!`))
}

func (g *gen) shortHelp() {
	g.set("trouble", g.pick(troubles...))
	g.say(g.alt(`{H} found {$trouble}.`, whenT+`, {H} found {$trouble} {$placeIn}.`, whenT+`, {H} was walking {$placeIn} when {he} found {$trouble}.`))
	if g.opt(0.5) {
		g.sayAny(`It looked scared.`, `It was making a sad little sound.`, `It was shaking.`)
	}
	if g.lean < 2 {
		g.speak(roleH, mSoft, g.pick(`Don't be afraid. I will help you.`, `Poor thing~let me help.`, `Shh. It's okay.`))
	}
	g.say(g.alt(`{H} put down {his} {$thing} and helped it.`, `{H} put down {his} {$thing} and [reached out very gently|picked it up carefully|helped it].`))
	g.say(g.alt(`Soon it was safe.`, `Soon it was safe and warm.`, `Before long, it was back where it belonged.`))
}

// shortEnding closes a short story: maybe a feeling, then one ending line
// (by mood when the request gave one).
func (g *gen) shortEnding(mood string) {
	if g.opt(0.4) {
		g.shortFeel(roleH, false)
	}
	switch mood {
	case "bedtime":
		g.say(g.alt(`That night, {H} slept well.`, `That night, {H} [fell asleep|slept] with a [big|happy] smile.`, `When the moon came out, {H} yawned and fell fast asleep.`))
	case "funny":
		g.say(g.alt(`Everyone laughed.`, `Then {H} laughed so hard that {he} fell over with a big plop! Everyone giggled.`))
	case "happy":
		g.say(g.alt(`{H} smiled all day.`, `{H} smiled all the way home. It was a very happy day.`))
	default:
		g.say(g.alt(
			`It was the best day ever.`,
			`{H} went home [happy and tired|with a big smile|singing a little song].`,
			`That night, {H} [fell asleep|slept] with a [big|happy] smile.`,
			`From that day on, {H} [never forgot that day|smiled every time {he} thought about it].`,
			`And {H} lived happily ever after.`,
			`{H} could not wait to tell {P} all about it.`,
		))
	}
	if g.lean == 0 {
		g.maybe(0.15, `The end.`)
	}
}
