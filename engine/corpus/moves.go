package corpus

import "strings"

// Narrative moves shared by the plots: openings, scenes, feelings, help,
// failed tries, surprises, apologies, lessons and endings. Each is a set of
// templates; a plot strings moves together and fills the story variables.

// as rewrites a template written for role X ("{X}", "{X.his}") for role r.
func as(r int, t string) string {
	return strings.ReplaceAll(t, "{X", "{"+roleLetters[r:r+1])
}

// when: a time phrase that starts a new part of the story.
const whenT = `[One day|One day|One day|One morning|One sunny morning|One afternoon|One evening|Later that week|The next morning|On Saturday|One {season} day|Early one morning|After breakfast|One bright day|One fine day|A few days later|That afternoon]`

func (g *gen) sayAny(ts ...string) { g.say(g.pick(ts...)) }

func (g *gen) maybe(p float64, ts ...string) {
	if g.chance(p) {
		g.say(g.pick(ts...))
	}
}

// intro opens the story with the hero, a detail or two, and maybe a friend.
func (g *gen) intro(withFriend bool) {
	h := g.cast[roleH]
	if h.name != "" && g.chance(0.25) {
		g.sayAny(
			`{H.name} was [a|a very] {H.adj} little {H.kind}[| who lived {homeT}].`,
			`{H.name} was a {H.kind} [who lived {homeT}|with a big smile|who loved to {play}].`,
			`This is a story about {H.full}.`,
			`Have you ever met a {H.kind} who [loved to {play}|was afraid of nothing|could not sit still]? This is {H.name}.`,
		)
	} else {
		g.sayAny(
			`Once upon a time, there was {H.full}.`,
			`Once upon a time, there was {H.full}.`,
			`Once upon a time, there was {H.full}.`,
			`Once upon a time, in a [little|small|quiet|busy|faraway|sunny] [village|town|forest|valley|land], there lived {H.full}.`,
			`There was once {H.full} who lived {homeT}.`,
			`Once there was {H.full}.`,
			`Long ago, there lived {H.full}.`,
			`In a [cozy|little|tall|small] house [at the end of the street|on a hill|by a big tree|near the sea], there lived {H.full}.`,
			`[One|One sunny|One cold|One bright|One warm] morning, {H.full} woke up [early|with a big smile|and jumped out of bed].`,
			`Far away, [in a green forest|by a blue lake|on a snowy mountain|in a land of tall grass], lived {H.full}.`,
		)
	}
	n := 1 + g.rng.Intn(3)
	order := [9]int{0, 1, 2, 3, 4, 5, 6, 7, 8}
	for i := 0; i < n; i++ {
		// Distinct details: a partial shuffle of the nine.
		j := i + g.rng.Intn(9-i)
		order[i], order[j] = order[j], order[i]
		switch order[i] {
		case 0:
			g.say(`{He} was [very|so|always|a little] {trait}[| and [very|always|a bit] {trait}].`)
		case 1:
			g.say(`{He} [loved to {play}|loved {play.ing}|liked {play.ing}|was good at {play.ing}][| more than anything| every day| with {his} friends| after lunch].`)
		case 2:
			g.say(`{He} [liked|loved] {food.pl} [and {food.pl}|more than anything|very much|for a snack].`)
		case 3:
			g.say(`{His} favorite color was {color}[|, like the {natural}| because it was the color of {dish}].`)
		case 4:
			g.say(`{He} lived {homeT} [with {his} family|with {his} mom and dad|with {his} grandma|near the {$place}|all by {self}].`)
		case 5:
			g.say(`Every [morning|day|evening], {he} [helped {his} family [to|] {chore}|liked to {play}|went to the {$place}|sang a little song].`)
		case 6:
			g.say(`{He} was [not very big|the smallest {H.kind} [around|of all|in the {$place}]|smaller than the other {H.kinds}], but {he} had a big heart.`)
		case 7:
			g.say(`{He} had [big|bright|kind|sparkly|round|dark] eyes and a [little|funny|tiny|round|pink|black] nose.`)
		default:
			g.say(`{He} [liked|loved] the {season} [best|most of all] because {he} could {play}.`)
		}
	}
	if g.subj.Thing != "" {
		g.say(`{He} had a {$thing} that {he} [took everywhere|loved very much|kept by {his} bed|never let go of].`)
	}
	if withFriend {
		g.sayAny(
			`{His} best friend was {F.full}.`,
			`{His} best friend was {F.full}.`,
			`{H} had a friend, {F.full}.`,
			`{He} lived next door to {F.full}.`,
			`{H} and {F.full} did everything together.`,
		)
	}
}

var macros = map[string]string{
	"when":  whenT,
	"homeT": homeT,
}

const homeT = `[in a {H.home}|in a little {H.home}|in a cozy {H.home}|in a {H.home} [near the {$place}|by a big tree|under a hill]]`

// scene sets the time and weather of a new part.
func (g *gen) scene() {
	g.sayAny(
		whenT+`, {H} [went|walked|ran|went out] to the {$place}.`,
		whenT+`, {H} [woke up|got up] [early|late|with a yawn] and looked out of the window.`,
		whenT+`, {H} was [playing|sitting|walking] {$placeIn}.`,
		whenT+`, {H} decided to go to the {$place}.`,
		whenT+`, {H} and {his} {P.kind} went to the {$place}.`,
	)
	if g.chance(0.5) {
		g.detail()
	}
	g.maybe(0.45,
		`The sun was [shining|bright|warm] and the [birds were singing|sky was blue|flowers were open].`,
		`It was a {weather} day.`,
		`The sky was [gray|cloudy|full of fluffy clouds], [but it was still warm|and the air smelled like rain|and a cool wind blew].`,
		`[The wind blew softly through the trees|The leaves were falling|The grass was wet with dew|Everything was quiet].`,
		`{sound}! [A door slammed somewhere|A bird flew up from a bush|A big truck went by].`,
	)
}

// feel says how role r feels; bad selects the kind of feeling.
func (g *gen) feel(r int, bad bool) {
	if bad {
		g.say(as(r, g.pick(
			`{X} felt [very|so|a little|really] {badfeel}.`,
			`{X} was [very|so|a little] {badfeel}.`,
			`{X} [sat down|looked down] and [began to cry|sighed|said nothing].`,
			`{X.His} eyes filled with tears.`,
			`{X} did not know what to do.`,
			`A big tear rolled down {X.poss} [cheek|face|nose].`,
		)))
	} else {
		g.say(as(r, g.pick(
			`{X} felt [very|so|really] {goodfeel}.`,
			`{X} was so {goodfeel} that {X.he} [jumped up and down|danced around|laughed out loud|clapped {X.his} hands].`,
			`{X} [smiled|grinned|beamed] from ear to ear.`,
			`{X} felt warm and {goodfeel} inside.`,
			`{X} [laughed|giggled] and [spun around|did a little dance|jumped for joy].`,
		)))
	}
	g.focus = r
}

// tries writes one to three failed attempts at something, then success
// (when win is set). act is a verb phrase ("reach the apple").
func (g *gen) tries(act string, win bool) {
	g.set("act", act)
	n := 1 + g.rng.Intn(3)
	for i := 0; i < n; i++ {
		switch i {
		case 0:
			g.sayAny(
				`{H} tried to {$act}, but {he} could not.`,
				`First, {H} tried to {$act}. It did not work.`,
				`{H} [tried|tried very hard] to {$act}. [But it was too hard|But nothing happened|But it was no use].`,
				`{He} [stood on {his} toes|jumped as high as {he} could|pushed with all {his} might|tried and tried], but {he} still could not {$act}.`,
			)
		case 1:
			g.sayAny(
				`Then {he} tried again. [Still nothing|It still did not work|Oh no, not again].`,
				`{He} tried a [different|new|clever] way, but that did not work [either|too well].`,
				`"Maybe if I [try harder|go faster|go slower|stand on a box]," {he} thought. But it did not help.`,
			)
		default:
			g.sayAny(
				`{H} [sat down|flopped down on the grass|stamped {his} feet]. "I will never {$act}," {he} said [sadly|with a sigh|in a small voice].`,
				`{H} was tired and {badfeel}. {He} wanted to give up.`,
			)
		}
	}
	if win {
		g.sayAny(
			`Then {he} [had an idea|took a deep breath|tried one more time]. This time, {he} [did it|could {$act}]!`,
			`At last, after many tries, {H} was able to {$act}!`,
			`{He} tried one last time, [slowly|very carefully|with all {his} might]. And it worked!`,
		)
	}
}

// helpFrom writes a helper (role r) noticing the hero's trouble and offering help.
func (g *gen) helpFrom(r int, trouble string) {
	g.set("trouble", g.x(trouble))
	g.say(as(r, g.pick(
		`Just then, {X.full} came [by|along|over].`,
		`Just then, {X.full} came [by|along|over].`,
		`{X.full} saw that something was wrong.`,
		`{X.full} [heard|saw] {H} and [came over|ran over|walked over].`,
	)))
	g.focus = r
	g.speak(r, mPlain, g.pick(
		`What is wrong, {H.voc}?`, `Why are you sad?`, `Are you okay?`, `What happened?`,
		`Why do you look so {badfeel}?`, `Is something wrong?`, `Can I help you?`))
	g.speak(roleH, mSad, `{$trouble}`)
	g.speak(r, mPlain, g.pick(
		`Don't worry. I will help you.`,
		`Let's [fix it|do it|find a way] together!`,
		`I have an idea~let's try it together.`,
		`Don't be sad. [Two|Two friends] can do more than one.`,
		`[Don't give up|Don't cry]. I know what to do.`,
		`I can help. [Come with me|Watch this|Follow me].`,
	))
}

// apology: a small quarrel between the hero and role r, then making up.
func (g *gen) quarrel(r int, over string) {
	g.set("over", over)
	g.say(as(r, g.pick(
		`But then {H} and {X.full} both wanted {$over}.`,
		`Soon {H} and {X.full} began to argue about {$over}.`,
		`Then {X.full} [grabbed|took] {$over} without asking.`,
	)))
	g.speak(roleH, mAngry, g.pick(`That's mine!`, `Give it back!`, `It's my turn!`, `Stop it~that's not fair!`, `I had it first!`))
	g.speak(r, mAngry, g.pick(`No, it's my turn!`, `But I want it too!`, `You always get it first!`, `I was here first!`))
	g.say(as(r, g.pick(
		`They pulled and pulled. [Rip|Snap|Crack]! [It broke in two|Something tore|It fell on the ground].`,
		`{X} [stomped off|walked away|turned away] and {H} sat all alone.`,
		`They did not talk for a long time.`,
	)))
	g.feel(roleH, true)
	g.say(`{H} thought about it. [Being|Staying] angry did not feel good at all.`)
	g.say(as(r, g.pick(
		`{H} went to {X} and said, "I am sorry. [Let's share|You can go first|I should not have shouted]."`,
		`"I am sorry," said {H}. "[Let's share.|You can go first.|Can we be friends again?]"`,
	)))
	g.speak(r, mReply, g.pick(`I am sorry too.`, `I am sorry too~let's play together.`, `That's okay. I am sorry too.`, `Friends again?`))
	g.say(as(r, g.pick(
		`They hugged and [took turns|played together|laughed] [for the rest of the day|until dinner time|all afternoon].`,
		`{H} and {X} [shook hands|hugged|smiled at each other]. It was much more fun to play together.`,
	)))
}

// surprise writes a sudden turn.
func (g *gen) surprise() {
	g.sayAny(
		`Suddenly, {H} heard a [strange|funny|loud|tiny] sound. "{sound}!"`,
		`[Suddenly|All of a sudden|Just then], something [moved|wiggled|jumped] in the [grass|bushes|leaves].`,
		`[Suddenly|Just then], a {$sightsWord} [jumped|hopped|popped|flew] out [of nowhere|from behind a tree|from under a leaf]!`,
		`Then something surprising happened.`,
	)
}

// lesson: what the hero learned, or the narrator's moral.
func (g *gen) lesson(lessons ...string) {
	l := g.pick(lessons...)
	g.set("lesson", l)
	g.sayAny(
		`{H} learned that {$lesson}.`,
		`{H} learned that {$lesson}.`,
		`That day, {H} learned that {$lesson}.`,
		`And so {H} learned that {$lesson}.`,
		`Now {H} knew that {$lesson}.`,
		`[It is true|Remember]: {$lesson}.`,
	)
}

// ending closes a story.
func (g *gen) ending(withFriend bool) {
	if withFriend && g.chance(0.4) {
		g.sayAny(
			`From that day on, {H} and {F} were [best friends|the best of friends|never apart].`,
			`{H} and {F} [played|laughed|talked] [until the sun went down|all day long|until it was time for dinner].`,
			`"[Thank you|Thanks] for [helping me|being my friend|playing with me]," said {H}. "[Any time|You are welcome|That is what friends are for]," said {F}.`,
			`They went home [happy and tired|with big smiles|hand in hand|singing a song].`,
		)
	} else {
		g.sayAny(
			`That night, {H} [fell asleep|slept] with a [big|happy] smile on {his} face.`,
			`{H} went home [happy and tired|with a big smile|singing a little song|just in time for dinner].`,
			`It was the best day ever.`,
			`From that day on, {H} [was always happy|never forgot that day|smiled every time {he} thought about it].`,
			`{H} hugged {P}. "This was the best day," {he} said.`,
			`And {H} lived happily ever after.`,
			`{H} could not wait to tell {his} friends all about it.`,
			`When {he} got home, {H} told {P} all about {his} day.`,
		)
	}
	g.maybe(0.15, `The end.`)
}

// detail adds a sentence of texture: what the hero sees, hears, wears,
// eats or does on the way. It carries most of the lexicon's variety.
func (g *gen) detail() {
	g.say(g.pick(
		`{He} saw [a|two|three|some|lots of] {looks} {natural.pl} [by the path|near the water|on the ground|under a {tree}].`,
		`There was a {size} {tree} with {color} {flower.pl} all around it.`,
		`{H} [put on|wore] {his} {color} {clothes}[| and {his} {clothes}].`,
		`{He} heard a {bird} [singing|calling|chirping] [in a {tree}|far away|on the roof|in the {flower.pl}].`,
		`{He} [picked|smelled|found] a {looks} {flower} and [put it in {his} pocket|gave it to {P}|held it up to the sun].`,
		`A {bug} [landed|sat|crawled] on {his} {bodyone}. It [tickled|felt funny]!`,
		`{H} {H.move.past} [along the path|across the grass|over a log|around the {tree}|down the hill] [{manner.ly}|as fast as {he} could|without a sound].`,
		`{H} {move.past} [{manner.ly}|all the way] to the [gate|corner|big rock|{tree}].`,
		`[A|One] {looks} {natural} was [bigger|smaller|prettier|shinier] than the others. It was the {looks.est} one {he} had ever seen.`,
		`{He} [counted|found|saw] [three|four|five|six|seven|ten] {animal.pl}. One was {size.er} than the rest.`,
		`[Far away|Somewhere|Nearby], a {vehicle} went by. "[Honk honk|Vroom|Toot toot|Beep beep]!"`,
		`{His} tummy [rumbled|growled]. {He} [ate|munched on|nibbled] [a|some|two] {food.pl} [and drank some {dish}|from {his} bag|under a {tree}].`,
		`The air smelled of {dish} and {flower.pl}.`,
		`Some {job.pl} were [working|busy|talking] near the {home}.`,
		`{He} played a little tune on {his} {instrument}.`,
		`The {weathernoun} [made the {natural.pl} dance|came and went|felt {nice}].`,
		`A {color} {bird} [sat on|flew over|landed on] the {home}.`,
		`{H} [waved|smiled] at a {job} who was [walking|going] by. The {job} [waved|smiled] back.`,
		`{He} [stepped|jumped] over a {natural} and [kept going|went on {manner.ly}|laughed].`,
		`On the way, {he} passed a {size} {vehicle}, a {looks} {home} and a {tree} full of {bird.pl}.`,
		`{He} [kicked|rolled|carried] a {natural} [down the path|all the way|for a while].`,
		`[It|Everything] was [so|very] {weather} and {nice}.`,
		`The {sea.pl} [played|swam] in the water, and the {bug.pl} [buzzed|flew] over the {flower.pl}.`,
		`{He} was [feeling|] a little {badfeel}, but the {nice} {weathernoun} made {him} feel {goodfeel}.`,
		`{He} [wiggled|rubbed|stretched] {his} {body} and [yawned|smiled|laughed].`,
		`[Hmm|Ah|Oh]! {His} {bodyone} [itched|felt cold|felt funny].`,
		`{He} saw a {wild} {move.ing} [across the field|by the river|near the fence|through the trees].`,
		`{He} saw [two|three|four|some] {zoo.pl} {move.ing} [in a line|one after another|around a {tree}].`,
		`{H} spent [a while|the whole morning|an hour] {play.ing}.`,
		`"Look! That {bird} {move.s} [so fast|so funny|like me]!" said {H}.`,
		`"I wish I could {move} like a {wild}," {H} said [to {self}|with a laugh].`,
		`{P} was [busy|in the kitchen|in the garden], {chore.ing}.`,
		`{He} had a {taste} {food} in {his} [bag|basket|lunch box|pocket].`,
		`A {looks} {sea} [swam|floated|drifted] by in the [water|stream|pond].`,
		`{H} [found|picked up] a {looks} {natural}. [It was {size.er} than {his} hand|It felt {looks}|{He} put it in {his} pocket].`,
		`Some children were {play.ing} [nearby|on the grass|under the {tree.pl}].`,
		`A {job} was {make.ing} [by the road|in a little shop|near the {home}].`,
	))
}

// coda lengthens some stories with a short next-day scene, so lengths
// spread out instead of clustering around one plot's size.
func (g *gen) coda() {
	g.para()
	g.sayAny(
		`The next day, {H} went back to the {$place}.`,
		`[A few days later|The next morning|That weekend], {H} woke up [early|with a smile] and ran outside.`,
		`After that, {H} [often|always] thought about that day.`,
	)
	for i, n := 0, 1+g.rng.Intn(4); i < n; i++ {
		g.detail()
	}
	if g.chance(0.5) {
		g.feel(roleH, false)
	}
	if g.chance(0.5) {
		g.speak(roleH, mHappy, g.pick(`What a [{nice}|happy|lovely] day!`, `I love the {$place}!`,
			`[Today|Tomorrow] will be [even better|another good day]!`, `I can't wait to {play} again!`))
	}
}
