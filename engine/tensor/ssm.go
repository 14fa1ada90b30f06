package tensor

import (
	"fmt"
	"math"
	"sync"

	"trigo/engine/parallel"
	"trigo/internal/kern"
)

// SSM runs a diagonal linear state-space recurrence along time, one state
// per channel. x [B, T, C], aRaw, b, c [C] → y [B, T, C]:
//
//	a   = tanh(aRaw)                (|a| < 1 keeps the state bounded)
//	h_t = a⊙h_{t−1} + b⊙x_t,  h_{−1} = 0
//	y_t = c⊙h_t
//
// Backward is the reverse-time scan g_t = c⊙dy_t + a⊙g_{t+1} (g = dL/dh_t).
// For decode, SSMDecay and SSMStep advance one token at a time.
func SSM(x, aRaw, b, c *Tensor) *Tensor {
	if len(x.Shape) != 3 || !isLenVec(aRaw, x.Shape[2]) || !isLenVec(b, x.Shape[2]) || !isLenVec(c, x.Shape[2]) {
		panic(fmt.Sprintf("tensor.SSM: input %v with aRaw %v, b %v, c %v (want x [B, T, C] and [C] vectors)", x.Shape, aRaw.Shape, b.Shape, c.Shape))
	}
	B, T, C := x.Shape[0], x.Shape[1], x.Shape[2]
	a := SSMDecay(aRaw)
	y := Zeros(B, T, C)
	// The states h are what backward needs (for dc and da); keep them only
	// when a graph is being recorded.
	need := GradEnabled() && (x.requiresGrad || aRaw.requiresGrad || b.requiresGrad || c.requiresGrad)
	var hs []float32
	if need {
		hs = make([]float32, B*T*C)
	}
	parallel.For(B, 1, func(lo, hi int) {
		h := make([]float32, C)
		for bi := lo; bi < hi; bi++ {
			clear(h)
			for t := 0; t < T; t++ {
				r := (bi*T + t) * C
				SSMStep(h, x.Data[r:r+C], y.Data[r:r+C], a, b.Data, c.Data)
				if hs != nil {
					copy(hs[r:r+C], h)
				}
			}
		}
	})
	if need {
		record(y, "SSM", func() { ssmBackward(x, aRaw, b, c, a, hs, y.Grad) }, x, aRaw, b, c)
	}
	return y
}

// ssmBackward adds the gradients of the recurrence given the saved states
// hs [B, T, C] and dy [B, T, C]:
//
//	g_t    = c⊙dy_t + a⊙g_{t+1}
//	dx_t   = b⊙g_t
//	db    += Σ g_t⊙x_t,   dc += Σ dy_t⊙h_t
//	daRaw += (1−a²)⊙Σ g_t⊙h_{t−1}
func ssmBackward(x, aRaw, b, c *Tensor, a, hs, dy []float32) {
	B, T, C := x.Shape[0], x.Shape[1], x.Shape[2]
	var dx []float32
	if x.requiresGrad {
		dx = x.grad()
	}
	var mu sync.Mutex
	parallel.For(B, 1, func(lo, hi int) {
		g := make([]float32, C)
		da, db, dc := make([]float32, C), make([]float32, C), make([]float32, C)
		zero := make([]float32, C) // h_{−1}
		gx := make([]float32, C)   // dx_t when x needs no gradient
		ab, bb, cb := a[:C], b.Data[:C], c.Data[:C]
		for bi := lo; bi < hi; bi++ {
			clear(g)
			for t := T - 1; t >= 0; t-- {
				r := (bi*T + t) * C
				d, h, xt := dy[r:r+C], hs[r:r+C], x.Data[r:r+C]
				hp := zero
				if t > 0 {
					hp = hs[r-C : r]
				}
				if dx != nil {
					gx = dx[r : r+C]
				}
				hp, gx := hp[:C], gx[:C]
				da, db, dc, g := da[:C], db[:C], dc[:C], g[:C]
				for i := range g {
					gi := cb[i]*d[i] + ab[i]*g[i]
					g[i] = gi
					dc[i] += d[i] * h[i]
					db[i] += gi * xt[i]
					da[i] += gi * hp[i]
					gx[i] += bb[i] * gi
				}
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if aRaw.requiresGrad {
			ga := aRaw.grad()
			for i := range ga {
				ga[i] += da[i] * (1 - a[i]*a[i])
			}
		}
		if b.requiresGrad {
			addTo(b.grad(), db)
		}
		if c.requiresGrad {
			addTo(c.grad(), dc)
		}
	})
}

// SSMDecay returns a = tanh(aRaw) [C], the per-channel decay SSMStep takes.
// Compute it once per model, not per token.
func SSMDecay(aRaw *Tensor) []float32 {
	a := make([]float32, len(aRaw.Data))
	for i, v := range aRaw.Data {
		a[i] = float32(math.Tanh(float64(v)))
	}
	return a
}

// SSMStep advances the recurrence by one token, the decode-time form of SSM:
// h ← a⊙h + b⊙x, then y = c⊙h. h, x, y, a, b, c are all [C]; a comes from
// SSMDecay; h is updated in place and y overwritten.
func SSMStep(h, x, y, a, b, c []float32) {
	n := len(h)
	if len(x) != n || len(y) != n || len(a) != n || len(b) != n || len(c) != n {
		panic(fmt.Sprintf("tensor.SSMStep: lengths h %d, x %d, y %d, a %d, b %d, c %d differ", n, len(x), len(y), len(a), len(b), len(c)))
	}
	kern.SSMStep(h, x, y, a, b, c)
}

// isLenVec reports whether t is a vector of length n.
func isLenVec(t *Tensor, n int) bool { return len(t.Shape) == 1 && t.Shape[0] == n }
