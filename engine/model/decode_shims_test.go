package model

import "trigo/internal/kern"

// The decoder's top-k selection and GELU moved to internal/kern (issue 14);
// these are the names decode_test.go's older tests call them by.

// selectTop keeps the len(idx) largest scores of s as the decoder's
// attention does (kern.SelectTopK) and writes their scores to val.
func selectTop(s []float32, idx []int32, val []float32, _ []int64) {
	pk := make([]float32, len(idx))
	kern.SelectTopK(s, len(idx), kern.NewTopKScratch(len(idx), len(s)), idx, pk)
	for i, j := range idx {
		val[i] = s[j]
	}
}

// gelu is the decoder's GELU (assembly where available).
func gelu(x []float32) { kern.GELUFast(x) }

// geluGo is GELU in Go, the training op's kernel.
func geluGo(x []float32) { kern.GELU(x, x) }
