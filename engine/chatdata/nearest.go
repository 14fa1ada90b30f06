package chatdata

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// Match is a query's nearest generator text (see NearestPrompts).
type Match struct {
	Query   string
	Nearest string  // the most similar user text found
	Sim     float64 // Similarity(Query, Nearest)
}

// NearestPrompts finds, for each query, the user text of the generator
// most similar to it (Similarity), to prove an evaluation set held out:
//
//   - every text of the fixed patterns (EnumeratePrompts) is compared,
//     so for them the answer is exact;
//   - story requests are composed from parts (storyFrames: ~10¹³ texts),
//     too many to walk, so they are searched: 100 000 random requests,
//     then, for every query and frame, coordinate ascent (each part in
//     turn takes the value that raises the similarity most, until no part
//     changes) from the best random request and from the parts that share
//     the most 5-grams with the query. The answer is a lower bound on the
//     true maximum, in practice the maximum: Jaccard similarity of a
//     concatenation moves part by part.
//
// Typos that Generate adds to 8 % of user texts are not covered (they
// remove 5-grams far more often than they add one); the held-out test
// also compares a sample of generated conversations, typos included.
func NearestPrompts(queries []string) []Match {
	qs := make([]qset, len(queries))
	out := make([]Match, len(queries))
	post := map[uint64][]int32{} // shingle → queries holding it
	for i, q := range queries {
		qs[i] = newQset(q)
		out[i].Query = q
		for k := range qs[i].set {
			post[k] = append(post[k], int32(i))
		}
	}
	counts := make([]int32, len(queries))
	var buf []uint64
	consider := func(text string) {
		buf = shingleList(buf[:0], text)
		var touched []int32
		for _, k := range buf {
			for _, id := range post[k] {
				if counts[id] == 0 {
					touched = append(touched, id)
				}
				counts[id]++
			}
		}
		for _, id := range touched {
			inter := float64(counts[id])
			s := inter / (float64(qs[id].n+len(buf)) - inter)
			if s > out[id].Sim {
				out[id].Sim, out[id].Nearest = s, text
			}
			counts[id] = 0
		}
	}
	EnumeratePrompts(func(_ string, _ int, p string) { consider(p) })

	// Random story requests; remember the best one's parts per query.
	frames := make([][]segment, len(storyFrames))
	for i, f := range storyFrames {
		frames[i] = parse(f)
	}
	type start struct {
		frame int
		b     bindings
		sim   float64
	}
	best := make([]start, len(queries))
	r := rand.New(rand.NewPCG(17, 29))
	for range 100000 {
		fi := r.IntN(len(frames))
		b := bindings{}
		text := fixArticles(expand(r, storyFrames[fi], b))
		before := make([]float64, len(queries))
		for i := range out {
			before[i] = out[i].Sim
		}
		consider(text)
		for i := range out {
			if out[i].Sim > before[i] && out[i].Sim > best[i].sim {
				best[i] = start{fi, b, out[i].Sim}
			}
		}
	}
	for i := range queries {
		q := &qs[i]
		try := func(fi int, b bindings) {
			text, s := q.ascend(frames[fi], b)
			if s > out[i].Sim {
				out[i].Sim, out[i].Nearest = s, text
			}
		}
		if best[i].b != nil {
			try(best[i].frame, best[i].b)
		}
		for fi := range frames {
			try(fi, q.greedy(frames[fi]))
		}
	}
	return out
}

// qset is a query's shingle set.
type qset struct {
	set map[uint64]struct{}
	n   int
}

func newQset(s string) qset {
	set := Shingles(s)
	return qset{set, len(set)}
}

// sim is Similarity(text, query), without building a map for text.
func (q *qset) sim(text string, buf []uint64) (float64, []uint64) {
	buf = shingleList(buf[:0], text)
	inter := 0
	for _, k := range buf {
		if _, ok := q.set[k]; ok {
			inter++
		}
	}
	return float64(inter) / float64(q.n+len(buf)-inter), buf
}

// shingleList appends the distinct Shingles of text to buf (the same
// set, without building a map: the search calls it millions of times).
func shingleList(buf []uint64, text string) []uint64 {
	var nb [256]byte
	p := append(nb[:0], ' ')
	space := true
	for _, c := range text {
		if c >= 0x80 {
			return appendMap(buf, text) // rare: let Shingles handle Unicode
		}
		b := byte(c)
		if b >= 'A' && b <= 'Z' {
			b += 'a' - 'A'
		}
		if b >= 'a' && b <= 'z' || b >= '0' && b <= '9' {
			p = append(p, b)
			space = false
		} else if !space {
			p = append(p, ' ')
			space = true
		}
	}
	if !space {
		p = append(p, ' ')
	}
	if len(p) < ShingleSize {
		return appendMap(buf, text)
	}
	start := len(buf)
	for i := 0; i+ShingleSize <= len(p); i++ {
		buf = append(buf, uint64(p[i])<<32|uint64(p[i+1])<<24|uint64(p[i+2])<<16|uint64(p[i+3])<<8|uint64(p[i+4]))
	}
	s := buf[start:]
	slices.Sort(s)
	return append(buf[:start], slices.Compact(s)...)
}

func appendMap(buf []uint64, text string) []uint64 {
	for k := range Shingles(text) {
		buf = append(buf, k)
	}
	return buf
}

// render fills a flat frame (literals and slots only) from b.
func render(segs []segment, b bindings) string {
	var sb strings.Builder
	for _, s := range segs {
		if s.slot != "" {
			sb.WriteString(b[s.slot])
		} else {
			sb.WriteString(s.lit)
		}
	}
	return fixArticles(sb.String())
}

// slotsOf lists a flat frame's distinct slots in order.
func slotsOf(segs []segment) []string {
	var out []string
	for _, s := range segs {
		if s.alts != nil {
			panic("chatdata: story frames must hold only literals and slots")
		}
		if s.slot != "" && !slices.Contains(out, s.slot) {
			out = append(out, s.slot)
		}
	}
	return out
}

// greedy binds every slot of the frame to the value sharing the most
// shingles with the query.
func (q *qset) greedy(segs []segment) bindings {
	b := bindings{}
	for _, slot := range slotsOf(segs) {
		name := listName(slot)
		bestN := -1
		for _, v := range lists[name] {
			if b.taken(name, slot, v) {
				continue
			}
			n := 0
			for k := range Shingles(v) {
				if _, ok := q.set[k]; ok {
					n++
				}
			}
			if n > bestN {
				bestN, b[slot] = n, v
			}
		}
	}
	return b
}

// ascend improves b one slot at a time until no single change raises the
// similarity, and returns the text and its similarity.
func (q *qset) ascend(segs []segment, b0 bindings) (string, float64) {
	b := bindings{}
	for k, v := range b0 {
		b[k] = v
	}
	slots := slotsOf(segs)
	var buf []uint64
	cur, buf := q.sim(render(segs, b), buf)
	for pass := 0; pass < 6; pass++ {
		improved := false
		for _, slot := range slots {
			name := listName(slot)
			keep := b[slot]
			for _, v := range lists[name] {
				if v == keep || b.taken(name, slot, v) {
					continue
				}
				b[slot] = v
				var s float64
				if s, buf = q.sim(render(segs, b), buf); s > cur {
					cur, keep, improved = s, v, true
				}
			}
			b[slot] = keep
		}
		if !improved {
			break
		}
	}
	return render(segs, b), cur
}
