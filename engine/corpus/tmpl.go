package corpus

import (
	"strings"
	"sync"
)

// Templates are the compact way the narrative moves are written:
//
//	[a|b|c]    one alternative, chosen uniformly (alternatives nest)
//	[?text]    text or nothing, even odds
//	{H}        a character slot: H hero, F friend, P parent/helper,
//	           S sibling, C creature; {H.his}, {F.He}, {P.was}, ...
//	           {he} {He} {him} {his} {His} {was} are the hero's
//	{$var}     a story variable set by the plot (the lost thing, the place)
//	{class}    a random word of a lexicon class; {toy.pl}, {adj.ly}, ...
//
// Writing "a" before a vowel is fine: the finishing pass turns it into
// "an". A template compiles once and is cached, so the hot path only walks
// a small tree.

type nodeKind uint8

const (
	nLit nodeKind = iota
	nSeq
	nAlt
	nOpt
	nSlot
)

type node struct {
	kind nodeKind
	lit  string
	kids []*node
	slot func(g *gen) string
}

var tmplCache sync.Map // string → *node

func compiled(src string) *node {
	if n, ok := tmplCache.Load(src); ok {
		return n.(*node)
	}
	p := parser{src: src}
	n := p.seq(false)
	if p.pos != len(src) {
		panic("corpus: template has an unmatched ']' or '|' at " + src[p.pos:])
	}
	tmplCache.Store(src, n)
	return n
}

type parser struct {
	src string
	pos int
}

// seq parses until end, or until '|' or ']' when inside brackets.
func (p *parser) seq(inside bool) *node {
	out := &node{kind: nSeq}
	start := p.pos
	flush := func() {
		if p.pos > start {
			out.kids = append(out.kids, &node{kind: nLit, lit: p.src[start:p.pos]})
		}
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case inside && (c == '|' || c == ']'):
			flush()
			return out
		case c == '[':
			flush()
			p.pos++
			if p.pos < len(p.src) && p.src[p.pos] == '?' {
				p.pos++
				body := p.seq(true)
				p.expect(']')
				out.kids = append(out.kids, &node{kind: nOpt, kids: []*node{body}})
			} else {
				alt := &node{kind: nAlt}
				for {
					alt.kids = append(alt.kids, p.seq(true))
					if p.pos >= len(p.src) {
						panic("corpus: unclosed '[' in template " + p.src)
					}
					if p.src[p.pos] == ']' {
						p.pos++
						break
					}
					p.pos++ // '|'
				}
				out.kids = append(out.kids, alt)
			}
			start = p.pos
		case c == '{':
			flush()
			end := strings.IndexByte(p.src[p.pos:], '}')
			if end < 0 {
				panic("corpus: unclosed '{' in template " + p.src)
			}
			name := p.src[p.pos+1 : p.pos+end]
			out.kids = append(out.kids, &node{kind: nSlot, lit: name, slot: slotFunc(name)})
			p.pos += end + 1
			start = p.pos
		default:
			p.pos++
		}
	}
	if inside {
		panic("corpus: unclosed '[' in template " + p.src)
	}
	flush()
	return out
}

func (p *parser) expect(c byte) {
	if p.pos >= len(p.src) || p.src[p.pos] != c {
		panic("corpus: expected '" + string(c) + "' in template " + p.src)
	}
	p.pos++
}

func (g *gen) expand(n *node, buf []byte) []byte {
	switch n.kind {
	case nLit:
		return append(buf, n.lit...)
	case nSeq:
		for _, k := range n.kids {
			buf = g.expand(k, buf)
		}
	case nAlt:
		buf = g.expand(n.kids[g.rng.Intn(len(n.kids))], buf)
	case nOpt:
		if g.rng.Uint64()&1 == 0 {
			buf = g.expand(n.kids[0], buf)
		}
	case nSlot:
		buf = append(buf, n.slot(g)...)
	}
	return buf
}

// x expands one template to a string.
func (g *gen) x(src string) string {
	g.tmp = g.expand(compiled(src), g.tmp[:0])
	return string(g.tmp)
}

// slotFunc resolves a slot name once, at compile time.
func slotFunc(name string) func(g *gen) string {
	base, mod, _ := strings.Cut(name, ".")
	switch base {
	case "he", "He", "him", "his", "His", "was", "self", "is", "has", "He's":
		return charSlot(roleH, base)
	}
	if len(base) == 1 && strings.Contains(roleLetters, base) {
		r := strings.IndexByte(roleLetters, base[0])
		if mod == "" {
			mod = "ref"
		}
		attr, m, ok := strings.Cut(mod, ".")
		f := charSlot(r, attr)
		if !ok {
			return f
		}
		mf := morphFunc(m, name)
		return func(g *gen) string { return mf(f(g)) }
	}
	if m, ok := macros[base]; ok && mod == "" {
		return func(g *gen) string { return string(g.expand(compiled(m), nil)) }
	}
	if strings.HasPrefix(base, "$") {
		v := base[1:]
		if mod == "" {
			return func(g *gen) string { return g.vars[v] }
		}
		m := morphFunc(mod, name)
		return func(g *gen) string { return m(g.vars[v]) }
	}
	list, ok := lexicon[base]
	if !ok {
		panic("corpus: unknown template slot {" + name + "}")
	}
	if mod == "" {
		return func(g *gen) string { return g.pickSkew(list) }
	}
	m := morphFunc(mod, name)
	return func(g *gen) string { return m(g.pickSkew(list)) }
}

func morphFunc(mod, name string) func(string) string {
	switch mod {
	case "pl":
		return plural
	case "past":
		return pastPhrase
	case "ing":
		return ingPhrase
	case "s":
		return thirdPhrase
	case "er":
		return comparative
	case "est":
		return superlative
	case "ly":
		return adverb
	case "cap":
		return capFirst
	}
	panic("corpus: unknown modifier in slot {" + name + "}")
}

// ---- writing a story ----

// say expands a template into a sentence (or a few) of the current
// paragraph.
func (g *gen) say(src string) {
	g.put(g.x(src))
	// Narration may have moved attention to anyone; only speech, thought
	// and feelings set who a following "she said" refers to.
	g.focus = -1
}

// put appends finished sentence text to the current paragraph.
func (g *gen) put(s string) {
	if s == "" {
		return
	}
	if len(g.out) > 0 && g.out[len(g.out)-1] != '\n' {
		g.out = append(g.out, ' ')
	}
	g.out = append(g.out, capFirst(s)...)
}

// para ends the current paragraph.
func (g *gen) para() {
	if len(g.out) > 0 && g.out[len(g.out)-1] != '\n' {
		g.out = append(g.out, '\n')
	}
}

// finish fixes what templates leave to a last pass: "a" before a vowel
// sound, capitals at sentence starts, and stray spaces.
func finish(b []byte) []byte {
	out := make([]byte, 0, len(b)+16)
	capNext := true
	inQuote := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == ' ' && (len(out) == 0 || out[len(out)-1] == ' ' || out[len(out)-1] == '\n') {
			continue
		}
		if c == ' ' && i+1 < len(b) && (b[i+1] == ',' || b[i+1] == '.' || b[i+1] == '\n') {
			continue
		}
		switch {
		case c == '\n':
			capNext = true
			inQuote = false
		case c == '"':
			if !inQuote {
				// An opening quote starts a spoken sentence, unless it
				// continues one after a middle tag ("Look," said Tom, "a...").
				if len(out) < 2 || out[len(out)-2] != ',' {
					capNext = true
				}
			}
			inQuote = !inQuote
		case isLetter(c):
			if capNext && c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			capNext = false
			// a → an before a vowel sound.
			if (c == 'a' || c == 'A') && i+2 < len(b) && b[i+1] == ' ' && (len(out) == 0 || !isLetter(out[len(out)-1])) && vowelSound(b[i+2:]) {
				out = append(out, c, 'n')
				continue
			}
		case c >= '0' && c <= '9':
			capNext = false
		case c == '.' || c == '!' || c == '?':
			// A new sentence starts after the mark, except right after a
			// closing quote, where a speech tag ("said Tom") usually follows.
			if i+1 < len(b) && b[i+1] == '"' && inQuote {
				capNext = false
			} else {
				capNext = true
			}
		}
		out = append(out, c)
	}
	return out
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// vowelSound reports whether the word at the start of w takes "an".
func vowelSound(w []byte) bool {
	end := 0
	for end < len(w) && isLetter(w[end]) {
		end++
	}
	word := strings.ToLower(string(w[:end]))
	if word == "" {
		return false
	}
	for _, p := range []string{"hour", "honest", "honor"} {
		if strings.HasPrefix(word, p) {
			return true
		}
	}
	if !strings.ContainsRune("aeiou", rune(word[0])) {
		return false
	}
	for _, p := range []string{"uni", "use", "usu", "uke", "one", "once", "eu", "ewe"} {
		if strings.HasPrefix(word, p) {
			return false
		}
	}
	return true
}

func capFirst(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return s[:i] + string(s[i]-('a'-'A')) + s[i+1:]
		}
		if isLetter(s[i]) {
			return s
		}
	}
	return s
}
