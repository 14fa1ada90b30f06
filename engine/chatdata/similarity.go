package chatdata

import (
	"strings"
	"unicode"
)

// NearDupThreshold is the Similarity at or above which two texts count as
// near-duplicates.
const NearDupThreshold = 0.5

// ShingleSize is the length, in bytes, of the character n-grams
// Similarity compares.
const ShingleSize = 5

// Normalize lower-cases s, turns every run of characters that are not
// letters or digits into one space, and trims the ends: "What's up?!"
// becomes "what s up".
func Normalize(s string) string {
	var sb strings.Builder
	space := true // drop leading separators
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			sb.WriteRune(c)
			space = false
		} else if !space {
			sb.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(sb.String(), " ")
}

// Shingles returns the set of byte 5-grams of " " + Normalize(s) + " "
// (the padding lets the first and last word count), each packed into a
// uint64. A text whose padded form is shorter than 5 bytes yields the
// padded form itself as its one shingle.
func Shingles(s string) map[uint64]struct{} {
	p := " " + Normalize(s) + " "
	set := make(map[uint64]struct{}, len(p))
	if len(p) < ShingleSize {
		set[pack(p)|uint64(len(p))<<56] = struct{}{}
		return set
	}
	for i := 0; i+ShingleSize <= len(p); i++ {
		set[pack(p[i:i+ShingleSize])] = struct{}{}
	}
	return set
}

// pack puts up to 7 bytes into a uint64.
func pack(s string) uint64 {
	var x uint64
	for i := 0; i < len(s) && i < 7; i++ {
		x = x<<8 | uint64(s[i])
	}
	return x
}

// Similarity returns the Jaccard index |A∩B| / |A∪B| of the two texts'
// Shingles: 1 for texts equal after Normalize, 0 for texts sharing no
// 5-gram.
func Similarity(a, b string) float64 {
	sa, sb := Shingles(a), Shingles(b)
	inter := 0
	for k := range sa {
		if _, ok := sb[k]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(sa)+len(sb)-inter)
}

// NearDuplicate reports whether a and b are equal after Normalize or have
// Similarity ≥ NearDupThreshold.
func NearDuplicate(a, b string) bool {
	return Normalize(a) == Normalize(b) || Similarity(a, b) >= NearDupThreshold
}

// Index finds, among many texts, the one most similar to a query, fast:
// an inverted index from shingle to the texts holding it. Add texts, then
// call Nearest. Texts equal after Normalize are stored once.
type Index struct {
	texts    []string
	sizes    []int32
	postings map[uint64][]int32
	seen     map[string]bool
}

// NewIndex returns an empty Index.
func NewIndex() *Index {
	return &Index{postings: map[uint64][]int32{}, seen: map[string]bool{}}
}

// Add stores text unless an equal text (after Normalize) is stored.
func (ix *Index) Add(text string) {
	n := Normalize(text)
	if ix.seen[n] {
		return
	}
	ix.seen[n] = true
	id := int32(len(ix.texts))
	sh := Shingles(n)
	ix.texts = append(ix.texts, text)
	ix.sizes = append(ix.sizes, int32(len(sh)))
	for k := range sh {
		ix.postings[k] = append(ix.postings[k], id)
	}
}

// Len returns the number of distinct texts stored.
func (ix *Index) Len() int { return len(ix.texts) }

// Nearest returns the stored text most similar to query and its
// Similarity; ("", 0) when nothing shares a shingle with it.
func (ix *Index) Nearest(query string) (text string, sim float64) {
	q := Shingles(query)
	counts := map[int32]int32{}
	for k := range q {
		for _, id := range ix.postings[k] {
			counts[id]++
		}
	}
	best := int32(-1)
	for id, inter := range counts {
		s := float64(inter) / float64(int32(len(q))+ix.sizes[id]-inter)
		if s > sim || (s == sim && best >= 0 && id < best) {
			best, sim = id, s
		}
	}
	if best < 0 {
		return "", 0
	}
	return ix.texts[best], sim
}
