package experiment

// The degeneration measure of N4: does a greedy reply collapse into
// repetition? A byte model that has lost its footing on out-of-domain
// input tends to loop ("the the the", "))))", a clause over and over), so
// the measure asks how much of the reply is made of repeated material.
const (
	// DegenerateN is the n-gram length in bytes: long enough that the
	// short words and spaces every English sentence repeats ("the ",
	// ", an") are not counted, short enough that a loop of an 8-byte
	// phrase is.
	DegenerateN = 8
	// DegenerateShare is the share of the reply's bytes above which it
	// counts as degenerate.
	DegenerateShare = 0.5
)

// RepeatedShare is the share of s's bytes that lie inside at least one
// occurrence of a byte n-gram occurring two or more times in s
// (occurrences may overlap). A reply of fewer than n+1 bytes has no
// repeated n-gram and gives 0; a loop of any period p repeated at least
// twice over p+n bytes or more gives 1. It panics when n < 1.
func RepeatedShare(s string, n int) float64 {
	if n < 1 {
		panic("experiment.RepeatedShare: n must be ≥ 1")
	}
	if len(s) <= n {
		return 0
	}
	count := map[string]int{}
	for i := 0; i+n <= len(s); i++ {
		count[s[i:i+n]]++
	}
	// Mark the bytes of each repeated occurrence with a running end: a
	// position is covered when it lies before the end of the last
	// repeated occurrence that started at or before it.
	covered, end := 0, 0
	for i := 0; i < len(s); i++ {
		if i+n <= len(s) && count[s[i:i+n]] > 1 {
			end = i + n
		}
		if i < end {
			covered++
		}
	}
	return float64(covered) / float64(len(s))
}

// Degenerate reports whether a reply degenerates into repetition: more
// than DegenerateShare of its bytes lie in repeated DegenerateN-grams
// (RepeatedShare).
func Degenerate(reply string) bool {
	return RepeatedShare(reply, DegenerateN) > DegenerateShare
}

// DegenerateRate is the share of replies that Degenerate, and how many.
func DegenerateRate(replies []string) (share float64, n int) {
	for _, r := range replies {
		if Degenerate(r) {
			n++
		}
	}
	if len(replies) == 0 {
		return 0, 0
	}
	return float64(n) / float64(len(replies)), n
}

// Collapse measures how far replies to different prompts collapse onto
// the same text — the other way a model fails out of domain: it answers
// every prompt with one canned reply. It returns the number of distinct
// replies, the most frequent reply (the first of equals) and the share of
// replies equal to it.
func Collapse(replies []string) (distinct int, top string, topShare float64) {
	if len(replies) == 0 {
		return 0, "", 0
	}
	count := map[string]int{}
	best := 0
	for _, r := range replies {
		count[r]++
		if count[r] > best {
			best, top = count[r], r
		}
	}
	return len(count), top, float64(best) / float64(len(replies))
}
