package chatdata

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Example is one training conversation.
type Example struct {
	// Kind is one of ChatKinds or KindFacts: the kind of the last exchange.
	Kind string `json:"kind"`
	// NeedsFacts is 1 when the last user turn needs world knowledge (and
	// the last assistant turn is AbstainTemplate), 0 otherwise. It is the
	// abstain head's BCE target.
	NeedsFacts int `json:"needs_facts"`
	// Turns alternate user, assistant, …, ending with an assistant turn.
	Turns []Turn `json:"turns"`
}

// Render returns the example's bytes in the chat template and the mask of
// assistant bytes (see the package-level Render).
func (e Example) Render() (text, mask []byte, err error) { return Render(e.Turns) }

// Prompt returns the bytes before the last assistant reply, ending with
// AssistantTag: what the model sees when it decides whether to abstain,
// and what the abstain head averages its hidden states over.
func (e Example) Prompt() []byte {
	if len(e.Turns) == 0 {
		return nil
	}
	p, err := Prompt(e.Turns[:len(e.Turns)-1])
	if err != nil {
		panic("chatdata: Example.Prompt: " + err.Error())
	}
	return p
}

// LastUser returns the text of the last user turn ("" when none).
func (e Example) LastUser() string {
	for i := len(e.Turns) - 1; i >= 0; i-- {
		if e.Turns[i].Role == RoleUser {
			return e.Turns[i].Text
		}
	}
	return ""
}

// Generate returns n conversations, the same for the same (n, seed,
// abstainFrac): GenerateWith with the default Options (stories told by
// LocalStory).
//
// It panics (message starting "chatdata.Generate:") when n < 0 or
// abstainFrac lies outside [0, 1].
func Generate(n int, seed int64, abstainFrac float64) []Example {
	return GenerateWith(n, seed, abstainFrac, Options{})
}

// GenerateWith returns n conversations, the same for the same (n, seed,
// abstainFrac, opts.Story). round(n·abstainFrac) of them, at shuffled
// positions, end with a needs-facts question answered with
// AbstainTemplate (NeedsFacts = 1); the rest end with an in-capability
// exchange drawn from ChatKinds (stories about 30 %, each other kind
// 12–15 %). About 30 % of all conversations open with one extra chat
// exchange (a greeting, identity, feelings or small-talk turn pair)
// before the last one.
//
// Story requests are composed from parts (requests.go) and answered with
// StoryReply(opts): a story about the requested kind, name and
// thing, capitalised as the pretraining stories are. User text is varied
// the way people type (augment): case, final punctuation, and sometimes
// a typo. Other assistant text is lower-case.
//
// It panics (message starting "chatdata.Generate:") when n < 0 or
// abstainFrac lies outside [0, 1].
func GenerateWith(n int, seed int64, abstainFrac float64, opts Options) []Example {
	if n < 0 {
		panic(fmt.Sprintf("chatdata.Generate: n = %d < 0", n))
	}
	if !(abstainFrac >= 0 && abstainFrac <= 1) {
		panic(fmt.Sprintf("chatdata.Generate: abstainFrac = %v outside [0, 1]", abstainFrac))
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x747269676f)) // "trigo"
	facts := make([]bool, n)
	k := int(math.Round(float64(n) * abstainFrac))
	for i := range k {
		facts[i] = true
	}
	r.Shuffle(n, func(i, j int) { facts[i], facts[j] = facts[j], facts[i] })

	out := make([]Example, n)
	for i := range out {
		var turns []Turn
		var pre *intent
		if r.Float64() < 0.3 {
			pre = pick(r, prefaceIntents)
			turns = append(turns, exchange(r, opts, pre)...)
		}
		var it *intent
		if facts[i] {
			it = pick(r, factsIntents)
		} else {
			kind := ChatKinds[weighted(r, chatWeights)]
			it = pick(r, byKind[kind])
			for try := 0; it == pre && try < 3; try++ { // the same question twice reads oddly
				it = pick(r, byKind[kind])
			}
		}
		turns = append(turns, exchange(r, opts, it)...)
		ex := Example{Kind: it.kind, Turns: turns}
		if facts[i] {
			ex.NeedsFacts = 1
		}
		out[i] = ex
	}
	return out
}

// exchange draws one user turn of the intent and its answer.
func exchange(r *rand.Rand, opts Options, it *intent) []Turn {
	b := bindings{}
	user := fixArticles(expand(r, it.users[r.IntN(len(it.users))], b))
	var answer string
	var keep []string // words a typo must not touch
	if it.kind == KindStory {
		s := requestSubject(b)
		answer = StoryReply(r, opts, s)
		keep = []string{s.Kind, strings.ToLower(s.Name), s.ThingWord()}
	} else {
		answer = fixArticles(it.reply(r, b))
	}
	return []Turn{
		{Role: RoleUser, Text: augment(r, user, keep)},
		{Role: RoleAssistant, Text: answer},
	}
}

// fixArticles turns "a" before a vowel into "an": "a owl" → "an owl".
func fixArticles(s string) string {
	w := strings.Split(s, " ")
	for i := 0; i+1 < len(w); i++ {
		if (w[i] == "a" || w[i] == "A") && w[i+1] != "" && strings.ContainsRune("aeiouAEIOU", rune(w[i+1][0])) {
			w[i] += "n"
		}
	}
	return strings.Join(w, " ")
}

// augment varies a user text the way people type: about half the time as
// written (lower-case), otherwise with a capital first letter and "I", or
// (rarely) all capitals; sometimes without its final punctuation, with
// "!!"/"??", or with one typo (a swapped, dropped or doubled letter) in a
// word of five or more letters that is not in keep.
func augment(r *rand.Rand, s string, keep []string) string {
	switch u := r.Float64(); {
	case u < 0.42:
		s = strings.ToUpper(s[:1]) + s[1:]
		s = strings.ReplaceAll(" "+s, " i ", " I ")
		s = strings.ReplaceAll(s, " i'm ", " I'm ")[1:]
		if strings.HasPrefix(s, "i ") || strings.HasPrefix(s, "i'm") {
			s = "I" + s[1:]
		}
	case u < 0.45:
		s = strings.ToUpper(s)
	}
	switch u := r.Float64(); {
	case u < 0.15:
		s = strings.TrimRight(s, "?!.")
	case u < 0.18 && strings.HasSuffix(s, "?"):
		s += "??"
	case u < 0.20 && strings.HasSuffix(s, "!"):
		s += "!!"
	}
	if r.Float64() < typoRate {
		s = typo(r, s, keep)
	}
	return s
}

// typoRate is the share of user texts given a typo (a variable so that a
// test can compare user texts with the enumerated ones).
var typoRate = 0.08

// typo makes one typing mistake in a random word of five or more letters
// that is not in keep (so the subject of a request stays readable).
func typo(r *rand.Rand, s string, keep []string) string {
	ws := strings.Split(s, " ")
	var cand []int
	for i, w := range ws {
		if len(w) < 5 || strings.IndexFunc(w, func(c rune) bool { return !(c >= 'a' && c <= 'z') }) >= 0 {
			continue
		}
		kept := false
		for _, k := range keep {
			kept = kept || (k != "" && strings.HasPrefix(w, k))
		}
		if !kept {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return s
	}
	i := cand[r.IntN(len(cand))]
	w := []byte(ws[i])
	j := 1 + r.IntN(len(w)-2)
	switch r.IntN(3) {
	case 0:
		w[j], w[j+1] = w[j+1], w[j]
	case 1:
		w = append(w[:j], w[j+1:]...)
	default:
		w = append(append(append([]byte{}, w[:j+1]...), w[j]), w[j+1:]...)
	}
	ws[i] = string(w)
	return strings.Join(ws, " ")
}

// pick returns a random element of its.
func pick(r *rand.Rand, its []intent) *intent { return &its[r.IntN(len(its))] }

// weighted returns index i with probability w[i] / Σw.
func weighted(r *rand.Rand, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	u := r.Float64() * sum
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

// byKind groups chatIntents by kind; prefaceIntents are the ones that
// may open a two-exchange conversation.
var byKind, prefaceIntents = groupIntents()

func groupIntents() (map[string][]intent, []intent) {
	m := map[string][]intent{}
	var pre []intent
	for _, it := range chatIntents {
		m[it.kind] = append(m[it.kind], it)
		switch it.kind {
		case KindGreeting, KindIdentity, KindFeelings, KindSmallTalk:
			if !it.closing {
				pre = append(pre, it)
			}
		}
	}
	return m, pre
}

// EnumeratePrompts calls fn once for every user text of the generator's
// fixed patterns, as written (lower-case, with punctuation): every
// intent's every pattern with every combination of alternatives and slot
// values — a few hundred thousand texts. Story requests are left out:
// they are composed from parts (storyFrames) into ~10¹³ texts, which
// NearestPrompts searches instead. Generate changes the case of these
// texts, may drop or double the final punctuation (all of which Normalize
// removes) and adds a typo to a few.
func EnumeratePrompts(fn func(kind string, needsFacts int, prompt string)) {
	for _, it := range chatIntents {
		if it.composed {
			continue
		}
		for _, u := range it.users {
			expandAll(u, func(s string) { fn(it.kind, 0, fixArticles(s)) })
		}
	}
	for _, it := range factsIntents {
		for _, u := range it.users {
			expandAll(u, func(s string) { fn(it.kind, 1, fixArticles(s)) })
		}
	}
}
