package corpus

import "strings"

// Characters: who can be in a story, their names, and the pronouns that
// must agree with them.

// Roles a template can name: {H} hero, {F} friend, {P} parent or other
// grown-up helper, {S} sibling, {C} a creature met on the way.
const (
	roleH = iota
	roleF
	roleP
	roleS
	roleC
	nRoles
)

const roleLetters = "HFPSC"

type kindInfo struct {
	kind      string
	class     string // child, animal, fantasy
	sex       byte   // 'f', 'm', or 0 for either
	move      string // how it gets about: "hop"
	sound     string // "Woof"
	soundVerb string // "bark"
	home      string // "den"
	food      string // what it likes to eat (plural or mass noun)
}

// kind|class|sex|move|sound|soundVerb|home|food
var kindTable = `girl|child|f|run|Hooray|shout|house|cookies
boy|child|m|run|Hooray|shout|house|cookies
fox|animal||trot|Yip yip|yip|den|berries
rabbit|animal||hop|Sniff sniff|sniff|burrow|carrots
bunny|animal||hop|Sniff sniff|sniff|burrow|carrots
dog|animal||run|Woof|bark|kennel|bones
puppy|animal||run|Woof woof|bark|house|bones
cat|animal||tiptoe|Meow|meow|house|fish
kitten|animal||scamper|Mew|mew|house|milk
bear|animal||lumber|Grr|growl|cave|honey
mouse|animal||scurry|Squeak|squeak|hole in the wall|cheese
owl|animal||fly|Hoo hoo|hoot|tree|seeds
duck|animal||waddle|Quack|quack|pond|bread crumbs
duckling|animal||waddle|Quack|quack|pond|bread crumbs
frog|animal||hop|Ribbit|croak|pond|flies
turtle|animal||crawl|Hmm|hum|pond|lettuce
squirrel|animal||scamper|Chit chit|chatter|tree|nuts
hedgehog|animal||shuffle|Snuff|snuffle|hollow log|berries
pig|animal||trot|Oink|oink|barn|apples
piglet|animal||trot|Oink oink|oink|barn|apples
cow|animal||walk|Moo|moo|barn|grass
horse|animal||gallop|Neigh|neigh|stable|oats
pony|animal||trot|Neigh|neigh|stable|apples
lamb|animal||skip|Baa|bleat|field|grass
goat|animal||climb|Meh|bleat|barn|hay
chick|animal||hop|Peep|peep|coop|seeds
hen|animal||strut|Cluck|cluck|coop|corn
deer|animal||leap|Hmm|hum|forest|leaves
elephant|animal||stomp|Toot|trumpet|jungle|peanuts
lion|animal||prowl|Roar|roar|den|meat
tiger|animal||prowl|Grr|growl|jungle|meat
monkey|animal||swing|Ooh ooh|chatter|tree|bananas
giraffe|animal||walk|Hmm|hum|savanna|leaves
penguin|animal||waddle|Honk|honk|snowy cave|fish
zebra|animal||gallop|Neigh|neigh|savanna|grass
kangaroo|animal||bounce|Hup|huff|dry field|grass
bee|animal||buzz|Buzz|buzz|hive|honey
ladybug|animal||crawl|Hmm|hum|flower bed|aphids
butterfly|animal||flutter|Flap flap|flap|meadow|nectar
snail|animal||slide|Hmm|hum|garden|leaves
whale|animal||swim|Whoosh|sing|cave under the sea|krill
dolphin|animal||swim|Eek eek|click|cove|fish
seal|animal||slide|Arf|bark|rock pool|fish
crab|animal||scuttle|Click click|click|rock pool|seaweed
otter|animal||swim|Squeak|squeak|river|fish
beaver|animal||paddle|Slap|slap|lodge|sticks
raccoon|animal||sneak|Chitter|chitter|tree|berries
badger|animal||shuffle|Huff|huff|burrow|worms
mole|animal||dig|Sniff|sniff|tunnel|worms
bat|animal||fly|Squeak|squeak|cave|bugs
panda|animal||roll|Hmm|hum|forest|bamboo
koala|animal||climb|Hmm|hum|tree|leaves
hippo|animal||wade|Splash|snort|river|grass
crocodile|animal||swim|Snap|snap|river|fish
snake|animal||slither|Hiss|hiss|rock pile|eggs
lizard|animal||dart|Hiss|hiss|rock pile|bugs
parrot|animal||fly|Squawk|squawk|tree|seeds
robin|animal||fly|Tweet|chirp|nest|worms
sparrow|animal||fly|Cheep|chirp|nest|seeds
goose|animal||waddle|Honk|honk|pond|grass
swan|animal||glide|Hmm|hum|lake|weeds
wolf|animal||run|Awoo|howl|den|berries
moose|animal||walk|Hmm|hum|forest|leaves
ant|animal||march|Hmm|hum|anthill|crumbs
caterpillar|animal||crawl|Munch|munch|leaf|leaves
dragon|fantasy||fly|Roar|roar|cave|peppers
unicorn|fantasy||gallop|Neigh|neigh|meadow|flowers
robot|fantasy||roll|Beep boop|beep|workshop|bolts
dinosaur|fantasy||stomp|Rawr|roar|valley|leaves
monster|fantasy||stomp|Rawr|growl|closet|cookies
ghost|fantasy||float|Boo|moan|attic|cookies
fairy|fantasy|f|flutter|Ting|sing|flower garden|honey
elf|fantasy||skip|Hee hee|giggle|tree|berries
giant|fantasy||stomp|Fee fi fo|boom|castle|pies
troll|fantasy||stomp|Hrmph|grumble|cave|soup
mermaid|fantasy|f|swim|La la|sing|cave under the sea|seaweed
princess|fantasy|f|walk|La la|sing|castle|cake
prince|fantasy|m|walk|Ho ho|shout|castle|cake
knight|fantasy||march|Ho ho|shout|castle|bread
pirate|fantasy||march|Arr|shout|ship|fish
wizard|fantasy|m|walk|Abracadabra|chant|tower|soup
witch|fantasy|f|fly|Hee hee|cackle|cottage|soup
alien|fantasy||float|Zorp|beep|spaceship|moon cheese
astronaut|fantasy||float|Whoosh|shout|rocket|space food
snowman|fantasy||slide|Brr|shiver|yard|snow cones
teddy bear|fantasy||waddle|Hmm|hum|toy box|honey`

// askKinds are kinds a story can be asked for (StoryAbout, chat
// requests) that the random cast never draws: adding them to kindTable
// would change every story Generate writes.
var askKinds = `bird|animal||fly|Tweet|chirp|nest|seeds`

var kinds = func() map[string]*kindInfo {
	m := map[string]*kindInfo{}
	for _, line := range strings.Split(kindTable+"\n"+askKinds, "\n") {
		f := strings.Split(line, "|")
		var sex byte
		if f[2] != "" {
			sex = f[2][0]
		}
		m[f[0]] = &kindInfo{kind: f[0], class: f[1], sex: sex, move: f[3], sound: f[4], soundVerb: f[5], home: f[6], food: f[7]}
	}
	return m
}()

var kindOrder = func() []string {
	var out []string
	for _, line := range strings.Split(kindTable+"\n"+askKinds, "\n") {
		out = append(out, line[:strings.IndexByte(line, '|')])
	}
	return out
}()

var animalKinds, fantasyKinds []string

func init() {
	for _, k := range kindOrder[:strings.Count(kindTable, "\n")+1] {
		switch kinds[k].class {
		case "animal":
			animalKinds = append(animalKinds, k)
		case "fantasy":
			fantasyKinds = append(fantasyKinds, k)
		}
	}
}

var (
	girlNames = words(`Lily, Mia, Anna, Zoe, Sue, Ella, Rosa, Nina, Lucy, Amy, Ivy, Kim, Sara, Emma,
		Olivia, Ava, Sophie, Grace, Chloe, Ruby, Hannah, Maya, Leila, Aisha, Fatima, Priya, Anika,
		Mei, Yuki, Hana, Sakura, Ling, Jia, Sofia, Lucia, Elena, Carmen, Isabel, Ines, Marta,
		Freya, Ingrid, Astrid, Greta, Heidi, Clara, Lena, Nora, Alice, Daisy, Poppy, Molly, Rose,
		Tessa, Wendy, Julia, Laura, Eva, Nadia, Olga, Katya, Zara, Amara, Zuri, Ama, Nia, Imani,
		Kemi, Ayo, Layla, Noor, Yasmin, Salma, Rania, Ana, Maria, Paula, Bella, Jade, Iris, Luna,
		Stella, Hazel, Willow, Penny, Ruth, Tara, Uma, Asha, Meera, Rina, Keiko, Suki, Min, Ada,
		Amelia, Harper, Abigail, Aria, Scarlett, Violet, Aurora, Camila, Gianna, Elsa, Mila, Nova, Eden, Naomi, Leah, Sadie, Lucia, Dara, Farah, Hiba, Lina, Mariam, Aya, Chiara, Giulia, Bianca, Alba, Noa, Talia, Yara, Zainab, Efua, Adaeze, Chioma, Nkechi, Wanjiru, Akosua, Thandi, Lerato, Mbali, Aiko, Mai, Naoko, Yuna, Ji-woo, Seo-yeon, Xiu, Lan, Anh, Linh, Kiri, Aroha, Leilani, Moana, Kalani, Pilar, Rocio, Esme, Beatriz, Tove, Sigrid, Elin, Saga, Maja, Zofia, Kasia, Vera, Dasha, Mira, Kaia, Isla, Orla, Niamh, Siobhan, Bridget, Maeve, Ruth, June, Opal`)
	boyNames = words(`Tom, Ben, Max, Sam, Leo, Jack, Finn, Omar, Tim, Noah, Eli, Dan, Liam, Lucas,
		Oliver, Jacob, Ethan, Henry, Oscar, Harry, Theo, Arlo, Felix, Hugo, Louis, Pablo, Diego,
		Mateo, Carlos, Juan, Luis, Marco, Paolo, Luca, Nico, Ahmed, Ali, Yusuf, Karim, Hassan,
		Ravi, Arjun, Dev, Rohan, Kenji, Hiro, Taro, Wei, Jun, Chen, Kwame, Kofi, Tunde, Jabari,
		Musa, Sipho, Lars, Erik, Sven, Nils, Otto, Anton, Ivan, Pavel, Milan, Boris, Sami, Adam,
		Jonah, Caleb, Owen, Ryan, Sean, Patrick, Rory, Kai, Tama, Mano, Ari, Jamal, Malik, Ezra,
		Jude, Toby, Alfie, Charlie, Danny, George, Peter, Simon, Victor, Zack, Bruno, Emil, Ike,
		Elijah, Mason, Logan, Aiden, Wyatt, Gabriel, Julian, Levi, Isaac, Miles, Silas, Ezekiel, Rafael, Andres, Tomas, Joaquin, Santiago, Emilio, Ibrahim, Idris, Zayd, Tariq, Bilal, Omari, Chidi, Emeka, Obi, Kojo, Yaw, Thabo, Bongani, Tendai, Haruto, Sora, Ren, Daiki, Min-jun, Ji-ho, Hao, Ming, Bao, Minh, Duc, Rangi, Tane, Koa, Keanu, Mikael, Johan, Axel, Olaf, Bjorn, Jonas, Matteo, Enzo, Gino, Piotr, Jakub, Tomek, Dmitri, Yuri, Sasha, Cormac, Declan, Fergus, Angus, Hamish, Rafi, Amir, Farid, Anand, Vikram, Nikhil, Sanjay, Ravi, Hari, Bodhi, Ira`)
	petNames = words(`Pip, Rex, Milo, Bobo, Rusty, Squeak, Hop, Tweet, Shelly, Pinky, Hoot, Fluff,
		Spot, Coco, Sunny, Buttons, Biscuit, Pepper, Ginger, Patch, Whiskers, Bubbles, Peanut,
		Snowy, Shadow, Bingo, Nutmeg, Pudding, Maple, Clover, Dot, Tiny, Bean, Noodle, Waffles,
		Sparky, Bolt, Ziggy, Button, Mittens, Fuzzy, Puff, Ember, Flicker, Gizmo, Chip, Blue,
		Pebble, Twig, Acorn, Berry, Honey, Toffee, Socks, Lucky, Rocky, Dash, Scout, Bramble,
		Thistle, Willow, Juniper, Olive, Pickles, Marble, Cocoa, Sprout, Jelly, Momo, Kiki,
		Fudge, Sprinkles, Muffin, Pumpkin, Cookie, Pippin, Barnaby, Hopscotch, Tumble, Wiggles, Snuggles, Rolo, Biscuit, Paddington, Fluffy, Smokey, Goldie, Oreo, Skipper, Benny, Daisy, Zippy, Sparkle, Cinnamon, Bubba, Poppy, Raffles, Nugget, Truffle, Custard, Moss, Fern, Sage, Rain, Storm, Star, Comet, Pebbles, Twinkle, Mango`)
)

type character struct {
	name  string // "" when the character has no name ("the old owl")
	kind  string // "fox", "girl", or a relation for grown-ups ("mom")
	sex   byte   // 'f', 'm', or 'p' for a group (they)
	adj   string // how it is first described: "little"
	info  *kindInfo
	title bool // Mom, Dad, Grandma: the relation works as a name
	// mentioned: introduced already, so "a fox named Rusty" becomes "Rusty".
	mentioned bool
}

func (c *character) ref() string {
	c.mentioned = true
	switch {
	case c.name != "":
		return c.name
	case c.sex == 'p':
		return "the " + c.kind
	}
	return "the " + c.kind
}

// full is the first mention: "a little fox named Rusty", "an old owl".
func (c *character) full(g *gen) string {
	if c.mentioned {
		return c.ref()
	}
	c.mentioned = true
	switch {
	case c.title:
		return c.name
	case c.name == "":
		return "a " + c.adj + " " + c.kind
	case c.adj == "":
		return "a " + c.kind + " named " + c.name
	}
	return "a " + c.adj + " " + c.kind + " " + g.pick("named", "named", "called") + " " + c.name
}

var pronouns = map[byte][8]string{
	//      he     He     him     his     His     self        was     is
	'f': {"she", "She", "her", "her", "Her", "herself", "was", "is"},
	'm': {"he", "He", "him", "his", "His", "himself", "was", "is"},
	'p': {"they", "They", "them", "their", "Their", "themselves", "were", "are"},
}

func charSlot(role int, attr string) func(g *gen) string {
	idx := -1
	switch attr {
	case "he":
		idx = 0
	case "He":
		idx = 1
	case "him":
		idx = 2
	case "his":
		idx = 3
	case "His":
		idx = 4
	case "self":
		idx = 5
	case "was":
		idx = 6
	case "is":
		idx = 7
	}
	get := func(g *gen) *character {
		c := g.cast[role]
		if c == nil {
			panic("corpus: template names role " + roleLetters[role:role+1] + " but the story has none")
		}
		return c
	}
	if idx >= 0 {
		return func(g *gen) string { return pronouns[get(g).sex][idx] }
	}
	switch attr {
	case "ref":
		return func(g *gen) string { return get(g).ref() }
	case "name":
		return func(g *gen) string { return get(g).name }
	case "voc":
		// Spoken to: "Mia", or "little owl" when it has no name.
		return func(g *gen) string {
			if c := get(g); c.name != "" {
				return c.name
			}
			return "little " + get(g).kind
		}
	case "Ref":
		return func(g *gen) string { return capFirst(get(g).ref()) }
	case "the":
		return func(g *gen) string { c := get(g); return "the " + c.kind }
	case "full":
		return func(g *gen) string { return get(g).full(g) }
	case "kind":
		return func(g *gen) string { return get(g).kind }
	case "kinds":
		return func(g *gen) string { return plural(get(g).kind) }
	case "has":
		return func(g *gen) string {
			if get(g).sex == 'p' {
				return "have"
			}
			return "has"
		}
	case "He's":
		return func(g *gen) string { return map[byte]string{'f': "She's", 'm': "He's", 'p': "They're"}[get(g).sex] }
	case "move":
		return func(g *gen) string { return get(g).info.move }
	case "sound":
		return func(g *gen) string { return get(g).info.sound }
	case "soundVerb":
		return func(g *gen) string { return get(g).info.soundVerb }
	case "home":
		return func(g *gen) string { return get(g).info.home }
	case "food":
		return func(g *gen) string { return get(g).info.food }
	case "adj":
		return func(g *gen) string { return get(g).adj }
	case "poss":
		return func(g *gen) string { return possessive(get(g).ref()) }
	}
	panic("corpus: unknown character attribute " + attr)
}

func possessive(s string) string {
	if strings.HasSuffix(s, "s") {
		return s + "'"
	}
	return s + "'s"
}

// newChar makes a character of the given kind ("" = any child or animal).
func (g *gen) newChar(kind, name string, named bool) *character {
	if kind == "" {
		switch r := g.rng.Float64(); {
		case r < 0.5:
			kind = g.pick("girl", "boy")
		case r < 0.9:
			kind = animalKinds[g.rng.Intn(len(animalKinds))]
		default:
			kind = fantasyKinds[g.rng.Intn(len(fantasyKinds))]
		}
	}
	info := kinds[kind]
	if info == nil {
		// An unknown kind from StoryAbout works like a fantasy character.
		info = &kindInfo{kind: kind, class: "fantasy", move: "walk", sound: "Hello", soundVerb: "call", home: "house", food: "cookies"}
	}
	c := &character{kind: kind, info: info, sex: info.sex}
	if c.sex == 0 {
		c.sex = g.pick("f", "m")[0]
	}
	c.adj = g.pickSkew(lexicon["trait"])
	if name != "" {
		c.name = name
	} else if named || info.class == "child" {
		switch {
		case info.class == "child" || g.chance(0.3):
			if c.sex == 'f' {
				c.name = g.pickSkew(girlNames)
			} else {
				c.name = g.pickSkew(boyNames)
			}
		default:
			c.name = g.pickSkew(petNames)
		}
	}
	return c
}

// grownUp returns a parent or other adult for a story.
func (g *gen) grownUp() *character {
	type gu struct {
		name string
		sex  byte
	}
	opts := []gu{{"Mom", 'f'}, {"Mom", 'f'}, {"Mom", 'f'}, {"Dad", 'm'}, {"Dad", 'm'}, {"Grandma", 'f'},
		{"Grandpa", 'm'}, {"Aunt May", 'f'}, {"Uncle Ben", 'm'}, {"Nana", 'f'}, {"Papa", 'm'}, {"Mama", 'f'}}
	o := opts[g.rng.Intn(len(opts))]
	return &character{name: o.name, kind: strings.ToLower(strings.Fields(o.name)[0]), sex: o.sex, title: true, adj: "kind",
		info: &kindInfo{kind: "person", class: "adult", move: "walk", home: "house", food: "soup"}}
}
