package kern

import "math"

// TopKScratch is one worker's workspace for SelectTopK.
type TopKScratch struct {
	gmax    []float32 // [topK] group maxima
	cand    []int32   // [Tk] candidate scores as order keys
	candIdx []int32   // [Tk] their key indices
	work    []int32   // [Tk] a copy of cand that KthLargest reorders
	keepIdx []int32   // [Tk] kept key indices before the last n are cut
}

// NewTopKScratch returns scratch for SelectTopK with n ≤ topK over rows of
// at most tk scores.
func NewTopKScratch(topK, tk int) *TopKScratch {
	return &TopKScratch{gmax: make([]float32, topK), cand: make([]int32, tk),
		candIdx: make([]int32, tk), work: make([]int32, tk), keepIdx: make([]int32, tk)}
}

// SelectTopK keeps the n highest scores of row [Tk] (n ≤ Tk), the lower key
// index first among scores equal at the cut, and writes their key indices
// (ascending) to idx[:n] and their softmax probabilities to pk[:n]. With a
// NaN in row it keeps keys 0..n−1 with NaN probabilities.
//
// Selection: the row is dealt into n strided groups (key j into group j mod
// n); the smallest group maximum t0 is ≤ the n-th largest score, since the n
// maxima are n scores ≥ t0. Only scores ≥ t0 (about a sixth of a random row
// of 256 at n = 16, exactly n on a monotone row) go on to the partial
// selection of the n-th largest. Scores are compared as order-preserving
// integer keys, so the passes over the row compile without branches.
func SelectTopK(row []float32, n int, ws *TopKScratch, idx []int32, pk []float32) {
	idx, pk = idx[:n], pk[:n]
	if n >= len(row) {
		for j, x := range row {
			idx[j], pk[j] = int32(j), x
		}
		Softmax(pk, pk)
		return
	}
	gm := ws.gmax[:n]
	copy(gm, row[:n])
	j := n
	for ; j+n <= len(row); j += n {
		for g, x := range row[j : j+n] {
			gm[g] = max(gm[g], x)
		}
	}
	for g, x := range row[j:] {
		gm[g] = max(gm[g], x)
	}
	t0 := gm[0]
	for _, x := range gm[1:] {
		t0 = min(t0, x) // NaN anywhere in row propagates here
	}
	if t0 != t0 {
		for i := range idx {
			idx[i], pk[i] = int32(i), t0
		}
		return
	}
	k0 := int64(OrderKey(t0))
	cand, candIdx := ws.cand[:len(row)], ws.candIdx[:len(row)]
	m := 0
	for j, x := range row {
		kx := OrderKey(x)
		cand[m], candIdx[m] = kx, int32(j)
		m += int(uint64(int64(kx)-k0)>>63) ^ 1 // kx ≥ k0
	}
	cand, candIdx = cand[:m], candIdx[:m]
	thr := KthLargest(ws.work[:copy(ws.work, cand)], n)
	// Keep every candidate above thr and the first ties equal to it, in
	// key order; branch-free, as the kept ones sit at random places.
	ties := n
	for _, x := range cand {
		ties -= int(uint64(int64(thr)-int64(x)) >> 63) // x > thr
	}
	keepKey, keepIdx := ws.work[:m], ws.keepIdx[:m] // work is free again
	k := 0
	for c, x := range cand {
		gt := int(uint64(int64(thr)-int64(x)) >> 63)
		lt := int(uint64(int64(x)-int64(thr)) >> 63)
		tie := (1 ^ gt ^ lt) & int(uint64(-int64(ties))>>63) // x == thr && ties > 0
		keepKey[k], keepIdx[k] = x, candIdx[c]
		k += gt | tie
		ties -= tie
	}
	for i := range idx {
		idx[i], pk[i] = keepIdx[i], FromOrderKey(keepKey[i])
	}
	Softmax(pk, pk)
}

// OrderKey maps a float32 that is not NaN to an int32 in the same order
// (−0 and +0 to the same key); FromOrderKey inverts it (to +0 for zero).
func OrderKey(x float32) int32 {
	b := int32(math.Float32bits(x + 0)) // x + 0 turns −0 into +0
	return b ^ (b >> 31 & 0x7fffffff)
}

// FromOrderKey is the float32 whose OrderKey is k.
func FromOrderKey(k int32) float32 {
	return math.Float32frombits(uint32(k ^ (k >> 31 & 0x7fffffff)))
}

// KthLargest returns the k-th largest of w (1 ≤ k ≤ len(w)), reordering
// w: quickselect with a median-of-three pivot and branch-free partitions
// (each element is swapped unconditionally and the boundary moves by the
// comparison's sign bit), so random data costs no mispredictions. The
// pivot is an element of w and leaves the range every round.
func KthLargest(w []int32, k int) int32 {
	for len(w) > 1 {
		a, b, c := w[0], w[len(w)/2], w[len(w)-1]
		p := max(min(a, b), min(max(a, b), c))
		g := 0 // w[:g] > p
		for i, x := range w {
			w[i] = w[g]
			w[g] = x
			g += int(uint64(int64(p)-int64(x)) >> 63)
		}
		if k <= g {
			w = w[:g]
			continue
		}
		rest := w[g:]
		e := 0 // rest[:e] == p, the rest < p
		for i, x := range rest {
			rest[i] = rest[e]
			rest[e] = x
			e += int(uint64(int64(p)-int64(x)-1) >> 63)
		}
		if k <= g+e {
			return p
		}
		w, k = rest[e:], k-g-e
	}
	return w[0]
}
