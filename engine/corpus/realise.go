package corpus

import "strings"

// Sentence realisation for speech and thought: the same line comes out
// with its tag after, before, or in the middle of the quote, with a verb
// that fits the punctuation and the mood, and now and then an adverb.

// Moods pick speech verbs and manners.
const (
	mPlain = iota
	mHappy
	mSad
	mScared
	mAngry
	mSoft  // whisper
	mReply // an answer
	mCall  // calling out
)

var (
	verbsAsk   = words(`asked, asked, asked, asked, wondered, said, asked`)
	verbsShout = words(`shouted, cried, yelled, called, exclaimed, said, shouted, cried`)
	verbsPlain = words(`said, said, said, said, said, explained, added, agreed, answered, said, said, promised`)
	verbsMood  = map[int][]string{
		mHappy:  words(`laughed, giggled, cheered, said, said, said happily, smiled, beamed`),
		mSad:    words(`cried, sobbed, sniffled, said sadly, said, whimpered, sighed`),
		mScared: words(`whispered, said, said, stammered, squeaked, said nervously`),
		mAngry:  words(`shouted, snapped, grumbled, huffed, said, said crossly, growled`),
		mSoft:   words(`whispered, whispered, said softly, said quietly, murmured`),
		mReply:  words(`replied, answered, said, said, replied, said`),
		mCall:   words(`called, shouted, called out, yelled, cried`),
	}
	mannerByMood = map[int][]string{
		mPlain:  words(`softly, quietly, gently, kindly, slowly, calmly, politely, with a nod, thoughtfully, firmly, warmly, with a smile`),
		mHappy:  words(`happily, cheerfully, brightly, with a smile, with a big smile, with a grin, with a giggle, excitedly, proudly, with a laugh`),
		mSad:    words(`sadly, in a small voice, with a sigh, with a sniff, quietly, softly`),
		mScared: words(`nervously, timidly, in a tiny voice, shyly, in a shaky voice`),
		mAngry:  words(`angrily, grumpily, crossly, with a frown, loudly, with a stomp`),
		mSoft:   words(`softly, gently, in a whisper`),
		mReply:  words(`softly, kindly, with a smile, with a nod, gently, happily`),
		mCall:   words(`loudly, happily, from far away, across the field`),
	}
)

// speak writes one line of dialogue by role r. quote is a template; a "~"
// in it marks where a middle tag may go ("Look~a bird!").
func (g *gen) speak(r int, mood int, quote string) {
	q := strings.TrimSpace(g.x(quote))
	if q == "" {
		return
	}
	mark := q[len(q)-1]
	c := g.cast[r]
	verb := g.speechVerb(mood, mark)
	usePronoun := g.focus == r && g.chance(0.45)
	who := c.ref()
	if usePronoun {
		who = pronouns[c.sex][0]
	}
	manner := ""
	simple := strings.IndexByte(verb, ' ') < 0
	// Manners go with plain verbs only: no "sighed with a sigh".
	plainVerb := verb == "said" || verb == "replied" || verb == "answered" || verb == "whispered" || verb == "called" || verb == "shouted"
	if plainVerb && mark != '?' && g.chance(0.22) {
		list := mannerByMood[mood]
		manner = " " + list[g.rng.Intn(len(list))]
	}
	before, after, hasSplit := strings.Cut(q, "~")
	full := before
	if hasSplit {
		full = before + ", " + after
	}
	form := g.rng.Intn(8)
	switch {
	case form < 4 || (form >= 6 && !hasSplit && sentenceSplit(full) < 0):
		// "Q," said Tom.  /  "Q," Tom said.  /  "Q," she said.
		tag := verb + " " + who
		if usePronoun || !simple || g.chance(0.3) {
			tag = who + " " + verb
		}
		g.put("\"" + capFirst(commaEnd(full)) + "\" " + tag + manner + ".")
	case form < 6:
		// Tom said, "Q."
		g.put(capFirst(who) + " " + verb + manner + ", \"" + capFirst(full) + "\"")
	default:
		tag := verb + " " + who
		if usePronoun || !simple {
			tag = who + " " + verb
		}
		if hasSplit {
			// "Look," said Tom, "a bird!"
			g.put("\"" + capFirst(before) + ",\" " + tag + manner + ", \"" + after + "\"")
		} else {
			// "Wow!" said Tom. "Look at that."
			i := sentenceSplit(full)
			if full[i] != mark {
				// The tag follows the first sentence: "Hello!" said Anna.
				verb = g.speechVerb(mood, full[i])
				if tag = verb + " " + who; usePronoun || strings.IndexByte(verb, ' ') >= 0 {
					tag = who + " " + verb
				}
			}
			g.put("\"" + capFirst(commaEnd(full[:i+1])) + "\" " + tag + manner + ". \"" + capFirst(strings.TrimSpace(full[i+1:])) + "\"")
		}
	}
	g.focus = r
}

// sentenceSplit returns the index of the end mark of the first sentence
// when the quote has more than one, else -1.
func sentenceSplit(q string) int {
	for i := 0; i+1 < len(q); i++ {
		if (q[i] == '.' || q[i] == '!' || q[i] == '?') && q[i+1] == ' ' {
			return i
		}
	}
	return -1
}

// commaEnd turns a final full stop into the comma that precedes a tag.
func commaEnd(q string) string {
	if strings.HasSuffix(q, ".") && !strings.HasSuffix(q, "..") {
		return q[:len(q)-1] + ","
	}
	return q
}

func (g *gen) speechVerb(mood int, mark byte) string {
	switch {
	case mark == '?' && mood == mSoft:
		return "whispered"
	case mark == '?':
		return g.pick(verbsAsk...)
	case mood != mPlain:
		v := verbsMood[mood]
		return v[g.rng.Intn(len(v))]
	case mark == '!':
		return g.pick(verbsShout...)
	}
	return g.pick(verbsPlain...)
}

// think writes an inner thought of role r.
func (g *gen) think(r int, quote string) {
	q := strings.ReplaceAll(strings.TrimSpace(g.x(quote)), "~", ",")
	c := g.cast[r]
	who := c.ref()
	if g.focus == r && g.chance(0.5) {
		who = pronouns[c.sex][0]
	}
	verb := "thought"
	if strings.HasSuffix(q, "?") {
		verb = g.pick("wondered", "thought")
	}
	switch g.rng.Intn(3) {
	case 0:
		g.put("\"" + capFirst(commaEnd(q)) + "\" " + who + " " + verb + ".")
	case 1:
		g.put(capFirst(who) + " " + verb + ", \"" + capFirst(q) + "\"")
	default:
		g.put(capFirst(who) + " " + g.pick("thought to", "said to", "whispered to") + " " + pronouns[c.sex][5] + ", \"" + capFirst(q) + "\"")
	}
	g.focus = r
}

// talk writes a short exchange: a question by a and an answer by b.
func (g *gen) talk(a int, qMood int, q string, b int, aMood int, ans string) {
	g.speak(a, qMood, q)
	g.speak(b, aMood, ans)
}
