package tensor

import (
	"fmt"
	"sync"

	"trigo/engine/parallel"
)

// CausalConv1d is a depthwise causal convolution along time: every channel
// has its own K taps and sees only the present and the past.
// x [B, T, C], w [C, K], dilation ≥ 1 → [B, T, C]:
//
//	y[b,t,c] = Σ_j w[c,j] · x[b, t−(K−1−j)·dilation, c]   (x = 0 before t = 0)
//
// It equals PyTorch's F.conv1d with groups=C, weight [C,1,K] and dilation,
// on the input left-padded with (K−1)·dilation zeros.
func CausalConv1d(x, w *Tensor, dilation int) *Tensor {
	if len(x.Shape) != 3 || len(w.Shape) != 2 || w.Shape[0] != x.Shape[2] || w.Shape[1] < 1 || dilation < 1 {
		panic(fmt.Sprintf("tensor.CausalConv1d: input %v, weight %v, dilation %d (want x [B, T, C], w [C, K], K ≥ 1, dilation ≥ 1)", x.Shape, w.Shape, dilation))
	}
	B, T, C, K := x.Shape[0], x.Shape[1], x.Shape[2], w.Shape[1]
	wt := transposeTaps(w.Data, C, K) // [K, C]: a tap's weights contiguous over channels
	y := Zeros(B, T, C)
	parallel.For(B*T, 16, func(lo, hi int) {
		ws, xs := make([][]float32, 0, K), make([][]float32, 0, K)
		for r := lo; r < hi; r++ {
			b, t := r/T, r%T
			ws, xs = ws[:0], xs[:0]
			for j := 0; j < K; j++ {
				if s := t - (K-1-j)*dilation; s >= 0 {
					ws = append(ws, wt[j*C:(j+1)*C])
					xs = append(xs, x.Data[(b*T+s)*C:(b*T+s+1)*C])
				}
			}
			maddTaps(y.Data[r*C:(r+1)*C], ws, xs)
		}
	})
	record(y, "CausalConv1d", func() {
		causalConv1dBackward(x, w, wt, y.Grad, dilation)
	}, x, w)
	return y
}

// causalConv1dBackward adds dL/dx and dL/dw given dy [B, T, C].
//
//	dx[b,s,c] += Σ_j w[c,j] · dy[b, s+(K−1−j)·dil, c]
//	dw[c,j]   += Σ_{b,t} dy[b,t,c] · x[b, t−(K−1−j)·dil, c]
func causalConv1dBackward(x, w *Tensor, wt, dy []float32, dilation int) {
	B, T, C, K := x.Shape[0], x.Shape[1], x.Shape[2], w.Shape[1]
	var dx, dw []float32
	if x.requiresGrad {
		dx = x.grad()
	}
	if w.requiresGrad {
		dw = w.grad()
	}
	var mu sync.Mutex
	parallel.For(B*T, 16, func(lo, hi int) {
		ws, rs := make([][]float32, 0, K), make([][]float32, 0, K)
		var dwt []float32 // this chunk's partial dw, [K, C]
		var acc [][]float32
		if dw != nil {
			dwt = make([]float32, K*C)
			acc = make([][]float32, 0, K)
		}
		for r := lo; r < hi; r++ {
			b, s := r/T, r%T
			if dx != nil {
				// Gather: row s feeds the outputs t = s + (K−1−j)·dil.
				ws, rs = ws[:0], rs[:0]
				for j := 0; j < K; j++ {
					if t := s + (K-1-j)*dilation; t < T {
						ws = append(ws, wt[j*C:(j+1)*C])
						rs = append(rs, dy[(b*T+t)*C:(b*T+t+1)*C])
					}
				}
				maddTaps(dx[r*C:(r+1)*C], ws, rs)
			}
			if dwt != nil {
				// Here r is the output row t; tap j read input row t−(K−1−j)·dil.
				acc, rs = acc[:0], rs[:0]
				for j := 0; j < K; j++ {
					if in := s - (K-1-j)*dilation; in >= 0 {
						acc = append(acc, dwt[j*C:(j+1)*C])
						rs = append(rs, x.Data[(b*T+in)*C:(b*T+in+1)*C])
					}
				}
				accTaps(acc, dy[r*C:(r+1)*C], rs)
			}
		}
		if dwt != nil {
			mu.Lock()
			for j := 0; j < K; j++ {
				for c := 0; c < C; c++ {
					dw[c*K+j] += dwt[j*C+c]
				}
			}
			mu.Unlock()
		}
	})
}

// maddTaps adds Σ_j w[j][c]·x[j][c] to out[c]; all slices have out's
// length. Taps go four at a time, so out is read and written once per four.
func maddTaps(out []float32, w, x [][]float32) {
	j := 0
	for ; j+4 <= len(w); j += 4 {
		n := len(out)
		w0, w1, w2, w3 := w[j][:n], w[j+1][:n], w[j+2][:n], w[j+3][:n]
		x0, x1, x2, x3 := x[j][:n], x[j+1][:n], x[j+2][:n], x[j+3][:n]
		for c := range out {
			out[c] += w0[c]*x0[c] + w1[c]*x1[c] + w2[c]*x2[c] + w3[c]*x3[c]
		}
	}
	for ; j < len(w); j++ {
		wj, xj := w[j][:len(out)], x[j][:len(out)]
		for c := range out {
			out[c] += wj[c] * xj[c]
		}
	}
}

// accTaps adds d[c]·x[j][c] to acc[j][c] for every tap j; all slices have
// d's length.
func accTaps(acc [][]float32, d []float32, x [][]float32) {
	j := 0
	for ; j+4 <= len(acc); j += 4 {
		n := len(d)
		a0, a1, a2, a3 := acc[j][:n], acc[j+1][:n], acc[j+2][:n], acc[j+3][:n]
		x0, x1, x2, x3 := x[j][:n], x[j+1][:n], x[j+2][:n], x[j+3][:n]
		for c, dc := range d {
			a0[c] += dc * x0[c]
			a1[c] += dc * x1[c]
			a2[c] += dc * x2[c]
			a3[c] += dc * x3[c]
		}
	}
	for ; j < len(acc); j++ {
		aj, xj := acc[j][:len(d)], x[j][:len(d)]
		for c, dc := range d {
			aj[c] += dc * xj[c]
		}
	}
}

// transposeTaps turns w [C, K] into [K, C].
func transposeTaps(w []float32, C, K int) []float32 {
	wt := make([]float32, K*C)
	for c := 0; c < C; c++ {
		for j := 0; j < K; j++ {
			wt[j*C+c] = w[c*K+j]
		}
	}
	return wt
}
