package corpus

import "strings"

// Morphology is done by rule plus small tables of exceptions, so every
// word in the lexicon is listed once, as its base form.

var irregularPast = map[string]string{
	"be": "was", "become": "became", "begin": "began", "bite": "bit", "blow": "blew",
	"break": "broke", "bring": "brought", "build": "built", "buy": "bought", "catch": "caught",
	"choose": "chose", "come": "came", "cut": "cut", "dig": "dug", "do": "did", "draw": "drew",
	"dream": "dreamed", "drink": "drank", "drive": "drove", "eat": "ate", "fall": "fell",
	"feed": "fed", "feel": "felt", "find": "found", "fly": "flew", "forget": "forgot",
	"freeze": "froze", "get": "got", "give": "gave", "go": "went", "grow": "grew",
	"hang": "hung", "have": "had", "hear": "heard", "hide": "hid", "hit": "hit", "hold": "held",
	"hurt": "hurt", "keep": "kept", "know": "knew", "lay": "laid", "lead": "led", "leave": "left",
	"lend": "lent", "let": "let", "lie": "lay", "light": "lit", "lose": "lost", "make": "made",
	"mean": "meant", "meet": "met", "pay": "paid", "put": "put", "read": "read", "ride": "rode",
	"ring": "rang", "rise": "rose", "run": "ran", "say": "said", "see": "saw", "sell": "sold",
	"send": "sent", "set": "set", "shake": "shook", "shine": "shone", "shoot": "shot",
	"shut": "shut", "sing": "sang", "sink": "sank", "sit": "sat", "sleep": "slept",
	"slide": "slid", "speak": "spoke", "spend": "spent", "spill": "spilled", "spin": "spun",
	"stand": "stood", "steal": "stole", "stick": "stuck", "sting": "stung", "swim": "swam",
	"swing": "swung", "take": "took", "teach": "taught", "tear": "tore", "tell": "told",
	"think": "thought", "throw": "threw", "understand": "understood", "wake": "woke",
	"wear": "wore", "weep": "wept", "win": "won", "wind": "wound", "write": "wrote",
	"sweep": "swept", "creep": "crept", "leap": "leaped", "kneel": "knelt", "bend": "bent",
	"dive": "dove", "bake": "baked", "stink": "stank", "shrink": "shrank", "strike": "struck",
	"fight": "fought", "seek": "sought", "bleed": "bled", "slay": "slew", "forgive": "forgave",
	"undo": "undid", "overhear": "overheard", "rebuild": "rebuilt", "sew": "sewed",
}

var irregularPlural = map[string]string{
	"child": "children", "mouse": "mice", "man": "men", "woman": "women", "foot": "feet",
	"tooth": "teeth", "goose": "geese", "sheep": "sheep", "fish": "fish", "deer": "deer",
	"person": "people", "leaf": "leaves", "wolf": "wolves", "knife": "knives", "loaf": "loaves",
	"shelf": "shelves", "calf": "calves", "half": "halves", "elf": "elves", "potato": "potatoes",
	"tomato": "tomatoes", "hero": "heroes", "ox": "oxen", "mango": "mangoes", "scarf": "scarves",
	"wife": "wives", "thief": "thieves", "moose": "moose", "roof": "roofs", "chief": "chiefs",
	"louse": "lice", "volcano": "volcanoes", "echo": "echoes", "buffalo": "buffaloes",
	"cactus": "cacti", "octopus": "octopuses", "hoof": "hooves", "life": "lives", "wolf cub": "wolf cubs",
	"dice": "dice", "series": "series", "grass": "grasses", "domino": "dominoes",
}

var irregularComp = map[string][2]string{
	"good": {"better", "best"}, "bad": {"worse", "worst"}, "far": {"farther", "farthest"},
	"little": {"smaller", "smallest"}, "many": {"more", "most"}, "much": {"more", "most"},
	"fun": {"more fun", "most fun"},
}

var irregularAdverb = map[string]string{
	"good": "well", "fast": "fast", "hard": "hard", "early": "early", "late": "late",
	"shy": "shyly", "whole": "wholly", "true": "truly", "full": "fully", "sly": "slyly",
	"public": "publicly", "friendly": "in a friendly way", "silly": "in a silly way",
	"lovely": "beautifully",
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// doubles reports whether a one-syllable word ending consonant-vowel-
// consonant doubles its last letter before a suffix (hop → hopped).
func doubles(w string) bool {
	n := len(w)
	if n < 3 {
		return false
	}
	last := w[n-1]
	if isVowel(last) || last == 'w' || last == 'x' || last == 'y' {
		return false
	}
	if !isVowel(w[n-2]) || isVowel(w[n-3]) {
		return false
	}
	groups := 0
	for i := 0; i < n; i++ {
		if isVowel(w[i]) && (i == 0 || !isVowel(w[i-1])) {
			groups++
		}
	}
	return groups == 1
}

func past(v string) string {
	if p, ok := irregularPast[v]; ok {
		return p
	}
	n := len(v)
	switch {
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case v[n-1] == 'y' && n > 1 && !isVowel(v[n-2]):
		return v[:n-1] + "ied"
	case doubles(v):
		return v + v[n-1:] + "ed"
	case strings.HasSuffix(v, "ic"):
		return v + "ked"
	}
	return v + "ed"
}

func ing(v string) string {
	switch v {
	case "be":
		return "being"
	case "lie":
		return "lying"
	case "tie":
		return "tying"
	case "die":
		return "dying"
	}
	n := len(v)
	switch {
	case strings.HasSuffix(v, "ee") || strings.HasSuffix(v, "ye") || strings.HasSuffix(v, "oe"):
		return v + "ing"
	case strings.HasSuffix(v, "e") && n > 2:
		return v[:n-1] + "ing"
	case doubles(v):
		return v + v[n-1:] + "ing"
	case strings.HasSuffix(v, "ic"):
		return v + "king"
	}
	return v + "ing"
}

func third(v string) string {
	switch v {
	case "be":
		return "is"
	case "have":
		return "has"
	case "do":
		return "does"
	case "go":
		return "goes"
	}
	n := len(v)
	switch {
	case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "x") || strings.HasSuffix(v, "z") ||
		strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "sh"):
		return v + "es"
	case v[n-1] == 'y' && n > 1 && !isVowel(v[n-2]):
		return v[:n-1] + "ies"
	}
	return v + "s"
}

// onFirst applies f to the first word of a phrase ("pick up" → "picked up").
func onFirst(f func(string) string, p string) string {
	if i := strings.IndexByte(p, ' '); i >= 0 {
		return f(p[:i]) + p[i:]
	}
	return f(p)
}

func pastPhrase(p string) string  { return onFirst(past, p) }
func ingPhrase(p string) string   { return onFirst(ing, p) }
func thirdPhrase(p string) string { return onFirst(third, p) }

// plural inflects the last word of a noun phrase ("teddy bear" → "teddy bears").
func plural(p string) string {
	if q, ok := irregularPlural[p]; ok {
		return q
	}
	if i := strings.LastIndexByte(p, ' '); i >= 0 {
		return p[:i+1] + plural(p[i+1:])
	}
	n := len(p)
	if n == 0 {
		return p
	}
	switch {
	case strings.HasSuffix(p, "s") || strings.HasSuffix(p, "x") || strings.HasSuffix(p, "z") ||
		strings.HasSuffix(p, "ch") || strings.HasSuffix(p, "sh"):
		return p + "es"
	case p[n-1] == 'y' && n > 1 && !isVowel(p[n-2]):
		return p[:n-1] + "ies"
	}
	return p + "s"
}

func syllables(w string) int {
	groups := 0
	for i := 0; i < len(w); i++ {
		if (isVowel(w[i]) || w[i] == 'y' && i > 0) && (i == 0 || !(isVowel(w[i-1]) || w[i-1] == 'y')) {
			groups++
		}
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && groups > 1 {
		groups--
	}
	return groups
}

// takesEr: one-syllable adjectives and two-syllable ones in -y, -ow, -le.
func takesEr(a string) bool {
	if strings.IndexByte(a, ' ') >= 0 || strings.HasSuffix(a, "ed") || strings.HasSuffix(a, "ful") || strings.HasSuffix(a, "ing") {
		return false
	}
	s := syllables(a)
	return s == 1 || s == 2 && (strings.HasSuffix(a, "y") || strings.HasSuffix(a, "ow") || strings.HasSuffix(a, "le") || a == "quiet" || a == "clever")
}

func erStem(a string) string {
	n := len(a)
	switch {
	case strings.HasSuffix(a, "e"):
		return a[:n-1]
	case a[n-1] == 'y' && n > 1 && !isVowel(a[n-2]):
		return a[:n-1] + "i"
	case doubles(a):
		return a + a[n-1:]
	}
	return a
}

func comparative(a string) string {
	if c, ok := irregularComp[a]; ok {
		return c[0]
	}
	if !takesEr(a) {
		return "more " + a
	}
	return erStem(a) + "er"
}

func superlative(a string) string {
	if c, ok := irregularComp[a]; ok {
		return c[1]
	}
	if !takesEr(a) {
		return "most " + a
	}
	return erStem(a) + "est"
}

func adverb(a string) string {
	if d, ok := irregularAdverb[a]; ok {
		return d
	}
	n := len(a)
	switch {
	case strings.HasSuffix(a, "ic"):
		return a + "ally"
	case strings.HasSuffix(a, "le") && n > 3 && !isVowel(a[n-3]):
		return a[:n-1] + "y"
	case strings.HasSuffix(a, "ll"):
		return a + "y"
	case a[n-1] == 'y' && n > 1 && !isVowel(a[n-2]):
		return a[:n-1] + "ily"
	}
	return a + "ly"
}
