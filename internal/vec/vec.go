// Package vec holds small float32 slice helpers that engine packages on
// different branches of the import graph (model decoding, the packed
// ternary path, the probe's greedy replies) share without importing each
// other.
package vec

// Argmax returns the index of the largest value, the lowest index on ties
// (so greedy decoding picks the lower byte). Comparisons with NaN are
// false: a NaN is chosen only at index 0, and then stays. v must not be
// empty.
func Argmax(v []float32) int {
	best := 0
	for i := 1; i < len(v); i++ {
		if v[i] > v[best] {
			best = i
		}
	}
	return best
}
