package model

import (
	"math"
	"sort"
	"testing"
	"time"

	"trigo/engine/tensor"
)

// decodeIDs is a deterministic byte sequence with repeats (so top-k ties
// and repeated keys occur) and the full byte range.
func decodeIDs(n int) []int {
	ids := make([]int, n)
	x := uint32(12345)
	for i := range ids {
		x = x*1664525 + 1013904223
		ids[i] = int(x >> 24)
		if i%7 == 3 {
			ids[i] = ids[i/2]
		}
	}
	return ids
}

// checkDecode compares step-by-step decode logits with the full forward at
// every position: max |diff| / max |ref| ≤ tol.
//
// With minTight > 0 (named ternary models) it allows int8 rounding flips:
// decode and forward sum in different orders, so their activations differ
// by ~1e-7 relative, and one that lies that close to a rounding tie k+½
// (with ~10⁴ quantised activations per position in a named model, that
// happens every few positions) can round to the neighbouring int8 code in
// one of them. That one-step difference is legitimate and propagates
// through the caches to later positions. Then the first minTight positions
// must agree within tol and every position within 1e-2.
func checkDecode(t *testing.T, m *Model, T, threads int, tol float64, minTight int) {
	t.Helper()
	ids := decodeIDs(T)
	var ref *Output
	tensor.NoGrad(func() { ref = m.Forward(ids, 1, T) })
	d := m.NewDecoder(DecodeOptions{Threads: threads})
	defer d.Close()
	// Float32 models with several threads must take the per-layer unit
	// split (decode_parallel.go), ternary ones the row split.
	if parallel := d.layers[0].phases != nil; parallel != (threads > 1 && !m.Spec.IsTernary()) {
		t.Fatalf("%s threads %d: parallel layer plan %v", m.Spec.Name, threads, parallel)
	}
	V := m.Spec.Vocab
	var worst float64
	tight := T
	for round := 0; round < 2; round++ { // the second round checks Reset
		d.Reset()
		var maxRef, maxDiff, lateRef, lateDiff float64
		for p, id := range ids {
			got := d.Step(id)
			want := ref.Logits.Data[p*V : (p+1)*V]
			var r, df float64
			for j := range got {
				r = max(r, math.Abs(float64(want[j])))
				df = max(df, math.Abs(float64(got[j]-want[j])))
			}
			if minTight > 0 && df > tol*r {
				tight = min(tight, p)
			}
			if p >= tight {
				lateRef, lateDiff = max(lateRef, r), max(lateDiff, df)
				continue
			}
			maxRef, maxDiff = max(maxRef, r), max(maxDiff, df)
			for l, r := range d.Router() {
				P := len(r)
				wr := ref.Router[l].Data[p*P : (p+1)*P]
				for j := range r {
					if math.Abs(float64(r[j]-wr[j])) > 1e-4 {
						t.Fatalf("%s: position %d layer %d router %v, forward %v", m.Spec.Name, p, l, r, wr)
					}
				}
			}
		}
		worst = maxDiff / maxRef
		if worst > tol {
			t.Fatalf("%s (threads %d, round %d): decode logits differ from forward: max |diff| %.3g, max |ref| %.3g (rel %.3g > %g)",
				m.Spec.Name, threads, round, maxDiff, maxRef, worst, tol)
		}
		if tight < minTight {
			t.Fatalf("%s: decode logits differ from forward at position %d (rel > %g), before position %d", m.Spec.Name, tight, tol, minTight)
		}
		if lateDiff > 1e-2*lateRef {
			t.Fatalf("%s: from position %d on decode logits differ from forward by %.3g (max |ref| %.3g): more than int8 rounding flips",
				m.Spec.Name, tight, lateDiff, lateRef)
		}
	}
	if d.Pos() != T || len(d.IDs()) != T {
		t.Fatalf("%s: Pos %d, %d ids after %d steps", m.Spec.Name, d.Pos(), len(d.IDs()), T)
	}
	if tight == T {
		// Abstain head on the mean hidden state, as Model.AbstainLogits.
		mask := make([]float32, T)
		for i := range mask {
			mask[i] = 1
		}
		var want float32
		tensor.NoGrad(func() { want = m.AbstainLogits(ref.Hidden, mask).Data[0] })
		if got := d.AbstainLogit(); math.Abs(float64(got-want)) > 1e-4*max(1, math.Abs(float64(want))) {
			t.Fatalf("%s: abstain logit %g, forward %g", m.Spec.Name, got, want)
		}
	}
	t.Logf("%s threads %d: rel diff %.2g over %d of %d positions", m.Spec.Name, threads, worst, tight, T)
}

func TestDecodeMatchesForwardTiny(t *testing.T) {
	for _, fam := range []string{"lite", "multi", "vanilla"} {
		for _, prec := range []string{FP32, Ternary} {
			m := New(Tiny(fam, prec), 7)
			// The abstain head starts at zero weights in some inits; give
			// it values so the test means something.
			for i := range m.Abstain.W.Data {
				m.Abstain.W.Data[i] = float32(i%5) * 0.1
			}
			for threads := 1; threads <= 3; threads++ {
				checkDecode(t, m, 40, threads, 1e-4, 0)
			}
		}
	}
}

// A named config at short length: the real widths, heads and top-k.
func TestDecodeMatchesForwardNamed(t *testing.T) {
	names := []string{"lite-fp32", "vanilla-fp32", "multi-ternary"}
	if testing.Short() {
		names = names[:1]
	}
	for _, name := range names {
		minTight := 0
		if Config(name).IsTernary() {
			minTight = 4
		}
		m := New(Config(name), 3)
		checkDecode(t, m, 24, 1, 1e-4, minTight)
		if !m.Spec.IsTernary() {
			checkDecode(t, m, 24, 2, 1e-4, minTight)
		}
	}
}

// Vanilla top-k: a variant the named configs lack (sparse attention in a
// plain transformer) must decode too.
func TestDecodeVariants(t *testing.T) {
	s := Tiny("vanilla", FP32)
	s.TopK = 3
	m := New(s, 5)
	s = Tiny("multi", FP32)
	s.CheapMix = "linear"
	s.Pathways = []string{State, Wide, Dense}
	for _, m := range []*Model{m, New(s, 5)} {
		for _, threads := range []int{1, 2, 3} {
			checkDecode(t, m, 20, threads, 1e-4, 0)
		}
	}
}

func TestDecodeWindowFullPanics(t *testing.T) {
	m := New(Tiny("lite", FP32), 1)
	d := m.NewDecoder(DecodeOptions{MaxLen: 3})
	d.Feed([]int{1, 2, 3})
	err := tensor.Catch(func() { d.Step(4) })
	if err == nil {
		t.Fatal("Step past MaxLen did not panic")
	}
	d.Reset()
	d.Step(4)
	if err := tensor.Catch(func() { d.Step(256) }); err == nil {
		t.Fatal("id 256 did not panic")
	}
}

func TestDecodeWeightBytes(t *testing.T) {
	m := New(Config("lite-fp32"), 1)
	d := m.NewDecoder(DecodeOptions{})
	// Every parameter is read by decode; the abstain head counts too.
	if got, want := d.WeightBytes(), 4*m.NumParams(); got != want {
		t.Fatalf("WeightBytes %d, want %d (4 bytes × %d params)", got, want, m.NumParams())
	}
}

func TestSelectTopTies(t *testing.T) {
	s := []float32{1, 3, 2, 3, 3, 0, 3}
	idx, val := make([]int32, 3), make([]float32, 3)
	keys := make([]int64, 2*len(s))
	selectTop(s, idx, val, keys)
	if idx[0] != 1 || idx[1] != 3 || idx[2] != 4 {
		t.Fatalf("kept %v %v, want keys 1, 3, 4 (ties keep lower indices)", idx, val)
	}
	// Against a sort on random rows with repeated values.
	x := uint32(7)
	for trial := 0; trial < 200; trial++ {
		n := 1 + trial%97
		k := 1 + trial%17
		s := make([]float32, n)
		for i := range s {
			x = x*1664525 + 1013904223
			s[i] = float32(x>>28) - 8 // few distinct values: many ties
			if trial%3 == 0 {
				s[i] = -s[i] // negative and −0 too
			}
		}
		k = min(k, n)
		idx, val := make([]int32, k), make([]float32, k)
		selectTop(s, idx, val, make([]int64, 2*n))
		// Reference: indices sorted by (score desc, index asc), first k.
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(a, b int) bool {
			if s[order[a]] != s[order[b]] {
				return s[order[a]] > s[order[b]]
			}
			return order[a] < order[b]
		})
		want := append([]int(nil), order[:k]...)
		sort.Ints(want)
		for i := range want {
			if int(idx[i]) != want[i] || val[i] != s[want[i]] {
				t.Fatalf("n=%d k=%d %v: kept %v, want %v", n, k, s, idx, want)
			}
		}
	}
}

func BenchmarkDecodeStepLite(b *testing.B) {
	m := New(Config("lite-fp32"), 1)
	d := m.NewDecoder(DecodeOptions{})
	ids := decodeIDs(256)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if d.Pos() == len(ids) {
			d.Reset()
		}
		d.Step(ids[d.Pos()])
	}
}

// The assembly GELU agrees with the Go one (and so with tensor.GELU's
// function) to float32 rounding, over the whole range, tails included.
func TestGeluFast(t *testing.T) {
	var x []float32
	for v := -100.0; v <= 100; v += 0.0173 {
		x = append(x, float32(v))
	}
	x = append(x, 0, float32(math.Inf(1)), float32(math.Inf(-1)), 1e-30, -1e-30, 3e38, -3e38)
	a, b := append([]float32(nil), x...), append([]float32(nil), x...)
	gelu(a)
	geluGo(b)
	for i := range a {
		if d := math.Abs(float64(a[i] - b[i])); d > 2e-6*math.Abs(float64(b[i]))+1e-7 && !(math.IsNaN(float64(a[i])) && math.IsNaN(float64(b[i]))) {
			t.Fatalf("gelu(%g): %g, Go %g", x[i], a[i], b[i])
		}
	}
	ref := tensor.GELU(tensor.New(append([]float32(nil), x[:len(x)-7]...), len(x)-7)).Data
	for i, v := range ref {
		if d := math.Abs(float64(a[i] - v)); d > 2e-6*math.Abs(float64(v))+1e-7 {
			t.Fatalf("gelu(%g): %g, tensor.GELU %g", x[i], a[i], v)
		}
	}
}

// In a serial period (after workers were late) the caller runs every
// share itself, into the same per-worker accumulators: the logits must be
// bit-identical to a parallel decode.
func TestDecodeSerialPeriodSameLogits(t *testing.T) {
	for _, fam := range []string{"lite", "vanilla"} {
		m := New(Tiny(fam, FP32), 11)
		par, ser := m.NewDecoder(DecodeOptions{Threads: 2}), m.NewDecoder(DecodeOptions{Threads: 2})
		ser.workers.late()
		if !ser.workers.rest.Load() || !time.Now().Before(ser.workers.serialUntil) {
			t.Fatalf("late did not start a serial period")
		}
		for p, id := range decodeIDs(30) {
			a, b := par.Step(id), ser.Step(id)
			for j := range a {
				if a[j] != b[j] {
					t.Fatalf("%s position %d: logit %d parallel %v, serial %v", fam, p, j, a[j], b[j])
				}
			}
		}
		par.Close()
		ser.Close()
	}
}

// A step allocates nothing (docs/generation.md), with workers too.
func TestDecodeStepAllocatesNothing(t *testing.T) {
	for _, fam := range []string{"lite", "multi", "vanilla"} {
		for _, threads := range []int{1, 2} {
			d := New(Tiny(fam, FP32), 1).NewDecoder(DecodeOptions{Threads: threads})
			d.Step(1)
			if n := testing.AllocsPerRun(20, func() { d.Step(2) }); n != 0 {
				t.Errorf("%s threads %d: %v allocations per step", fam, threads, n)
			}
			d.Close()
		}
	}
}
