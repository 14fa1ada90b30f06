package chatdata

import (
	"fmt"
	"strings"
)

// Judge scores one reply of the chat-quality set (prompts/chat_quality.jsonl):
// did the model answer in kind? It is a cheap surface check, the same for
// every model, not a reading of the reply:
//
//   - "story": at least MinStoryBytes, not the abstain template, mentions
//     every term of subject (see below), and reads as a story: a
//     past-tense narrative marker ("once upon a time", "was", "found",
//     "said", …) or at least three sentences.
//   - "greeting": not the abstain template, not a story, and holds a
//     greeting word (hello, hi, hey, good morning, bye, thank, welcome, …).
//   - "identity": not the abstain template, not a story, and says what it
//     is or can do: model, byte(s), parameters, computer, program, or
//     "i can" with chat/story/stories.
//   - "smalltalk" (and "feelings"): not the abstain template, at least two
//     words, at most 200 bytes, not a story.
//   - "facts": the abstain template (IsAbstain).
//
// subject lists the words a story must mention, separated by commas;
// "|" separates accepted alternatives: "fox,Rusty" needs both,
// "bunny|rabbit" either. Matching is Mentions: whole words, any case,
// plurals accepted. why says what failed ("" when ok).
func Judge(kind, subject, reply string) (ok bool, why string) {
	reply = strings.TrimSpace(reply)
	if kind == KindFacts {
		if IsAbstain(reply) {
			return true, ""
		}
		return false, "not the abstain template"
	}
	if IsAbstain(reply) {
		return false, "abstain template"
	}
	words := replyWords(reply)
	switch kind {
	case KindStory:
		if len(reply) < MinStoryBytes {
			return false, fmt.Sprintf("%d bytes, a story needs %d", len(reply), MinStoryBytes)
		}
		for _, term := range strings.Split(subject, ",") {
			term = strings.TrimSpace(term)
			if term == "" {
				continue
			}
			found := false
			for _, alt := range strings.Split(term, "|") {
				found = found || Mentions(reply, strings.TrimSpace(alt))
			}
			if !found {
				return false, fmt.Sprintf("does not mention %q", term)
			}
		}
		if !readsAsStory(reply, words) {
			return false, "no narrative marker and fewer than three sentences"
		}
		return true, ""
	case KindGreeting:
		if isStoryLike(reply, words) {
			return false, "a story, not a greeting"
		}
		if !hasAny(words, greetingWords) && !strings.Contains(strings.ToLower(reply), "good morning") {
			return false, "no greeting word"
		}
		return true, ""
	case KindIdentity:
		if isStoryLike(reply, words) {
			return false, "a story, not an answer about itself"
		}
		if hasAny(words, identityWords) || (strings.Contains(strings.ToLower(reply), "i can") && hasAny(words, []string{"chat", "story", "stories"})) {
			return true, ""
		}
		return false, "says nothing about being a model"
	case KindSmallTalk, KindFeelings:
		if len(words) < 2 {
			return false, "fewer than two words"
		}
		if len(reply) > 200 || isStoryLike(reply, words) {
			return false, "too long for small talk"
		}
		return true, ""
	}
	return false, fmt.Sprintf("unknown kind %q", kind)
}

var (
	greetingWords = []string{"hello", "hi", "hey", "hiya", "howdy", "morning", "evening", "afternoon",
		"night", "welcome", "bye", "goodbye", "meet", "thank", "thanks", "glad"}
	identityWords = []string{"model", "byte", "bytes", "parameters", "computer",
		"program", "ai", "robot", "machine"}
	narrativeWords = []string{"once", "was", "were", "had", "lived", "found", "went", "said",
		"asked", "saw", "looked", "wanted", "played", "smiled", "decided", "came"}
)

// replyWords splits a reply into lower-case words of letters, digits
// and "'".
func replyWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '\'')
	})
}

func hasAny(words, set []string) bool {
	for _, w := range words {
		for _, s := range set {
			if w == s {
				return true
			}
		}
	}
	return false
}

// readsAsStory: a narrative marker or at least three sentences.
func readsAsStory(reply string, words []string) bool {
	return hasAny(words, narrativeWords) || sentenceCount(reply) >= 3
}

// isStoryLike: what a greeting or small-talk reply must not be.
func isStoryLike(reply string, words []string) bool {
	return len(reply) >= MinStoryBytes && readsAsStory(reply, words) ||
		strings.Contains(strings.ToLower(reply), "once upon a time")
}

func sentenceCount(s string) int {
	n := 0
	for _, f := range strings.FieldsFunc(s, func(c rune) bool { return c == '.' || c == '!' || c == '?' }) {
		if len(replyWords(f)) >= 2 {
			n++
		}
	}
	return n
}

// Mentions reports whether text holds word as a whole word, in any case,
// or a plural or singular form of it ("fox"/"foxes", "bunny"/"bunnies",
// "mouse"/"mice"), or, for a word of several words, the phrase.
func Mentions(text, word string) bool {
	word = strings.ToLower(strings.TrimSpace(word))
	if word == "" {
		return true
	}
	ws := replyWords(text)
	if strings.Contains(word, " ") {
		return strings.Contains(" "+strings.Join(ws, " ")+" ", " "+strings.Join(replyWords(word), " ")+" ")
	}
	forms := map[string]bool{word: true, word + "s": true, word + "es": true, word + "'s": true}
	if strings.HasSuffix(word, "y") {
		forms[word[:len(word)-1]+"ies"] = true
	}
	if one, ok := nounOne[word]; ok {
		forms[one] = true
		for _, k := range storyKinds {
			if k.one == one {
				forms[k.many] = true
			}
		}
	}
	for _, w := range ws {
		if forms[w] || forms[strings.TrimSuffix(w, "'s")] {
			return true
		}
	}
	return false
}
