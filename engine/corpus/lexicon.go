package corpus

import "strings"

// The lexicon: simple English words by semantic class, base forms only
// (morph.go inflects them). Lists are ordered roughly from common to rare;
// pickSkew favours the front, so counts fall off the way they do in real
// children's stories instead of being flat.

func words(s string) []string {
	parts := strings.Split(s, ",")
	out := make([]string, 0, len(parts))
	seen := map[string]bool{}
	for _, p := range parts {
		// Entries may wrap across lines in the source.
		if p = strings.Join(strings.Fields(p), " "); p != "" && !seen[p] {
			seen[p] = true
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
		kaleidoscope, toy soldier, toy tractor, glider, pinwheel, toy piano, race car, water gun,
		toy castle, dollhouse, toy farm, jack-in-the-box, rubber duck, stuffed elephant, plush owl, tea set, toy sword, paper airplane, kazoo, harmonica, toy helicopter, train set, play dough, building bricks, rattle, beanbag, slinky, toy bus, finger puppet, toy crane, toy fire truck, toy tiger, wooden duck, toy garage, marble run, toy robot, toy telescope, doll's pram`),
	"thing": words(`kite, ball, teddy bear, hat, book, umbrella, scarf, shell,
		key, lantern, map, drum, doll, toy car, toy boat, music box, blanket, backpack, crayon,
		paintbrush, basket, bucket, shovel, balloon, necklace, ring, bell, button, marble, puzzle,
		sock, boot, mitten, cup, spoon, flute, whistle, feather, pebble, stone, crown, wand,
		compass, flashlight, jar, letter, picture, camera, bike, sled, wagon, scooter, box,
		pillow, teapot, rope, ribbon, bow, sandcastle bucket, toy train, puppet, rocket, robot toy,
		yo-yo, jump rope, notebook, pencil, snow globe, coin, seed, acorn, pinecone, flag`),
	"food": words(`apple, cookie, cake, sandwich, banana, carrot, pie, muffin, cupcake, pancake,
		strawberry, orange, pear, grape, cherry, peach, plum, lemon, melon, watermelon, pumpkin,
		potato, tomato, cucumber, pea, bean, noodle, egg, roll, bun,
		donut, pretzel, cracker, lollipop, candy, jelly bean, ice cream cone, popsicle, waffle,
		bagel, biscuit, berry, blueberry, raspberry, nut, acorn, honey cake, sausage, meatball,
		pizza, taco, dumpling, pickle, radish, onion, mushroom, broccoli, pineapple, coconut,
		mango, kiwi, apricot, fig, date, raisin, peanut, almond, walnut, chestnut, cabbage,
		lettuce leaf, turnip, beet, celery stick, muffin top, scone, tart, brownie, gingerbread man,
		avocado, blackberry, cranberry, gooseberry, grapefruit, lime, nectarine, papaya, tangerine, zucchini, eggplant, pepper, sweet potato, parsnip, olive, cashew, hazelnut, pecan, sunflower seed, cinnamon roll, croissant, tortilla, omelet, gingersnap, macaroon, cream puff, candy cane, gumdrop, marshmallow, caramel, meringue, cheesecake, rice cake, hot dog, hamburger, fish stick, sweet roll, honey bun, plum cake, granola bar, cheese stick, cornbread muffin, jam tart, sugar cookie, oatmeal cookie, lemon bar, blueberry muffin, pumpkin pie, cherry pie, peach cobbler`),
	"dish": words(`soup, porridge, pasta, rice, stew, salad, jam, honey, milk, juice, lemonade,
		cocoa, tea, yogurt, oatmeal, spaghetti, pudding, jelly, popcorn, cereal, toast, butter, bread, cheese, corn,
		cream, syrup, chocolate, fruit salad, mashed potatoes, vegetable soup, apple pie,
		carrot cake, pumpkin soup, berry jam, warm milk, hot chocolate, sweet tea, cold water,
		chicken soup, tomato soup, noodle soup, bean soup, rice pudding, apple juice, orange juice, grape juice, pink lemonade, mint tea, warm porridge, peanut butter, cream cheese, strawberry jam, maple syrup, honey water, fresh milk, banana bread, corn chowder, potato salad`),
	"meal": words(`breakfast, lunch, dinner, a snack, supper, a picnic, tea, dessert`),
	"clothes": words(`hat, coat, scarf, boot, sock, shoe, mitten, glove, dress, shirt, sweater,
		jacket, raincoat, cap, skirt, jeans, pajamas, slipper, sandal, belt, vest, bow tie,
		apron, cape, crown, helmet, swimsuit, overalls, hoodie, sun hat, rain boot, tutu,
		nightgown, bathrobe, wool hat, bonnet, earmuffs, tights, shorts, T-shirt, blouse, cardigan, poncho, kimono, tunic, bib, party dress, cowboy hat, wizard hat, sun dress, snow suit`),
	"color": words(`red, blue, green, yellow, pink, purple, orange, brown, white, black, gray,
		gold, silver, golden, sky blue, bright red, dark green, light blue, rainbow, spotted, striped`),
	"body":    words(`ears, eyes, feet, toes, knees, cheeks, teeth, legs`),
	"bodyone": words(`nose, head, tummy, back, chin, mouth, neck, belly`),
	"home": words(`bed, table, chair, window, door, floor, wall, roof, stairs, rug, lamp, sofa,
		couch, shelf, cupboard, closet, drawer, bathtub, sink, oven, stove, fridge, clock, mirror,
		pillow, blanket, curtain, basket, box, toy box, bookshelf, fireplace, porch, fence, gate,
		mailbox, doorstep, garden shed, attic, basement, balcony, chimney, hallway, kitchen table,
		pantry, window seat, bunk bed, high chair, rocking chair, bench, step stool, kettle, teapot, bowl, mug, broom, bucket, candle, doorbell, bookcase, washing machine, dishwasher, laundry basket, coat rack, garden path, front door, back door, flower box`),
	"flower": words(`flower, rose, daisy, tulip, sunflower, daffodil, lily, poppy, violet,
		dandelion, buttercup, bluebell, lavender, clover, orchid, marigold, pansy, lilac,
		iris, peony, jasmine, hibiscus, carnation, snowdrop, crocus, primrose, foxglove, honeysuckle, morning glory, forget-me-not, cornflower, zinnia, petunia, geranium, magnolia, bluebonnet, water lily, wildflower`),
	"tree": words(`tree, oak tree, apple tree, pine tree, willow tree, maple tree, birch tree,
		cherry tree, palm tree, fir tree, old tree, tall tree, bush, hedge,
		elm tree, ash tree, beech tree, cedar tree, chestnut tree, lemon tree, olive tree, peach tree, pear tree, plum tree, spruce tree, redwood tree, bamboo, hazel bush, holly bush, rose bush, berry bush`),
	"natural": words(`leaf, stick, rock, stone, pebble, feather, shell, acorn, pinecone, flower,
		mushroom, puddle, log, branch, seed, berry, nest, web, twig, snowflake,
		raindrop, cloud, rainbow, star, moon, sun, breeze, wave, icicle, petal, root, vine, moss,
		cobweb, dewdrop, sunbeam, moonbeam, shadow, stream, waterfall, hill, cave, pine needle, seashell, driftwood, thorn, bud, blossom, pod, sandbar, boulder, snowball, mud puddle, rain cloud, spider web, anthill, molehill, tree stump`),
	"vehicle": words(`car, bus, train, boat, bike, truck, plane, tractor, scooter, wagon, ship,
		rocket, sled, canoe, taxi, fire truck, ambulance, helicopter, sailboat, skateboard, van,
		bulldozer, digger, crane, garbage truck, police car, motorbike, hot air balloon, submarine, raft, ferry, tram, cable car, go-kart, tricycle, stroller, wheelbarrow, rowboat, steam train, school bus, ice cream truck`),
	"instrument": words(`drum, flute, bell, piano, guitar, trumpet, violin, whistle, harp,
		xylophone, tambourine, horn, banjo, recorder, triangle, ukulele, maracas,
		cello, bagpipes, accordion, clarinet, saxophone, trombone, tuba, cymbals, bongo drums, bugle, mandolin, organ, chimes, kazoo, harmonica`),
	"game": words(`tag, hide and seek, catch, hopscotch, a ball game, a board game, pretend,
		a guessing game, leapfrog, duck duck goose, a clapping game, follow the leader,
		musical chairs, red light green light, treasure hunt, dress-up, house, school`),
	"shape": words(`circle, square, star, heart, triangle, moon, diamond, oval, flower, cloud`),
	"job": words(`teacher, doctor, baker, farmer, firefighter, nurse, vet, librarian, mail carrier,
		police officer, cook, painter, builder, gardener, pilot, bus driver, shopkeeper, zookeeper,
		fisherman, dentist, dancer, singer, clown, sailor,
		astronaut, chef, artist, musician, plumber, carpenter, mechanic, scientist, inventor, lifeguard, crossing guard, beekeeper, shepherd, miller, tailor, potter, juggler, magician, acrobat, photographer, ranger, lighthouse keeper, baker's helper, ice cream seller, flower seller`),
	"bird": words(`bird, robin, sparrow, blue jay, crow, pigeon, duck, goose, swan, owl, eagle,
		hawk, parrot, seagull, hummingbird, woodpecker, chicken, peacock, penguin, flamingo,
		magpie, wren, finch, cardinal, blackbird, heron, stork, kingfisher, nightingale, lark, dove, quail, puffin, toucan, owlet, goldfinch, starling, swallow, pelican, raven`),
	"bug": words(`butterfly, ladybug, bee, ant, caterpillar, beetle, worm, snail, grasshopper,
		dragonfly, firefly, spider, cricket, moth, bumblebee, slug, centipede,
		wasp, gnat, stick insect, earwig, glowworm, water beetle, honeybee, moth, hornet, stag beetle, katydid, pill bug`),
	"wild": words(`squirrel, rabbit, fox, deer, bear, raccoon, hedgehog, mouse, chipmunk, frog,
		turtle, owl, badger, beaver, mole, skunk, otter, wolf, moose, bat, lizard, snake, toad,
		porcupine, weasel, ferret, hare, vole, shrew, possum, coyote, elk, bison, lynx, bobcat, newt, salamander, tadpole, dormouse, field mouse, stoat, pine marten, wild boar`),
	"animal": words(`dog, cat, bird, rabbit, horse, duck, fox, bear, mouse, frog, owl, lion,
		elephant, puppy, kitten, pony, turtle, squirrel, butterfly, whale, dolphin, monkey, penguin, deer,
		goat, sheep, cow, pig, chicken, goose, hedgehog, frog, hare, badger, otter, beaver, mole, raccoon, skunk, lamb, calf, foal, piglet`),
	"farm": words(`cow, pig, sheep, goat, horse, chicken, duck, donkey, lamb, hen, rooster,
		piglet, calf, pony, goose, turkey, kitten, puppy, sheepdog, chick`),
	"zoo": words(`elephant, lion, tiger, giraffe, monkey, zebra, hippo, penguin, bear, kangaroo,
		panda, gorilla, rhino, flamingo, crocodile, koala, camel, seal, peacock, polar bear,
		cheetah, leopard, ostrich, parrot, sloth, tortoise, lemur, otter,
		meerkat, hyena, jaguar, panther, orangutan, chimpanzee, baboon, armadillo, anteater, tapir, yak, llama, alpaca, warthog, antelope, gazelle, buffalo, emu, toucan, iguana, chameleon, red panda, snow leopard, wombat, platypus`),
	"sea": words(`fish, crab, seal, dolphin, whale, starfish, octopus, jellyfish, seagull,
		turtle, shark, seahorse, lobster, clam, shrimp, pelican, walrus, eel, stingray,
		sea lion, sea otter, manatee, narwhal, orca, squid, sea turtle, hermit crab, sea urchin, sand dollar, clownfish, goldfish, puffer fish, swordfish, minnow, tuna, salmon, trout`),
	"sound": words(`Boom, Splash, Crash, Bang, Pop, Whoosh, Crack, Thud, Plop, Ding, Buzz,
		Swish, Zoom, Clang, Tap tap, Knock knock, Drip drop, Pitter-patter, Crunch, Squeak,
		Honk, Ring ring, Thump, Rumble, Flap flap, Snap, Ta-da, Hooray, Yay, Oops, Uh-oh,
		Achoo, Ouch, Wow, Oh, Hmm, Shh, Ahh, Yum, Hee hee, Ha ha, Zip, Whee, Ding dong`),
	"weathernoun": words(`rain, snow, wind, sun, fog, storm, thunder, lightning, cloud, frost, hail, breeze`),
	"season":      words(`spring, summer, fall, winter, autumn`),
	"holiday": words(`birthday, holiday, party, festival, picnic, parade, fair, concert, show,
		sleepover, wedding, feast, talent show, bake sale, costume party, school play`),
	"treasure": words(`a shiny coin, a golden key, a tiny bell, a blue marble, an old map,
		a pretty shell, a smooth stone, a silver ring, a little box, a red button, a glass bead,
		a feather, a star-shaped rock, a lost glove, an old toy, a small egg, a secret note`),

	// ---- adjectives ----
	"size": words(`big, little, small, tiny, huge, tall, short, long, round, fat, thin,
		wide, deep, high, low, heavy, light`),
	"goodfeel": words(`happy, glad, proud, excited, calm, safe, cozy, thankful, brave, hopeful,
		cheerful, joyful, warm, loved, surprised, amazed, relieved, peaceful, silly, curious,
		delighted, thrilled, pleased, content, grateful, comfy, lucky, bubbly, giddy, merry, full of joy`),
	"badfeel": words(`sad, scared, angry, lonely, worried, grumpy, upset, nervous, shy, tired,
		bored, jealous, disappointed, cross, afraid, confused, frustrated, sorry, embarrassed,
		cold, hungry, sleepy, sick, lost, left out,
		gloomy, miserable, frightened, terrified, cranky, puzzled, sulky, homesick, anxious, unhappy, restless, sore, dizzy, grouchy, glum, fed up, uneasy, blue`),
	"trait": words(`kind, brave, curious, clever, gentle, happy, silly, funny, cheerful, friendly,
		helpful, polite, honest, patient, playful, quiet, busy, sleepy, shy, little, smart,
		careful, lively, loving, caring, bright, bold, proud, sweet, jolly, lazy, noisy,
		grumpy, greedy, bossy, stubborn, clumsy, messy, tidy, wise, young, small,
		generous, thoughtful, cheeky, dreamy, bouncy, chatty, fearless, timid, nosy, fussy, sensible, loyal, creative, adventurous, hardworking, forgetful, speedy, jumpy, graceful, giggly, sporty, musical, artistic, daring, fidgety, gentle, wiggly, sleepy, hungry, tiny`),
	"looks": words(`shiny, soft, fluffy, bumpy, smooth, fuzzy, sparkly, round, tall, long, tiny,
		bright, dark, old, new, pretty, strange, funny, wet, dry, muddy, dusty, clean, sticky,
		warm, cold, heavy, light, bumpy, hairy, spotty, stripy, gold, silver, glowing, shimmering,
		crinkly, wrinkly, lumpy, squishy, slippery, prickly, spiky, shaggy, silky, rough, enormous, gigantic, fancy, plain, messy, neat, crooked, straight, curly, wobbly, sparkling, twinkly, glittery, faded, brand-new, ancient, silvery, rosy, pale, glossy, flat, pointy, hollow, empty, shiny black, speckled, polka-dot, feathery, knobbly, frosty`),
	"nice": words(`beautiful, pretty, lovely, wonderful, amazing, great, special, magical, perfect,
		nice, fine, cool, bright, colorful, fantastic, marvelous, splendid, cute, neat,
		brilliant, dazzling, glorious, terrific, delightful, charming, gorgeous, fabulous, excellent, incredible, awesome, cozy, peaceful, cheerful, sunny, dreamy, precious, grand`),
	"taste": words(`yummy, sweet, sour, salty, crunchy, juicy, warm, fresh, tasty, delicious,
		soft, crispy, creamy, sticky, spicy, hot, cold, chewy, fluffy, ripe,
		bitter, buttery, cheesy, fruity, nutty, tangy, sugary, lemony, minty, smoky, toasty, syrupy, zesty, crumbly, gooey, fizzy, mild`),
	"weather": words(`sunny, rainy, windy, cloudy, cold, hot, warm, snowy, foggy, stormy, bright, gray, chilly, breezy,
		misty, frosty, icy, muggy, drizzly, blustery, dry, damp, sparkling, freezing, lovely`),
	"manner": words(`quick, slow, careful, gentle, quiet, happy, sad, brave, proud, soft, loud,
		polite, kind, shy, sleepy, excited, nervous, calm, eager, patient, cheerful, busy, bold,
		sudden, proper, neat, silent, sweet, swift, steady, clumsy, careless, lazy, merry, glad,
		graceful, playful, cheerful, joyful, hopeful, secret, noisy, bright, brisk, hasty, wild, tender, wise, clever, sly, bouncy, gentle, light, grand, loud, silly, proud, curious, polite`),
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
		stumble, shuffle, prance, sprint, swing, wobble, zigzag, tumble, slither, swoop, soar,
		toddle, clamber, trudge, plod, amble, hike, jog, stride, bound, spring, sail, drift, skate, ski, somersault, scramble, skid, wriggle, flutter, hover, dive, row, pedal, lope, scoot, whirl, flit, sway, stagger`),
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
		look at picture books, make daisy chains, play in the leaves, climb the big rock,
		play marbles, play with toy cars, build a snow fort, look for four-leaf clovers, feed the birds, make a daisy crown, play on the seesaw, ride a scooter, fly paper planes, splash in the stream, listen to the frogs, catch fireflies, roll a hoop, spin a top, play with the puppy, build a dam in the stream, watch the boats, look for shooting stars, play with a yo-yo, pick berries, climb the jungle gym, slide down the hill on a sled, make sand pies, play the piano, bounce a ball, blow a whistle, skip along the path, play in the mud, sing to the birds, draw with chalk`),
	"chore": words(`sweep the floor, wash the dishes, fold the clothes, water the plants,
		feed the cat, make the bed, set the table, tidy up the toys, dry the cups, pick up the socks,
		wipe the table, carry the basket, rake the leaves, dust the shelves, wash the car,
		hang up the coats, sort the socks, clean the windows, feed the fish, walk the dog,
		put away the books, help cook dinner, carry in the wood, pick up the leaves, stack the plates, polish the shoes, brush the dog, feed the hens, water the garden, sweep the porch, wash the windows, hang out the washing, peel the carrots, mix the batter`),
	"see":   words(`see, spot, notice, find, watch, hear, spy`),
	"eat":   words(`eat, munch, nibble, gobble, chew, crunch, taste, share, lick, finish`),
	"laugh": words(`laugh, giggle, smile, grin, cheer, clap, chuckle, beam, squeal, whoop`),
	"cry":   words(`cry, sob, sniff, sniffle, frown, pout, sigh, weep, whimper, mope`),
	"look":  words(`look, search, hunt, peek, peer, seek`),
	"make": words(`draw a picture, paint a card, bake a cake, build a house of blocks, make a crown,
		write a story, sew a doll, make a necklace, build a boat, make a kite, draw a map,
		make a card, bake bread, build a birdhouse, make a hat, fold a paper plane, knit a scarf,
		make a puppet, build a snowman, make a garden, plant seeds, make a cake, make soup,
		build a robot, make a mask, paint a rock, make a bracelet, build a bridge, make a pie,
		build a sandcastle, make a paper crown, paint a flower pot, make a kite tail, sew a little bag, make a clay pot, build a tower of cups, make a snow angel, make a map of the garden, build a raft, make lemonade, make a flag, draw a comic, make a birthday banner, bake muffins, make a bird nest of wool`),
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
		look for crabs, fly a kite, eat ice cream, jump over the waves, dig in the warm sand`), "sea"},
	{"zoo", "at", words(`watch the monkeys swing, feed the goats, see the lions nap, wave at the giraffes,
		listen to the parrots, watch the penguins swim, count the zebra stripes`), "zoo"},
	{"farm", "on", words(`feed the chickens, pet the lambs, collect eggs, ride on the tractor,
		milk a cow, pick apples, brush the pony, jump in the hay`), "farm"},
	{"shop", "at", words(`push the cart, pick out apples, look at the toys, choose some bread,
		count the coins, carry the bags, look at the flowers`), "bird"},
	{"park", "in", words(`swing on the swings, go down the slide, feed the ducks, play on the grass,
		climb the jungle gym, have a picnic, ride bikes, kick a ball`), "bird"},
	{"lake", "by", words(`skip stones, watch the ducks, paddle a canoe, catch tiny fish, paddle in the shallow water, have a picnic`), "bird"},
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
