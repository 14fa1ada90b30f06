package tensor

import (
	"trigo/engine/parallel"
	"trigo/internal/kern"
)

// The float32 transcendentals of the hot loops (softmax, cross-entropy,
// GELU, sigmoid, entropy) and the other slice kernels live in
// internal/kern, shared with the decoder (engine/model); these short names
// are how the ops, and their tests, call them.

const (
	fmExpMax = kern.ExpMax
	fmExpMin = kern.ExpMin
	fmRound  = kern.Round
	geluK    = kern.GELUK
	geluC    = kern.GELUC
)

func expf(x float32) float32                             { return kern.Exp(x) }
func tanhf(x float32) float32                            { return kern.Tanh(x) }
func sigmoidf(x float32) float32                         { return kern.Sigmoid(x) }
func logf(x float32) float32                             { return kern.Log(x) }
func expAffine(dst, src []float32, a, b float32) float32 { return kern.ExpAffine(dst, src, a, b) }
func sumF32(v []float32) float32                         { return kern.Sum(v) }
func dotF32(a, b []float32) float32                      { return kern.Dot(a, b) }
func maxF32(v []float32) float32                         { return kern.Max(v) }
func roundHalfEven(v float32) float32                    { return kern.RoundHalfEven(v) }
func kthLargest(w []int32, k int) int32                  { return kern.KthLargest(w, k) }
func orderKey(x float32) int32                           { return kern.OrderKey(x) }
func fromOrderKey(k int32) float32                       { return kern.FromOrderKey(k) }

// rowGrain is how many rows of width d make one parallel task: about 16K
// elements, below which a goroutine costs more than it saves.
func rowGrain(d int) int { return max(1, 16384/max(d, 1)) }

// elemGrain is the element count of one parallel task for pointwise ops.
const elemGrain = 32768

// forRows runs body over [0, n) rows of width d, in parallel when large.
func forRows(n, d int, body func(lo, hi int)) { parallel.For(n, rowGrain(d), body) }
