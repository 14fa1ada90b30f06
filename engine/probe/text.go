package probe

import (
	"unicode"
	"unicode/utf8"
)

// Trivial baselines: per-prompt numbers computed from the prompt's bytes
// alone, reported beside the model's signals. A model signal that one of
// them beats tells prompts apart by how they are written, not by what the
// model knows — it is not a metacognition signal.
const (
	// SignalLengthBytes is the prompt's length in bytes (larger = OOD).
	SignalLengthBytes = "baseline_len_bytes"
	// SignalNonLetter is the share of the prompt's bytes that are neither
	// letters nor white space — digits, punctuation, symbols (larger = OOD).
	SignalNonLetter = "baseline_nonletter_share"
)

// Baselines lists the trivial baselines in table order.
var Baselines = []string{SignalLengthBytes, SignalNonLetter}

// IsBaseline reports whether a signal name is one of Baselines.
func IsBaseline(signal string) bool {
	for _, b := range Baselines {
		if b == signal {
			return true
		}
	}
	return false
}

// charCounts are the byte counts behind TextStats and the baselines.
type charCounts struct {
	bytes, letterBytes, spaceBytes, letters, upper int
}

func countChars(s string) charCounts {
	c := charCounts{bytes: len(s)}
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		switch {
		case unicode.IsLetter(r):
			c.letterBytes += n
			c.letters++
			if unicode.IsUpper(r) {
				c.upper++
			}
		case unicode.IsSpace(r):
			c.spaceBytes += n
		}
	}
	return c
}

func (c charCounts) nonLetterShare() float64 {
	if c.bytes == 0 {
		return 0
	}
	return float64(c.bytes-c.letterBytes-c.spaceBytes) / float64(c.bytes)
}

// BaselineSignals returns the trivial baselines of one prompt:
// SignalLengthBytes and SignalNonLetter. A letter is a rune for which
// unicode.IsLetter holds, so letters of any script count (a Chinese
// sentence has few non-letter bytes); its bytes all count as letter bytes.
func BaselineSignals(prompt string) map[string]float64 {
	c := countChars(prompt)
	return map[string]float64{
		SignalLengthBytes: float64(c.bytes),
		SignalNonLetter:   c.nonLetterShare(),
	}
}

// TextStats describes the prompts of one regime of a set.
type TextStats struct {
	// Regime and Group name the prompts ("" group in sets without groups).
	Regime, Group string
	// N is the number of prompts.
	N int
	// MeanBytes, MinBytes and MaxBytes describe their length in bytes.
	MeanBytes          float64
	MinBytes, MaxBytes int
	// Letters is the share of bytes in letters, NonLetter the share that
	// are neither letters nor white space (SignalNonLetter), Upper the
	// share of letters that are uppercase; each pooled over the regime's
	// bytes (or letters), not averaged per prompt.
	Letters, NonLetter, Upper float64
}

// RegimeStats returns the TextStats of each regime of the prompts: the
// in-domain regimes first, each part in the order of Regimes, then the
// other regimes sorted.
func RegimeStats(prompts []Prompt) []TextStats {
	by := map[string][]Prompt{}
	seen := map[string]bool{}
	for _, p := range prompts {
		by[p.Regime] = append(by[p.Regime], p)
		seen[p.Regime] = true
	}
	var in, ood []string
	for _, reg := range orderRegimes(seen) {
		if InDomain(reg, by[reg][0].Group) {
			in = append(in, reg)
		} else {
			ood = append(ood, reg)
		}
	}
	var out []TextStats
	for _, reg := range append(in, ood...) {
		ps := by[reg]
		st := TextStats{Regime: reg, Group: ps[0].Group, N: len(ps), MinBytes: len(ps[0].Prompt)}
		var tot charCounts
		for _, p := range ps {
			c := countChars(p.Prompt)
			tot.bytes += c.bytes
			tot.letterBytes += c.letterBytes
			tot.spaceBytes += c.spaceBytes
			tot.letters += c.letters
			tot.upper += c.upper
			st.MinBytes = min(st.MinBytes, c.bytes)
			st.MaxBytes = max(st.MaxBytes, c.bytes)
		}
		st.MeanBytes = float64(tot.bytes) / float64(len(ps))
		if tot.bytes > 0 {
			st.Letters = float64(tot.letterBytes) / float64(tot.bytes)
			st.NonLetter = tot.nonLetterShare()
		}
		if tot.letters > 0 {
			st.Upper = float64(tot.upper) / float64(tot.letters)
		}
		out = append(out, st)
	}
	return out
}
