package corpus

import "strings"

// Plots: each chains the shared moves with its own problem and turns,
// choosing at every step among several paths, so two stories of the same
// plot rarely share a shape.

type plot struct {
	name   string
	weight int
	fn     func(g *gen)
}

var plots []plot

func init() {
	plots = []plot{
		{"lost and found", 10, (*gen).lostFound},
		{"sharing", 8, (*gen).sharing},
		{"making", 8, (*gen).making},
		{"trip", 9, (*gen).trip},
		{"fear", 7, (*gen).fear},
		{"helping", 7, (*gen).helping},
		{"magic", 7, (*gen).magic},
		{"contest", 6, (*gen).contest},
		{"weather", 7, (*gen).weatherDay},
		{"bedtime", 5, (*gen).bedtime},
		{"new food", 4, (*gen).newFood},
		{"sibling", 5, (*gen).sibling},
		{"learning", 7, (*gen).learning},
		{"party", 5, (*gen).party},
		{"accident", 5, (*gen).accident},
		{"garden", 4, (*gen).garden},
	}
}

var spots = words(`under the bed, behind the sofa, in the toy box, under a bush, behind a big rock,
	next to the bench, in the tall grass, near the water, under some leaves, on a low branch,
	in the kitchen, inside a boot, in the laundry basket, under the table, behind the door,
	by the gate, in the sandbox, under the slide, in a flower pot, behind the shed,
	on top of the fridge, under a pile of coats, in the garden, by the pond, inside a hollow log`)

func (g *gen) lostFound() {
	g.intro(g.chance(0.4))
	g.para()
	g.scene()
	g.say(`{H} [took|brought|had] {his} {$thing} [with {him}|along|too].`)
	g.details(0.5)
	g.maybe(0.5, `{He} [played|ran|danced|skipped] [all morning|for a long time|until {he} was tired].`,
		`{He} [showed|held up] the {$thing} [to a {$sightsWord}|to everyone|in the sun].`)
	g.sayAny(
		`When it was time to go home, the {$thing} was gone!`,
		`Then {he} looked down. The {$thing} was not there!`,
		`After a while, {he} could not find {his} {$thing} [anywhere|at all].`,
		`But when {he} [turned around|looked again|reached for it], {his} {$thing} was [gone|missing|nowhere to be seen].`,
	)
	g.think(roleH, `[Oh no|Where is it|Where did it go]? [I have to find it!|I need my {$thing}!|It was right here!]`)
	g.feel(roleH, true)
	g.para()
	helper := roleF
	if g.chance(0.4) {
		helper = roleP
	}
	g.helpFrom(helper, `I lost my {$thing}[|~and I can't find it anywhere]!`)
	g.set("spot1", g.pick(spots...))
	g.set("spot2", g.pick(spots...))
	g.say(`They looked {$spot1}, but [it was not there|they only found {treasure}|there was nothing but {natural.pl}].`)
	g.maybe(0.6, `They looked {$spot2}. [No {$thing} there either|Still nothing|Nothing].`,
		`They asked a {$sightsWord} if it had seen the {$thing}, but it had not.`)
	switch g.rng.Intn(4) {
	case 0:
		g.say(`Then {F.full} saw something [red|shiny|small|round] {$spot2}. It was the {$thing}!`)
	case 1:
		g.say(`Then they heard a funny sound. A little {$sightsWord} was playing with the {$thing} [under a tree|behind a rock|in the grass]!`)
		g.say(`"That is [mine|my {$thing}]," said {H} [gently|kindly|softly]. The {$sightsWord} let it go and [ran away|hopped off|flew away].`)
	case 2:
		g.say(`They looked and looked. At last, {H} found it [in {his} own pocket|right where {he} had left it|{$spot2}]!`)
		g.maybe(0.7, `{H} [laughed|giggled|felt a little silly]. "It was here all along!"`)
	default:
		g.say(`[The wind|A big gust of wind] had blown it [up into a tree|over the fence|into a puddle]. {P} helped {H} get it back.`)
	}
	g.feel(roleH, false)
	g.para()
	if g.chance(0.5) {
		g.lesson(`it is good to ask for help`, `friends help each other`, `you should keep your things in a safe place`,
			`it helps to stay calm and look carefully`, `you should never give up`)
	}
	g.ending(helper == roleF)
}

func (g *gen) sharing() {
	g.intro(false)
	g.para()
	food := g.vars["food"]
	g.set("food", food)
	g.sayAny(
		whenT+`, {P} gave {H} [some|a bag of|a basket of|a plate of] {$food.pl}.`,
		whenT+`, {H} [found|picked|got] [some|a lot of|three big] {$food.pl} {$placeIn}.`,
		whenT+`, {H} had a [big|new|shiny] {$thing}.`,
	)
	over := "the {$food.pl}"
	if g.chance(0.4) {
		over = "the {$thing}"
	}
	g.set("over", g.x(over))
	g.say(`{He} [sat down|went outside] [to enjoy|to play with] {$over} [under a tree|on the steps|by {self}|{$placeIn}].`)
	g.para()
	g.say(`Soon {F.full} came by. {F.He} looked at {$over}[| with big eyes| and then at {H}].`)
	g.speak(roleF, mPlain, `[Can|May] I [have some|play too|try]?`)
	if g.chance(0.5) {
		g.speak(roleH, mAngry, `No! [They are mine|It is mine|Go away].`)
		g.say(`{F} walked away [with a sad face|slowly|looking at the ground].`)
		g.say(`{H} [had|played with] {$over} all alone, but {he} did not feel {goodfeel}.`)
		g.sayAny(`It was no fun [alone|by {self}].`, `{He} kept thinking about {F}.`, `Something felt wrong inside.`)
		g.para()
		g.sayAny(`So {H} ran after {F}.`, `{H} thought for a while. Then {he} [got up|stood up] and went to find {F}.`)
		g.speak(roleH, mSoft, `I am sorry. [Let's share|We can share|You can have half].`)
		g.say(`{F} smiled a big smile.`)
	} else {
		g.speak(roleH, mHappy, `[Yes, of course!|Sure! There is a lot.|Here, take half.|Let's share!]`)
		g.say(`They sat together and [shared|enjoyed] {$over}.`)
		g.speak(roleF, mHappy, `Thank you! [Tomorrow I will bring {food.pl} for you.|You are a good friend.|This is more fun together.]`)
	}
	g.maybe(0.5, `It was [much|so much] more fun [together|with a friend].`, `Sharing made them both {goodfeel}.`)
	g.para()
	g.lesson(`sharing makes everyone happy`, `it is more fun to share`, `a friend is worth more than {$over}`,
		`being kind feels good`, `when you share, you get a friend`)
	g.ending(true)
}

type project struct {
	make, thing, need, oops, fix string
}

var projects = []project{
	{"bake a cake", "cake", "flour, eggs and sugar", "the cake fell on the floor", "they baked a new one, and it was even better"},
	{"build a sandcastle", "sandcastle", "a bucket and a spade", "a big wave knocked it down", "they built it again, far from the water"},
	{"paint a picture", "picture", "paint and a big brush", "the paint spilled all over it", "they turned the spill into a big {color} sun"},
	{"make a kite", "kite", "paper, sticks and string", "the string broke", "they tied a new string with a strong knot"},
	{"build a tower of blocks", "tower", "all the blocks in the toy box", "the tower fell down with a crash", "they made the bottom wider, and it stood tall"},
	{"make a snowman", "snowman", "lots of snow and a carrot", "the sun began to melt it", "they moved it into the shade of a tree"},
	{"make a little boat", "boat", "wood, a nail and a leaf for a sail", "the boat got a hole", "they fixed the hole with some wax"},
	{"build a birdhouse", "birdhouse", "wood, glue and nails", "the roof slid off", "they used more glue and held it until it was dry"},
	{"make a card for Grandma", "card", "paper, crayons and glitter", "the glue stuck the pages together", "they drew a new card with a big heart on it"},
	{"make a crown", "crown", "gold paper and shiny stickers", "the crown was too big and fell over {his} eyes", "they cut it smaller and taped it"},
	{"build a fort", "fort", "blankets, pillows and chairs", "the blankets fell down", "they used clothespins to hold the blankets up"},
	{"make a necklace", "necklace", "beads and a long string", "the beads rolled all over the floor", "they picked them up one by one and tied a knot at the end"},
	{"build a robot", "robot", "boxes, bottle caps and tape", "the robot's head fell off", "they put the head back with lots of tape"},
	{"make soup", "soup", "carrots, potatoes and water", "the soup was much too salty", "they added more water and more carrots"},
	{"make a bird feeder", "bird feeder", "a pinecone, seeds and string", "the seeds kept falling off", "they rolled the pinecone in honey first"},
	{"build a bridge over the stream", "bridge", "sticks, stones and a long board", "the board was too short", "they found a longer one by the old fence"},
}

func (g *gen) making() {
	pr := projects[g.rng.Intn(len(projects))]
	g.set("make", pr.make)
	g.set("mthing", pr.thing)
	g.set("need", g.x(pr.need))
	withF := g.chance(0.7)
	helped := false
	g.intro(withF)
	g.para()
	if withF {
		g.sayAny(whenT+`, {H} and {F} wanted to {$make}.`, whenT+`, {H} had an idea. "Let's {$make}!" {he} said to {F}.`,
			`{H} and {F} decided to {$make} [for {P}|for a surprise|just for fun].`)
	} else {
		g.sayAny(whenT+`, {H} wanted to {$make}.`, whenT+`, {H} decided to {$make} [for {P}|all by {self}|for a surprise].`)
	}
	if withF {
		g.set("who", "they")
	} else {
		g.set("who", g.x("{H}"))
	}
	g.say(`{$who} needed {$need}.`)
	g.sayAny(`{$who} worked all morning.`, `It took a long time.`, `{$who} worked very hard[| and did not stop].`,
		`First, {$who} got everything ready. Then {$who} began.`)
	g.maybe(0.6, `Soon it was [done|ready]. It looked [wonderful|{nice}|just right].`, `At last, the {$mthing} was ready.`)
	g.para()
	g.set("oops", g.x(pr.oops))
	g.say(`But then {$oops}.`)
	g.sayAny(`"Oh no!" cried {H}.`, `{H} wanted to give up.`, `{H} looked at the mess and sighed.`, `"{sound}!" [The|Oh no, the] {$mthing} was ruined!`)
	if withF {
		g.speak(roleF, mPlain, `[We can fix it.|Let's try again!|Don't give up. We can do it together.|Maybe we can make it better.]`)
	} else if helped = g.chance(0.6); helped {
		g.helpFrom(roleP, `My {$mthing} is [ruined|broken|all wrong]!`)
	} else {
		g.think(roleH, `[I will try again.|I will not give up.|I can do it.|What can I do now?]`)
	}
	g.set("fix", g.x(pr.fix))
	if !withF && !helped {
		// No one helped: the hero fixes it alone.
		fix := strings.Replace(g.vars["fix"], "they ", g.x("{he} "), 1)
		g.set("fix", g.x(`[{H} tried again, and|after a while,]`)+" "+fix)
	}
	g.say(`So {$fix}.`)
	g.para()
	g.say(`[When it was finished|In the end|At last], the {$mthing} was [even better than before|the best one ever|{nice}|perfect].`)
	g.maybe(0.6, `{P} [clapped|smiled|looked at it for a long time]. "[You made this? It is wonderful|I am so proud of you|What a {nice} {$mthing}]!" {P.he} said.`)
	g.feel(roleH, false)
	g.lesson(`mistakes can be fixed`, `it is good to try again`, `you should never give up`,
		`working together makes hard things easy`, `being patient is important`)
	g.ending(withF)
}

func (g *gen) trip() {
	t := trips[g.rng.Intn(len(trips))]
	g.set("trip", t.name)
	g.set("tripIn", t.prep+" the "+t.name)
	if t.name == "grandma's house" {
		g.set("tripIn", "at grandma's house")
		g.set("trip", "grandma's house")
	}
	g.set("sightsWord", g.pickSkew(lexicon[t.sights]))
	g.intro(false)
	g.para()
	g.sayAny(
		whenT+`, {P} said, "Today we are going to the {$trip}!"`,
		whenT+`, {H} went to the {$trip} with {P}.`,
		`[On Saturday|One summer morning|One weekend], {H} and {P} [took the {vehicle}|walked|drove] to the {$trip}.`,
	)
	g.maybe(0.7, `{H} was so {goodfeel} that {he} [could not sit still|jumped up and down|sang all the way there].`,
		`{H} had never been to the {$trip} before.`, `{H} [packed|brought] {his} {$thing} [just in case|for the trip].`)
	g.para()
	acts := t.acts
	n := 2 + g.rng.Intn(3)
	first := g.rng.Intn(len(acts))
	for i := 0; i < n; i++ {
		g.set("do", acts[(first+i)%len(acts)])
		switch g.rng.Intn(5) {
		case 0:
			g.say(`[First|Then|Next|After that], they {$do.past}.`)
		case 1:
			g.say(`{H} [loved|liked] to {$do}[| best of all| most].`)
		case 2:
			g.say(`They {$do.past}[| together| with big smiles| again and again].`)
		case 3:
			g.say(`"Can we {$do}?" asked {H}. "[Of course|Yes|Sure|Let's go]!" said {P}.`)
		default:
			g.say(`[Then|After that|Later] {H} {$do.past} [all by {self}|with {P}|with a new friend].`)
		}
	}
	g.details(0.7)
	g.maybe(0.6, `{H} saw [two|three|lots of|some] {$sightsWord.pl}[| and a {bird}]. [They were so {looks}|One of them looked at {H}|{H} waved at them].`)
	if g.chance(0.5) {
		g.para()
		switch g.rng.Intn(3) {
		case 0:
			g.say(`Then {H} could not see {P} anywhere. {He} was lost!`)
			g.feel(roleH, true)
			g.sayAny(
				`But [a kind {job}|a friendly lady|a kind man] helped {H}, and soon {P} was there with a big hug.`,
				`Then {he} remembered what {P} had said: "If you get lost, stay where you are." So {he} waited, and soon {P} came.`,
			)
		case 1:
			g.say(`Then it began to [rain|get dark|get cold].`)
			g.feel(roleH, true)
			g.say(`{P} [opened a big umbrella|gave {H} a warm coat|held {H.poss} hand], and everything was fine again.`)
		default:
			g.say(`Then {H} dropped {his} {$thing}, and it [rolled away|fell into the water|got lost in the crowd].`)
			g.feel(roleH, true)
			g.say(`{P} [found it|got it back|helped {H} look], and soon the {$thing} was safe again.`)
		}
	} else {
		g.surpriseTrip()
	}
	g.para()
	g.sayAny(`At the end of the day, they went home.`, `When the sun went down, it was time to go home.`, `Soon it was time to leave.`)
	g.sayAny(`"Can we come back tomorrow?" asked {H}. {P} laughed. "Maybe [next week|soon|one day]."`,
		`On the way home, {H} fell asleep [in the car|on the bus|in {P.poss} arms].`,
		`{H} told {his} friends all about the {$trip}.`, `It was the best trip ever.`)
}

func (g *gen) surpriseTrip() {
	g.sayAny(
		`Then {H} found {treasure} [in the sand|on the path|under a bench]. {He} kept it [as a treasure|in {his} pocket].`,
		`Then a little {$sightsWord} came very close to {H}. {H} [held {his} breath|stood very still|smiled]. It [looked at {H}|sniffed {H.poss} hand] and then [went away|ran off].`,
		`[Then|Later], {P} bought {H} {food.pl}[| and {dish}]. It was so {taste}!`,
	)
}

var fears = words(`the dark, thunder, the big dog next door, deep water, the tall slide, bees,
	the vacuum cleaner, the dentist, loud noises, the old tree at night, spiders, the big waves,
	the attic, the high diving board, the noisy train, the doctor, the first day of school,
	climbing high, the big horse at the farm, the wind at night, the shadows on the wall`)

func (g *gen) fear() {
	g.set("fear", g.pick(fears...))
	g.intro(false)
	g.say(`But {H} was afraid of {$fear}.`)
	g.sayAny(`Every night, {he} hid under {his} blanket.`, `When {he} thought about it, {his} knees shook.`,
		`{He} did not want anyone to know.`, `Just thinking about it made {his} tummy feel funny.`)
	g.para()
	g.sayAny(whenT+`, {P} saw that {H} was scared.`, whenT+`, {H} had to face {$fear}.`)
	g.speak(roleP, mSoft, `[What is the matter|What is wrong], little one?`)
	g.speak(roleH, mScared, `I am scared of {$fear}.`)
	g.speak(roleP, mPlain, `[It is okay to be scared.|Everyone is scared sometimes.|Being scared does not mean you are not brave.|I was scared too when I was small.]`)
	g.speak(roleP, mPlain, `[Let's try together. I will hold your hand.|Take a deep breath and count to three.|Let's look at it together.|Sing a song~it will help.]`)
	g.para()
	switch g.rng.Intn(4) {
	case 0:
		g.say(`{H} took a deep breath. "One, two, three!"`)
		g.say(`It was not so bad after all.`)
	case 1:
		g.say(`They went together, step by step. {H} held on tight. Then {he} began to smile.`)
	case 2:
		g.say(`{H} closed {his} eyes and then opened them again. Nothing bad happened. {He} even laughed a little.`)
	default:
		g.say(`{H} sang a little song, and {his} voice got bigger and bigger. The scary feeling got smaller and smaller.`)
	}
	g.maybe(0.5, `"I did it!" {H} [shouted|cried|said]. "I was brave!"`)
	g.para()
	g.sayAny(
		`From that day on, {H} was not afraid of {$fear} anymore.`,
		`After that, {H} still felt a little scared sometimes, but {he} knew what to do.`,
		`That night, {H} slept well and dreamed of {food.pl}.`,
		`{H} hugged {P}. "Thank you," {he} said.`,
	)
	g.maybe(0.4, `Being brave does not mean you are never scared.`, `Sometimes all you need is someone to hold your hand.`)
}

var troubles = []string{
	"a little bird with a hurt wing", "a kitten stuck in a tree", "a baby duck who had lost its mom",
	"a puppy that was cold and wet", "a snail in the middle of the road", "a frog stuck in a jar",
	"a bee that could not fly", "a lamb that could not find the way home", "a turtle on its back",
	"a baby squirrel that fell from its nest", "a tiny mouse caught in a net", "a hedgehog stuck in a fence",
}

func (g *gen) helping() {
	g.set("trouble", g.pick(troubles...))
	g.intro(false)
	g.para()
	g.details(0.4)
	g.say(whenT + `, {H} was walking {$placeIn} when {he} found {$trouble}.`)
	g.sayAny(`It looked scared.`, `It was making a sad little sound.`, `It could not get home by itself.`, `It was shaking.`)
	g.think(roleH, `[Poor little thing|Oh no|What should I do]? [I have to help.|I can't leave it here.|It needs me.]`)
	g.speak(roleH, mSoft, `[Don't be afraid. I will help you.|Poor thing~let me help.|I will take care of you.|Shh. It's okay.]`)
	g.para()
	switch g.rng.Intn(3) {
	case 0:
		g.say(`{H} [was very gentle|moved slowly and softly|talked in a quiet voice].`)
		g.say(`{He} [wrapped it in {his} scarf|gave it some water|made it a bed of leaves|carried it home].`)
	case 1:
		g.say(`{H} [ran home|hurried] to get {P}.`)
		g.speak(roleP, mPlain, `[Well done|Good thinking], {H.voc}. [Let's help it together.|You did the right thing.]`)
		g.say(`{P} and {H} [fixed a little box with a soft towel|gave it food and water|took it to the vet].`)
	default:
		g.say(`{H} could not do it alone, so {he} called {his} friend {F.full}.`)
		g.say(`{F} came [at once|right away|as fast as {F.he} could]. Together, they [helped it|lifted it gently|set it free].`)
	}
	g.sayAny(`After some days, it was strong again.`, `Soon it was safe and warm.`, `Before long, it was back where it belonged.`)
	g.para()
	g.sayAny(`Every morning after that, it came back to say hello to {H}.`, `It looked at {H} one last time, and then it was gone.`,
		`{H} waved goodbye. "Be safe!" {he} called.`)
	g.sayAny(`{H} felt warm inside. Helping others made {him} happy.`, `"You have a kind heart," said {P}. {H} smiled.`,
		`That night, {H} told {his} family all about it.`)
	g.maybe(0.4, `Being kind to animals is always right.`, `Even small helpers can do big things.`)
}

type magicBeing struct {
	who, intro, power, problem, gift string
}

var beings = []magicBeing{
	{"dragon", "a dragon who was very shy", "breathe fire", "{C.he} was too shy to make friends", "a warm glowing stone"},
	{"tree", "an old tree that could talk", "talk", "{C.his} leaves were falling and {C.he} felt lonely", "a golden leaf"},
	{"star", "a little star that had fallen from the sky", "shine", "{C.he} could not get back up to the sky", "a wish"},
	{"fairy", "a tiny fairy with {color} wings", "fly", "{C.his} wand was broken", "a drop of fairy dust"},
	{"unicorn", "a unicorn with a rainbow mane", "run faster than the wind", "{C.he} had lost {C.his} way home", "a ride over the rainbow"},
	{"robot", "a little robot who beeped and blinked", "count to a million", "{C.he} did not know how to laugh", "a tiny silver bolt"},
	{"cloud", "a small cloud that could talk", "make rain", "{C.he} could not make any rain", "a rainbow"},
	{"frog", "a frog who wore a tiny crown", "grant wishes", "{C.he} had dropped {C.his} crown in the pond", "three wishes"},
	{"giant", "a gentle giant", "lift a whole house", "{C.he} was so big that everyone ran away", "a giant hug"},
	{"owl", "a wise old owl who knew every story", "see in the dark", "{C.he} had forgotten the end of {C.his} favorite story", "a new story every night"},
	{"snowman", "a snowman who could walk", "make snow", "{C.he} was melting in the sun", "a snowflake that never melted"},
	{"teddy bear", "a teddy bear who came to life at night", "dance", "{C.he} had lost a button eye", "a big soft hug"},
}

func (g *gen) magic() {
	b := beings[g.rng.Intn(len(beings))]
	c := g.newChar("", "", false)
	c.kind = b.who
	c.name = ""
	c.adj = "magic"
	if g.chance(0.5) {
		c.name = g.pickSkew(petNames)
	}
	g.cast[roleC] = c
	g.set("being", b.intro)
	g.set("power", b.power)
	g.set("gift", g.x(b.gift))
	g.intro(false)
	g.para()
	g.say(whenT + `, {H} [went for a walk|was playing] {$placeIn}.`)
	g.details(0.5)
	g.say(`There, {he} [met|found|saw] {$being}.`)
	if c.name != "" {
		g.say(`"My name is {C.name}," said the {C.kind}.`)
	}
	g.maybe(0.5, `{H} [could not believe {his} eyes|rubbed {his} eyes|stood very still].`)
	g.speak(roleH, mPlain, `[Hello|Hi]! [Can you really {$power}?|Who are you?|Are you magic?]`)
	g.speak(roleC, mReply, `[Yes|I can], [but|and] I need your help.`)
	g.set("cprob", g.x(b.problem))
	g.say(`The {C.kind} told {H} that {$cprob}.`)
	g.para()
	switch g.rng.Intn(3) {
	case 0:
		g.say(`{H} thought and thought. Then {he} had an idea.`)
		g.say(`{He} [asked all {his} friends to help|sang {his} favorite song|told the {C.kind} a funny joke|made a plan with {F.full}].`)
	case 1:
		g.say(`{H} went home and asked {P} what to do.`)
		g.speak(roleP, mPlain, `[Sometimes a friend is all you need.|Be kind and be patient.|Try to listen first.]`)
		g.say(`So {H} went back and stayed with the {C.kind} [all afternoon|until the sun went down|for a long time].`)
	default:
		g.say(`{H} and {F.full} [worked together|did not give up|tried many things].`)
		g.tries(`help the `+b.who, false)
		g.say(`At last, [something wonderful happened|it worked|the {C.kind} began to smile].`)
	}
	g.para()
	g.say(`The {C.kind} was so {goodfeel}.`)
	g.speak(roleC, mHappy, `Thank you, {H.voc}! [Here is a gift for you|I have something for you|This is for you].`)
	g.say(`{C.He} gave {H} {$gift}.`)
	g.maybe(0.6, `{H} [kept it forever|never told anyone|still has it today], [but sometimes {he} smiles and looks at the sky|and {he} visits the {C.kind} every {season}].`)
	g.sayAny(`And they lived happily ever after.`, `It was the {nice.est} day of {his} life.`, `The end.`,
		`From that day on, {H} and the {C.kind} were [the best of friends|best friends|never lonely].`)
}

func (g *gen) contest() {
	g.intro(true)
	g.para()
	race := g.chance(0.5)
	if race {
		g.set("goal", g.pick("the big tree", "the red gate", "the old bridge", "the top of the hill", "the pond", "the fence"))
		g.speak(roleF, mPlain, `[I am the fastest in the whole {$place}!|Let's have a race!|I bet I can win!]`)
		g.speak(roleH, mPlain, `Okay~let's race to {$goal}.`)
		g.say(`"Ready, set, go!"`)
		g.para()
		switch g.rng.Intn(3) {
		case 0:
			g.say(`{F} ran very fast and was far ahead.`)
			g.say(`But then {F} stopped to [eat some berries|take a nap|look at a butterfly].`)
			g.say(`{H} kept going, slow and steady, and won the race!`)
		case 1:
			g.say(`They ran side by side. Then {F} tripped and fell.`)
			g.say(`{H} stopped and helped {F} up. They walked to the end together.`)
		default:
			g.say(`{F} won the race.`)
			g.say(`{H} was a little sad, but {he} said, "Good job! You are very fast."`)
		}
	} else {
		g.set("game", g.pickSkew(lexicon["game"]))
		g.sayAny(whenT+`, {H} and {F} played {$game} {$placeIn}.`, whenT+`, the children {$placeIn} played {$game}.`)
		g.say(`{H} [wanted to win|really wanted to win|did not like to lose].`)
		if g.chance(0.5) {
			g.say(`But {F} won [again|every time|three times].`)
			g.speak(roleH, mAngry, `[That's not fair!|I don't want to play anymore!|You cheated!]`)
			g.say(`{F} looked {badfeel}.`)
			g.para()
			g.say(`Later, {H} felt bad about what {he} had said.`)
			g.speak(roleH, mSoft, `I am sorry. [You won fair and square.|It is just a game.|Can we play again?]`)
			g.speak(roleF, mReply, `[That's okay.|Of course!|Let's play again.]`)
		} else {
			g.say(`They [laughed|ran|shouted] so much that they forgot who was winning.`)
		}
	}
	g.para()
	g.lesson(`winning is not everything`, `slow and steady wins the race`, `it is more fun to play together`,
		`a good friend is better than a prize`, `it is important to be a good sport`)
	g.ending(true)
}

type weatherKind struct {
	name, start string
	acts        []string
}

var weathers = []weatherKind{
	{"snow", "snow had fallen in the night, and everything was white", words(`make a snowman, throw snowballs, ride a sled down the hill, make snow angels, catch snowflakes on {his} tongue`)},
	{"rain", "it was raining and raining", words(`jump in puddles, sail a paper boat, listen to the rain on the roof, wear {his} rain boots, count the raindrops`)},
	{"wind", "the wind was blowing hard", words(`fly a kite, chase the leaves, watch the clouds race, hold on to {his} hat`)},
	{"sun", "the sun was hot and bright", words(`play in the sprinkler, eat ice cream, sit in the shade, splash in the pool`)},
	{"leaves", "the leaves had turned red and gold", words(`jump in a pile of leaves, collect the best leaves, rake the leaves, find acorns`)},
	{"storm", "a big storm came with thunder and lightning", words(`build a blanket fort, read stories by a lamp, count between the thunder and the flash`)},
	{"fog", "thick fog covered everything", words(`play hide and seek in the fog, listen for the birds, follow the path very slowly`)},
}

func (g *gen) weatherDay() {
	w := weathers[g.rng.Intn(len(weathers))]
	g.set("wstart", w.start)
	g.intro(g.chance(0.5))
	g.para()
	g.say(`When {H} woke up, {$wstart}.`)
	g.sayAny(`"{sound}!" said {H}. "Look!"`, `{H} ran to the window.`, `{H} could not wait to go outside.`)
	if w.name == "storm" {
		g.feel(roleH, true)
	} else if g.chance(0.3) {
		g.feel(roleH, false)
	}
	g.para()
	n := 1 + g.rng.Intn(3)
	k := g.rng.Intn(len(w.acts))
	for i := 0; i < n; i++ {
		g.set("wact", g.x(w.acts[(k+i)%len(w.acts)]))
		g.sayAny(`{H} [and {his} {P.kind}|] went out to {$wact}.`, `First, {H} wanted to {$wact}.`,
			`Then {he} decided to {$wact}.`, `{H} loved to {$wact}.`, `Next, {H} [tried to|went to] {$wact}.`)
	}
	g.details(0.6)
	g.maybe(0.5, `[It was cold|It was wet|It was fun|It was a little scary], but {H} did not mind.`,
		`{His} {body} were [cold|wet|red] but {he} was {goodfeel}.`)
	if g.chance(0.4) {
		g.quarrel(roleF, `the [best|biggest|first] [spot|turn|one]`)
	}
	g.para()
	g.sayAny(
		`When {he} came inside, {P} made [warm milk|hot chocolate|soup|tea with honey].`,
		`At the end of the day, {H} was tired and happy.`,
		`That night, {H} dreamed about the {season}.`,
	)
	g.maybe(0.4, `Every kind of weather is good for something.`)
	g.ending(false)
}

func (g *gen) bedtime() {
	g.intro(false)
	g.para()
	g.say(`It was bedtime. {P} [read {H} a story|tucked {H} in|gave {H} a goodnight kiss] and turned off the light.`)
	g.say(`But {H} could not sleep.`)
	noise := g.pick("a creaky sound", "a tap tap tap on the window", "a scratching sound under the bed",
		"a strange shadow on the wall", "a soft whoosh in the hall", "a loud hoo hoo outside")
	g.set("noise", noise)
	g.say(`{He} [heard|saw] {$noise}.`)
	g.think(roleH, `[What is that?|Is it a monster?|Who is there?]`)
	g.feel(roleH, true)
	g.para()
	g.speak(roleH, mCall, `{P}!`)
	g.say(`{P} came [in|quickly] and turned on the light.`)
	switch g.rng.Intn(4) {
	case 0:
		g.say(`It was only the wind [moving the curtain|in the trees].`)
	case 1:
		g.say(`It was only the cat, [playing with a ball|looking for a warm place to sleep].`)
	case 2:
		g.say(`It was only a branch tapping on the window.`)
	default:
		g.say(`It was only an owl in the tree outside. "Hoo hoo!" it said.`)
	}
	g.sayAny(`{H} laughed.`, `{H} felt much better.`, `{H} [let out|took] a big breath.`)
	g.speak(roleP, mSoft, `[Sleep well, my little {H.kind}.|Good night. I love you.|Sweet dreams.]`)
	g.para()
	g.sayAny(`Soon {H} was fast asleep.`, `{H} hugged {his} {$thing} and closed {his} eyes.`, `{H} yawned a big yawn and fell asleep.`)
	g.maybe(0.5, `{He} dreamed of [{food.pl}|flying over the {$place}|a {nice} {animal}|the moon and the stars].`)
}

var newFoods = words(`broccoli, peas, spinach, fish, mushroom soup, carrots, beans, cabbage, a new kind of cheese, beets`)

func (g *gen) newFood() {
	g.set("newfood", g.pick(newFoods...))
	g.intro(false)
	g.para()
	g.say(whenT + `, {P} made {$newfood} for [dinner|lunch].`)
	g.speak(roleH, mAngry, `[Yuck! I don't like {$newfood}.|I don't want to eat that!|It looks funny.]`)
	g.speak(roleP, mPlain, `[Have you ever tried it?|Just try one little bite.|You might like it.]`)
	g.say(`{H} [looked at|poked] the {$newfood} for a long time.`)
	if g.chance(0.5) {
		g.say(`Then {he} took a tiny bite. {He} chewed and chewed.`)
	} else {
		g.say(`Then {he} [closed {his} eyes|held {his} nose|counted to three] and took a bite.`)
	}
	g.para()
	g.say(`[It was|Hmm! It was] {taste}!`)
	g.speak(roleH, mHappy, `[I like it!|Can I have more?|It is not yucky at all!]`)
	g.say(`{P} [laughed|smiled]. From that day on, {H} [always tried new food|ate {$newfood} every week].`)
	g.lesson(`it is good to try new things`, `you do not know if you like something until you try it`)
}

func (g *gen) sibling() {
	h := g.cast[roleH]
	s := g.newChar(h.kind, "", true)
	for s.name == h.name {
		s = g.newChar(h.kind, "", true)
	}
	g.cast[roleS] = s
	rel := map[byte]string{'f': "sister", 'm': "brother"}[s.sex]
	g.set("sib", g.pick("little ", "little ", "big ", "baby ")+rel)
	g.intro(false)
	g.say(`{H} had a {$sib} named {S.name}.`)
	g.para()
	switch g.rng.Intn(3) {
	case 0:
		g.say(whenT + `, {S} [took|played with] {H.poss} {$thing} without asking.`)
		g.speak(roleH, mAngry, `That is my {$thing}! Give it back!`)
		g.say(`{S} [began to cry|held it tight|ran away with it].`)
		g.say(`{P} came in. "{S.name} just wants to play with you," {P.he} said.`)
		g.say(`{H} thought about it. Then {he} said, "Okay, {S.name}. We can play with it together."`)
		g.say(`{S} stopped crying and [smiled|laughed|clapped].`)
	case 1:
		g.say(whenT + `, {S} [was sad|could not sleep|was scared of the dark].`)
		g.say(`{H} [sat down next to|gave a hug to|sang a song for] {S.name}.`)
		g.speak(roleH, mSoft, `[Don't worry. I am here.|You can have my {$thing} tonight.|I will stay with you.]`)
		g.say(`{S} [felt better|smiled|fell asleep].`)
	default:
		g.say(whenT + `, {H} wanted to {play}, but {S} wanted to {play}.`)
		g.quarrel(roleS, `the same toy`)
	}
	g.para()
	g.lesson(`brothers and sisters can be best friends`, `sharing makes everyone happy`, `it is nice to be a good big helper`,
		`family members look after each other`)
	g.sayAny(`{H} and {S} [played together|laughed] [all day|until bedtime].`, `{P} was very proud of {H}.`)
}

var skills = []struct{ want, inf, try string }{
	{"fly", "fly", "flapped and flapped"}, {"swim", "swim", "kicked and splashed"}, {"climb the tall tree", "climb the tall tree", "pulled and pulled"},
	{"whistle", "whistle", "blew and blew"}, {"ride a bike", "ride a bike", "wobbled and wobbled"}, {"read", "read a whole book", "looked at the letters"},
	{"jump over the log", "jump over the log", "ran and jumped"}, {"tie {his} shoes", "tie {his} shoes", "twisted the laces"},
	{"sing", "sing a song", "opened {his} mouth and tried"}, {"skip stones", "skip a stone", "threw stone after stone"},
	{"catch a ball", "catch a ball", "reached and reached"}, {"dance", "dance like the others", "spun and hopped"},
}

func (g *gen) learning() {
	sk := skills[g.rng.Intn(len(skills))]
	g.set("skill", g.x(sk.want))
	g.set("skillInf", g.x(sk.inf))
	g.set("skillTry", g.x(sk.try))
	g.intro(g.chance(0.5))
	g.para()
	g.sayAny(`{H} wanted to {$skill} more than anything.`, `More than anything, {H} wanted to {$skill}.`,
		`All the other {H.kinds} could {$skill}, but {H} could not.`)
	g.maybe(0.5, `{He} watched the others and wished {he} could do it too.`)
	g.para()
	g.say(whenT + `, {H} decided to try.`)
	g.say(`{He} {$skillTry}.`)
	g.tries(g.vars["skillInf"], false)
	g.feel(roleH, true)
	g.para()
	helper := roleP
	if g.chance(0.5) {
		helper = roleF
	}
	g.helpFrom(helper, `I can't {$skillInf}.`)
	g.say(as(helper, `{X} [showed {H} how|helped {H} every day|told {H} to try a little every day].`))
	g.details(0.4)
	g.say(`{H} practiced [every day|in the morning and in the evening|for a whole week].`)
	g.say(`[At last|One day|After many days], {H} could {$skillInf}!`)
	g.feel(roleH, false)
	g.para()
	g.lesson(`practice helps`, `you should never give up`, `everyone learns at their own speed`, `it is okay to ask for help`)
	g.ending(helper == roleF)
}

func (g *gen) party() {
	g.intro(true)
	g.para()
	g.say(whenT + `, it was {F.poss} birthday.`)
	g.say(`{H} wanted to give {F} a [special|{nice}|perfect] present.`)
	switch g.rng.Intn(3) {
	case 0:
		g.say(`{H} [had no money|looked in {his} piggy bank, but it was empty].`)
		g.think(roleH, `What can I give?`)
		g.say(`Then {he} had an idea. {He} would {make}!`)
	case 1:
		g.say(`{H} and {P} went to the shop and [found|picked] a {toy} for {F}.`)
	default:
		g.say(`{H} decided to give {F} {his} [own|favorite] {$thing}.`)
	}
	g.para()
	g.details(0.5)
	g.say(`At the party, there were [balloons|{color} balloons|streamers], {food.pl} and a big cake.`)
	g.say(`[Everyone sang "Happy Birthday."|The children played {game}.|They all danced and played.]`)
	g.say(`{F} opened the presents.`)
	g.speak(roleF, mHappy, `[Oh, {H.voc}|Wow|Thank you], [this is the best present ever!|I love it!|how did you know?]`)
	g.feel(roleH, false)
	g.para()
	g.lesson(`the best presents come from the heart`, `giving feels as good as getting`, `it is fun to make others happy`)
	g.ending(true)
}

func (g *gen) accident() {
	broke := g.pick("Mom's favorite cup", "a flower pot", "the window", "a lamp", "Grandma's vase", "the cookie jar", "a plate")
	g.set("broke", broke)
	g.intro(false)
	g.para()
	g.say(whenT + `, {H} was [playing ball|running|jumping] inside the house.`)
	g.say(`{sound}! {H} [knocked over|broke] {$broke}.`)
	g.feel(roleH, true)
	g.think(roleH, `[Oh no|Uh-oh]! [What will {P} say?|Maybe I can hide it.|Nobody saw me.]`)
	g.para()
	g.say(`When {P} came [home|in], {P.he} saw the mess.`)
	g.speak(roleP, mPlain, `What happened here?`)
	if g.chance(0.3) {
		g.say(`{H} [said nothing|looked away|said it was the cat].`)
		g.say(`But {his} tummy felt funny, and {he} could not [eat|play|sleep].`)
		g.say(`At last, {H} went to {P}.`)
	}
	g.speak(roleH, mSad, `It was me. I am sorry. I [was playing|should not have played] [ball|rough] inside.`)
	g.say(`{P} [hugged {H}|was quiet for a moment|knelt down next to {H}].`)
	g.speak(roleP, mPlain, `[Thank you for telling me the truth.|I am glad you told me.|Accidents happen.] [Let's clean it up together.|Next time, let's play outside.]`)
	g.para()
	g.say(`They [cleaned up|swept up the pieces|fixed it with glue] together.`)
	g.lesson(`it is always best to tell the truth`, `being honest is brave`, `everyone makes mistakes`)
}

func (g *gen) garden() {
	plant := g.pick("sunflower", "tomato", "bean", "pumpkin", "carrot", "strawberry", "pea", "daisy", "tulip")
	g.set("plant", plant)
	g.intro(false)
	g.para()
	g.say(whenT + `, {P} gave {H} a little {$plant} seed.`)
	g.speak(roleP, mPlain, `If you take good care of it, it will grow.`)
	g.say(`{H} [dug a small hole|found a sunny spot] and planted the seed. {He} gave it water.`)
	g.para()
	g.details(0.5)
	g.say(`The next day, {H} ran outside to look. Nothing!`)
	g.say(`{H} waited and waited. {He} [watered it every day|sang to it|talked to it|kept the birds away].`)
	g.maybe(0.5, `"Grow, little seed, grow," {he} whispered.`)
	g.say(`[After a week|One morning|Many days later], {H} saw a tiny green [leaf|sprout].`)
	g.feel(roleH, false)
	g.para()
	g.say(`The {$plant} grew [bigger and bigger|taller and taller]. [Soon|By the end of the summer] it was the [biggest|tallest|best|finest] {$plant} in the garden.`)
	g.lesson(`good things take time`, `being patient is important`, `if you take care of something, it grows`)
	g.ending(false)
}

// details adds up to two texture sentences, each with probability p.
func (g *gen) details(p float64) {
	for i := 0; i < 2 && g.chance(p); i++ {
		g.detail()
	}
}
