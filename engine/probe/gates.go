package probe

import "trigo/engine/chatdata"

// AbstainGate counts the replies that are abstentions (chatdata.IsAbstain:
// the reply starts with chatdata.AbstainTemplate verbatim) and reports
// whether at least 90 % of them are — the held-out abstain gate, ≥ 9 of
// 10. An empty list does not pass.
func AbstainGate(replies []string) (abstained int, pass bool) {
	for _, r := range replies {
		if chatdata.IsAbstain(r) {
			abstained++
		}
	}
	return abstained, len(replies) > 0 && abstained*10 >= 9*len(replies)
}

// FalseInabilityRate returns the fraction of replies that are abstentions
// (chatdata.IsAbstain) — on the false-inability set, where the model
// could have answered, each one is a wrong abstention; lower is better.
// It returns 0 for no replies.
func FalseInabilityRate(replies []string) float64 {
	if len(replies) == 0 {
		return 0
	}
	n := 0
	for _, r := range replies {
		if chatdata.IsAbstain(r) {
			n++
		}
	}
	return float64(n) / float64(len(replies))
}
