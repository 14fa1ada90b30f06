package corpus

import "strings"

// The lexicon: simple English words by semantic class, base forms only
// (morph.go inflects them). Lists are ordered roughly from common to rare;
// pickSkew favours the front, so counts fall off the way they do in real
// children's stories instead of being flat.

func words(s string) []string {
	parts := strings.Split(s, ",")
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pickSkew picks from a list with probability falling along it (index ∝ u²).
func (g *gen) pickSkew(list []string) string {
	u := g.rng.Float64()
	return list[int(u*u*float64(len(list)))]
}

func (g *gen) pick(list ...string) string { return list[g.rng.Intn(len(list))] }

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

var lexicon = map[string][]string{
	// ---- nouns ----
	"toy": words(`ball, kite, teddy bear, doll, toy car, toy train, drum, puzzle, yo-yo, top,
		jump rope, toy boat, robot toy, wooden horse, rocking horse, block tower, marble, balloon,
		whistle, spinning top, toy truck, puppet, stuffed bunny, rag doll, toy plane, bubble wand,
		paper crown, toy dinosaur, music box, toy drum, little car, beach ball, hula hoop,
		sticker book, coloring book, toy phone, toy rocket, board game, magnet, snow globe,
		kaleidoscope, toy soldier, toy tractor, glider, pinwheel, toy piano, race car, water gun`),
	"thing": words(`kite, ball, teddy bear, hat, book, umbrella, scarf, shell,
		key, lantern, map, drum, doll, toy car, toy boat, music box, blanket, backpack, crayon,
		paintbrush, basket, bucket, shovel, balloon, necklace, ring, bell, button, marble, puzzle,
		sock, boot, mitten, cup, spoon, flute, whistle, feather, pebble, stone, crown, wand,
		compass, flashlight, jar, letter, picture, camera, bike, sled, wagon, scooter, box,
		pillow, teapot, rope, ribbon, bow, sandcastle bucket, toy train, puppet, rocket, robot toy,
		yo-yo, jump rope, notebook, pencil, snow globe, coin, seed, acorn, pinecone, flag`),
	"food": words(`apple, cookie, cake, sandwich, banana, carrot, pie, muffin, cupcake, pancake,
		strawberry, orange, pear, grape, cherry, peach, plum, lemon, melon, watermelon, pumpkin,
		potato, tomato, cucumber, pea, bean, corn, noodle, egg, cheese, bread, roll, bun,
		donut, pretzel, cracker, lollipop, candy, jelly bean, ice cream cone, popsicle, waffle,
		bagel, biscuit, berry, blueberry, raspberry, nut, acorn, honey cake, sausage, meatball,
		pizza, taco, dumpling, pickle, radish, onion, mushroom, broccoli, pineapple, coconut,
		mango, kiwi, apricot, fig, date, raisin, peanut, almond, walnut, chestnut, cabbage,
		lettuce leaf, turnip, beet, celery stick, muffin top, scone, tart, brownie, gingerbread man`),
	"dish": words(`soup, porridge, pasta, rice, stew, salad, jam, honey, milk, juice, lemonade,
		cocoa, tea, yogurt, oatmeal, spaghetti, pudding, jelly, popcorn, cereal, toast, butter,
		cream, syrup, chocolate, fruit salad, mashed potatoes, vegetable soup, apple pie,
		carrot cake, pumpkin soup, berry jam, warm milk, hot chocolate, sweet tea, cold water`),
	"meal": words(`breakfast, lunch, dinner, a snack, supper, a picnic, tea, dessert`),
	"clothes": words(`hat, coat, scarf, boot, sock, shoe, mitten, glove, dress, shirt, sweater,
		jacket, raincoat, cap, skirt, jeans, pajamas, slipper, sandal, belt, vest, bow tie,
		apron, cape, crown, helmet, swimsuit, overalls, hoodie, sun hat, rain boot, tutu`),
	"color": words(`red, blue, green, yellow, pink, purple, orange, brown, white, black, gray,
		gold, silver, golden, sky blue, bright red, dark green, light blue, rainbow, spotted, striped`),
	"body": words(`ears, eyes, feet, toes, knees, cheeks, teeth, legs`),
	"bodyone": words(`nose, head, tummy, back, chin, mouth, neck, belly`),
	"home": words(`bed, table, chair, window, door, floor, wall, roof, stairs, rug, lamp, sofa,
		couch, shelf, cupboard, closet, drawer, bathtub, sink, oven, stove, fridge, clock, mirror,
		pillow, blanket, curtain, basket, box, toy box, bookshelf, fireplace, porch, fence, gate,
		mailbox, doorstep, garden shed, attic, basement, balcony, chimney, hallway, kitchen table`),
	"flower": words(`flower, rose, daisy, tulip, sunflower, daffodil, lily, poppy, violet,
		dandelion, buttercup, bluebell, lavender, clover, orchid, marigold, pansy, lilac`),
	"tree": words(`tree, oak tree, apple tree, pine tree, willow tree, maple tree, birch tree,
		cherry tree, palm tree, fir tree, old tree, tall tree, bush, hedge`),
	"natural": words(`leaf, stick, rock, stone, pebble, feather, shell, acorn, pinecone, flower,
		mushroom, puddle, log, branch, seed, berry, nest, web, twig, mud, sand, snowflake,
		raindrop, cloud, rainbow, star, moon, sun, breeze, wave, icicle, petal, root, vine, moss`),
	"vehicle": words(`car, bus, train, boat, bike, truck, plane, tractor, scooter, wagon, ship,
		rocket, sled, canoe, taxi, fire truck, ambulance, helicopter, sailboat, skateboard, van`),
	"instrument": words(`drum, flute, bell, piano, guitar, trumpet, violin, whistle, harp,
		xylophone, tambourine, horn, banjo, recorder, triangle, ukulele, maracas`),
	"game": words(`tag, hide and seek, catch, hopscotch, a ball game, a board game, pretend,
		a guessing game, leapfrog, duck duck goose, a clapping game, follow the leader,
		musical chairs, red light green light, treasure hunt, dress-up, house, school`),
	"shape": words(`circle, square, star, heart, triangle, moon, diamond, oval, flower, cloud`),
	"job": words(`teacher, doctor, baker, farmer, firefighter, nurse, vet, librarian, mail carrier,
		police officer, cook, painter, builder, gardener, pilot, bus driver, shopkeeper, zookeeper,
		fisherman, dentist, dancer, singer, clown, sailor`),
	"bird": words(`bird, robin, sparrow, blue jay, crow, pigeon, duck, goose, swan, owl, eagle,
		hawk, parrot, seagull, hummingbird, woodpecker, chicken, peacock, penguin, flamingo`),
	"bug": words(`butterfly, ladybug, bee, ant, caterpillar, beetle, worm, snail, grasshopper,
		dragonfly, firefly, spider, cricket, moth, bumblebee, slug, centipede`),
	"wild": words(`squirrel, rabbit, fox, deer, bear, raccoon, hedgehog, mouse, chipmunk, frog,
		turtle, owl, badger, beaver, mole, skunk, otter, wolf, moose, bat, lizard, snake, toad`),
	"animal": words(`dog, cat, bird, rabbit, horse, duck, fox, bear, mouse, frog, owl, lion,
		elephant, puppy, kitten, pony, turtle, squirrel, butterfly, whale, dolphin, monkey, penguin, deer`),
	"farm": words(`cow, pig, sheep, goat, horse, chicken, duck, donkey, lamb, hen, rooster,
		piglet, calf, pony, goose, turkey, kitten, puppy, sheepdog, chick`),
	"zoo": words(`elephant, lion, tiger, giraffe, monkey, zebra, hippo, penguin, bear, kangaroo,
		panda, gorilla, rhino, flamingo, crocodile, koala, camel, seal, peacock, polar bear,
		cheetah, leopard, ostrich, parrot, sloth, tortoise, lemur, otter`),
	"sea": words(`fish, crab, seal, dolphin, whale, starfish, octopus, jellyfish, seagull,
		turtle, shark, seahorse, lobster, clam, shrimp, pelican, walrus, eel, stingray`),
	"sound": words(`Boom, Splash, Crash, Bang, Pop, Whoosh, Crack, Thud, Plop, Ding, Buzz,
		Swish, Zoom, Clang, Tap tap, Knock knock, Drip drop, Pitter-patter, Crunch, Squeak,
		Honk, Ring ring, Thump, Rumble, Flap flap, Snap, Ta-da, Hooray, Yay, Oops, Uh-oh,
		Achoo, Ouch, Wow, Oh, Hmm, Shh, Ahh, Yum, Hee hee, Ha ha, Zip, Whee, Ding dong`),
	"weathernoun": words(`rain, snow, wind, sun, fog, storm, thunder, lightning, cloud, frost, hail, breeze`),
	"season": words(`spring, summer, fall, winter, autumn`),
	"holiday": words(`birthday, holiday, party, festival, picnic, parade, fair, concert, show,
		sleepover, wedding, feast, talent show, bake sale, costume party, school play`),
	"treasure": words(`a shiny coin, a golden key, a tiny bell, a blue marble, an old map,
		a pretty shell, a smooth stone, a silver ring, a little box, a red button, a glass bead,
		a feather, a star-shaped rock, a lost glove, an old toy, a small egg, a secret note`),

	// ---- adjectives ----
	"size": words(`big, little, small, tiny, huge, tall, short, long, round, fat, thin,
		wide, deep, high, low, heavy, light`),
	"goodfeel": words(`happy, glad, proud, excited, calm, safe, cozy, thankful, brave, hopeful,
		cheerful, joyful, warm, loved, surprised, amazed, relieved, peaceful, silly, curious`),
	"badfeel": words(`sad, scared, angry, lonely, worried, grumpy, upset, nervous, shy, tired,
		bored, jealous, disappointed, cross, afraid, confused, frustrated, sorry, embarrassed,
		cold, hungry, sleepy, sick, lost, left out`),
	"trait": words(`kind, brave, curious, clever, gentle, happy, silly, funny, cheerful, friendly,
		helpful, polite, honest, patient, playful, quiet, busy, sleepy, shy, little, smart,
		careful, lively, loving, caring, bright, bold, proud, sweet, jolly, lazy, noisy,
		grumpy, greedy, bossy, stubborn, clumsy, messy, tidy, wise, young, old, small`),
	"looks": words(`shiny, soft, fluffy, bumpy, smooth, fuzzy, sparkly, round, tall, long, tiny,
		bright, dark, old, new, pretty, strange, funny, wet, dry, muddy, dusty, clean, sticky,
		warm, cold, heavy, light, bumpy, hairy, spotty, stripy, gold, silver, glowing, shimmering`),
	"nice": words(`beautiful, pretty, lovely, wonderful, amazing, great, special, magical, perfect,
		nice, fine, cool, bright, colorful, fantastic, marvelous, splendid, super, cute, neat`),
	"taste": words(`yummy, sweet, sour, salty, crunchy, juicy, warm, fresh, tasty, delicious,
		soft, crispy, creamy, sticky, spicy, hot, cold, chewy, fluffy, ripe`),
	"weather": words(`sunny, rainy, windy, cloudy, cold, hot, warm, snowy, foggy, stormy, bright, gray, chilly, breezy`),
	"manner": words(`quick, slow, careful, gentle, quiet, happy, sad, brave, proud, soft, loud,
		polite, kind, shy, sleepy, excited, nervous, calm, eager, patient, cheerful, busy, bold,
		sudden, proper, neat, silent, sweet, swift, steady, clumsy, careless, lazy, merry, glad`),
	"speechmanner": words(`softly, quietly, loudly, happily, sadly, proudly, gently, kindly, shyly,
		excitedly, nervously, angrily, slowly, quickly, brightly, sleepily, politely, bravely,
		calmly, cheerfully, sweetly, firmly, eagerly, grumpily, timidly, warmly, thoughtfully`),
	"speechextra": words(`with a smile, with a big smile, with a giggle, in a small voice,
		in a tiny voice, in a big voice, with a sigh, with a laugh, with a nod, with a grin,
		in a whisper, with a frown, with a wink, with a yawn, with a sniff, with a shrug`),

	// ---- verbs (base forms; phrases inflect their first word) ----
	"move": words(`run, walk, hop, skip, jump, climb, crawl, dance, march, race, rush, hurry,
		tiptoe, wander, stroll, roll, slide, zoom, waddle, gallop, trot, dash, stomp, leap,
		spin, twirl, bounce, wiggle, splash, creep, sneak, glide, float, paddle, scurry, scamper,
		stumble, shuffle, prance, sprint, swing, wobble, zigzag, tumble, slither, swoop, soar`),
	"play": words(`play tag, fly a kite, build a sandcastle, jump in puddles, ride a bike,
		swing on the swings, read a book, draw pictures, sing songs, dance in the grass,
		pick flowers, collect shells, climb trees, splash in the water, look for bugs,
		bake cookies, play hide and seek, feed the ducks, watch the clouds, blow bubbles,
		roll down the hill, catch leaves, chase butterflies, paint pictures, skip stones,
		play catch, make mud pies, build a fort, play dress-up, play with blocks, do puzzles,
		play the drum, tell jokes, play pretend, make paper boats, count the stars,
		look at the clouds, dig in the sand, run races, jump rope, play hopscotch, ride the slide,
		make a snowman, have a tea party, play music, sing silly songs, make funny faces,
		hunt for treasure, play ball, throw snowballs, splash in the pond, build a tower,
		look at picture books, make daisy chains, play in the leaves, climb the big rock`),
	"chore": words(`sweep the floor, wash the dishes, fold the clothes, water the plants,
		feed the cat, make the bed, set the table, tidy up the toys, dry the cups, pick up the socks,
		wipe the table, carry the basket, rake the leaves, dust the shelves, wash the car,
		hang up the coats, sort the socks, clean the windows, feed the fish, walk the dog`),
	"see": words(`see, spot, notice, find, watch, hear, spy`),
	"eat": words(`eat, munch, nibble, gobble, chew, crunch, taste, share, lick, finish`),
	"laugh": words(`laugh, giggle, smile, grin, cheer, clap, chuckle, beam, squeal, whoop`),
	"cry": words(`cry, sob, sniff, sniffle, frown, pout, sigh, weep, whimper, mope`),
	"look": words(`look, search, hunt, peek, peer, seek`),
	"make": words(`draw a picture, paint a card, bake a cake, build a house of blocks, make a crown,
		write a story, sew a doll, make a necklace, build a boat, make a kite, draw a map,
		make a card, bake bread, build a birdhouse, make a hat, fold a paper plane, knit a scarf,
		make a puppet, build a snowman, make a garden, plant seeds, make a cake, make soup,
		build a robot, make a mask, paint a rock, make a bracelet, build a bridge, make a pie`),
}

// A place and the preposition that goes with it.
type place struct {
	prep, name string // "in", "park"
	sights     string // lexicon class of things seen there
}

func (p place) in() string { return p.prep + " the " + p.name }

var places = []place{
	{"in", "park", "bird"}, {"in", "forest", "wild"}, {"in", "garden", "bug"}, {"at", "beach", "sea"},
	{"on", "farm", "farm"}, {"by", "river", "wild"}, {"by", "lake", "bird"}, {"by", "pond", "bug"},
	{"on", "hill", "wild"}, {"at", "zoo", "zoo"}, {"in", "meadow", "bug"}, {"in", "woods", "wild"},
	{"in", "backyard", "bug"}, {"at", "playground", "bird"}, {"in", "field", "farm"},
	{"at", "library", "bird"}, {"at", "market", "bird"}, {"in", "village", "farm"},
	{"in", "town", "bird"}, {"in", "orchard", "bird"}, {"by", "sea", "sea"}, {"on", "mountain", "wild"},
	{"in", "valley", "wild"}, {"in", "jungle", "zoo"}, {"at", "pumpkin patch", "farm"},
	{"by", "old bridge", "wild"}, {"on", "island", "sea"}, {"at", "harbor", "sea"},
	{"in", "big city", "bird"}, {"at", "school", "bird"}, {"at", "museum", "zoo"}, {"at", "bakery", "bird"},
	{"in", "swamp", "wild"}, {"in", "desert", "wild"}, {"at", "aquarium", "sea"}, {"at", "campsite", "wild"},
}

// Trips have a purpose and things to do there.
type trip struct {
	name, prep string
	acts       []string // things one does there (verb phrases)
	sights     string
}

var trips = []trip{
	{"beach", "at", words(`build a sandcastle, collect shells, splash in the waves, dig a deep hole,
		look for crabs, fly a kite, eat ice cream, jump over the waves, bury their feet in the sand`), "sea"},
	{"zoo", "at", words(`watch the monkeys swing, feed the goats, see the lions nap, wave at the giraffes,
		listen to the parrots, watch the penguins swim, count the zebra stripes`), "zoo"},
	{"farm", "on", words(`feed the chickens, pet the lambs, collect eggs, ride on the tractor,
		milk a cow, pick apples, brush the pony, jump in the hay`), "farm"},
	{"shop", "at", words(`push the cart, pick out apples, look at the toys, choose some bread,
		count the coins, carry the bags, look at the flowers`), "bird"},
	{"park", "in", words(`swing on the swings, go down the slide, feed the ducks, play on the grass,
		climb the jungle gym, have a picnic, ride bikes, kick a ball`), "bird"},
	{"lake", "by", words(`skip stones, watch the ducks, paddle a canoe, catch tiny fish, dip their toes
		in the water, have a picnic`), "bird"},
	{"forest", "in", words(`follow a path, look for mushrooms, listen to the birds, climb over logs,
		collect pinecones, build a little hut of sticks`), "wild"},
	{"library", "at", words(`pick out books, listen to a story, read about dinosaurs, find a book about
		the moon, sit on the big cushions`), "bird"},
	{"museum", "at", words(`look at the dinosaur bones, see old paintings, look at a real rocket,
		see a giant whale model, touch a smooth old stone`), "zoo"},
	{"mountain", "on", words(`climb the trail, look at the clouds, drink cold water from a stream,
		find pretty rocks, see the whole valley`), "wild"},
	{"market", "at", words(`buy fresh fruit, smell the flowers, listen to the music, taste warm bread,
		pick the best pumpkin`), "bird"},
	{"fair", "at", words(`ride the merry-go-round, eat cotton candy, win a prize, see the big pigs,
		ride the Ferris wheel, watch the clowns`), "farm"},
	{"aquarium", "at", words(`watch the sharks, see the jellyfish glow, touch a starfish,
		watch the otters play, look at the tiny seahorses`), "sea"},
	{"grandma's house", "at", words(`bake cookies, look at old photos, plant flowers, play cards,
		help in the garden, listen to old stories`), "bird"},
}
