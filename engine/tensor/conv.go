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
		for r := lo; r < hi; r++ {
			b, t := r/T, r%T
			out := y.Data[r*C : (r+1)*C]
			for j := 0; j < K; j++ {
				s := t - (K-1-j)*dilation
				if s < 0 {
					continue
				}
				in := x.Data[(b*T+s)*C : (b*T+s+1)*C]
				wj := wt[j*C : (j+1)*C]
				for c := range out {
					out[c] += wj[c] * in[c]
				}
			}
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
	var dx []float32
	if x.requiresGrad {
		dx = x.grad()
	}
	var dw []float32
	var mu sync.Mutex
	if w.requiresGrad {
		dw = w.grad()
	}
	parallel.For(B*T, 16, func(lo, hi int) {
		var dwt []float32 // this chunk's partial dw, [K, C]
		if dw != nil {
			dwt = make([]float32, K*C)
		}
		for r := lo; r < hi; r++ {
			b, s := r/T, r%T
			if dx != nil {
				// Gather: row s feeds the outputs t = s + (K−1−j)·dil.
				g := dx[r*C : (r+1)*C]
				for j := 0; j < K; j++ {
					t := s + (K-1-j)*dilation
					if t >= T {
						continue
					}
					d := dy[(b*T+t)*C : (b*T+t+1)*C]
					wj := wt[j*C : (j+1)*C]
					for c := range g {
						g[c] += wj[c] * d[c]
					}
				}
			}
			if dwt != nil {
				// Here r is the output row t; tap j read input row t−(K−1−j)·dil.
				d := dy[r*C : (r+1)*C]
				for j := 0; j < K; j++ {
					in := s - (K-1-j)*dilation
					if in < 0 {
						continue
					}
					xin := x.Data[(b*T+in)*C : (b*T+in+1)*C]
					acc := dwt[j*C : (j+1)*C]
					for c := range acc {
						acc[c] += d[c] * xin[c]
					}
				}
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
