package chatdata

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
)

// A pattern is text with two kinds of holes, expanded at random by
// expand or exhaustively by expandAll:
//
//	[a|b|c]  one of the alternatives (which may hold slots, not brackets);
//	         an empty alternative, as in "[|please ]", means "nothing"
//	{name}   a value from the word list lists[name]; digits at the end of
//	         the name select the same list ({city2} draws from "city"),
//	         and the same name always gets the same value within one
//	         conversation (see bindings)
//
// Patterns are checked once at start-up (see checkPatterns in vocab.go).

// bindings holds the slot values chosen so far in one conversation, so an
// answer can mention the animal its question asked about.
type bindings map[string]string

// listName strips trailing digits: "city2" → "city".
func listName(slot string) string {
	return strings.TrimRightFunc(slot, unicode.IsDigit)
}

// segment is one piece of a parsed pattern.
type segment struct {
	lit  string   // literal text
	slot string   // slot name, when non-empty
	alts []string // alternatives, when non-nil (each itself a pattern)
}

// parse splits a pattern into segments; it panics on unbalanced brackets,
// which the start-up check turns into a test failure.
func parse(p string) []segment {
	var segs []segment
	for p != "" {
		switch p[0] {
		case '[':
			end := strings.IndexByte(p, ']')
			if end < 0 {
				panic(fmt.Sprintf("chatdata: unclosed [ in pattern %q", p))
			}
			body := p[1:end]
			if strings.ContainsAny(body, "[") {
				panic(fmt.Sprintf("chatdata: nested [ in pattern %q", p))
			}
			segs = append(segs, segment{alts: strings.Split(body, "|")})
			p = p[end+1:]
		case '{':
			end := strings.IndexByte(p, '}')
			if end < 0 {
				panic(fmt.Sprintf("chatdata: unclosed { in pattern %q", p))
			}
			segs = append(segs, segment{slot: p[1:end]})
			p = p[end+1:]
		default:
			end := strings.IndexAny(p, "[{")
			if end < 0 {
				end = len(p)
			}
			if strings.ContainsAny(p[:end], "]}") {
				panic(fmt.Sprintf("chatdata: stray ] or } in pattern %q", p))
			}
			segs = append(segs, segment{lit: p[:end]})
			p = p[end:]
		}
	}
	return segs
}

// expand fills a pattern at random, reusing and extending b.
func expand(r *rand.Rand, p string, b bindings) string {
	var sb strings.Builder
	for _, s := range parse(p) {
		switch {
		case s.alts != nil:
			sb.WriteString(expand(r, s.alts[r.IntN(len(s.alts))], b))
		case s.slot != "":
			sb.WriteString(b.get(r, s.slot))
		default:
			sb.WriteString(s.lit)
		}
	}
	return sb.String()
}

// get returns the slot's value, drawing one (distinct from the values of
// the other slots on the same list) when it is not bound yet.
func (b bindings) get(r *rand.Rand, slot string) string {
	if v, ok := b[slot]; ok {
		return v
	}
	name := listName(slot)
	words, ok := lists[name]
	if !ok {
		panic(fmt.Sprintf("chatdata: no word list %q for slot {%s}", name, slot))
	}
	v := words[r.IntN(len(words))]
	for tries := 0; tries < 20 && b.taken(name, slot, v); tries++ {
		v = words[r.IntN(len(words))]
	}
	b[slot] = v
	return v
}

// taken reports whether another slot on list name already holds v.
func (b bindings) taken(name, slot, v string) bool {
	for k, w := range b {
		if k != slot && listName(k) == name && w == v {
			return true
		}
	}
	return false
}

// expandAll calls fn with every string the pattern can produce (slots
// bound consistently, as expand binds them). The count is the product of
// the alternative and list sizes; keep patterns small enough to walk.
func expandAll(p string, fn func(string)) {
	walk(parse(p), bindings{}, "", fn)
}

func walk(segs []segment, b bindings, prefix string, fn func(string)) {
	if len(segs) == 0 {
		fn(prefix)
		return
	}
	s, rest := segs[0], segs[1:]
	switch {
	case s.alts != nil:
		for _, a := range s.alts {
			walk(append(parse(a), rest...), b, prefix, fn)
		}
	case s.slot != "":
		if v, ok := b[s.slot]; ok {
			walk(rest, b, prefix+v, fn)
			return
		}
		name := listName(s.slot)
		for _, v := range lists[name] {
			if b.taken(name, s.slot, v) {
				continue
			}
			b[s.slot] = v
			walk(rest, b, prefix+v, fn)
			delete(b, s.slot)
		}
	default:
		walk(rest, b, prefix+s.lit, fn)
	}
}

// count returns how many strings expandAll would produce, counting each
// slot as its list size (an upper bound when a slot repeats a list).
func count(p string) int {
	n := 1
	seen := map[string]bool{}
	for _, s := range parse(p) {
		switch {
		case s.alts != nil:
			k := 0
			for _, a := range s.alts {
				k += count(a)
			}
			n *= k
		case s.slot != "" && !seen[s.slot]:
			seen[s.slot] = true
			n *= len(lists[listName(s.slot)])
		}
	}
	return n
}
