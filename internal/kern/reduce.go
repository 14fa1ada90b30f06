package kern

// Sum adds v [n] with four float32 accumulators (shorter dependency chains,
// and pairwise-ish rounding).
func Sum(v []float32) float32 {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+3 < len(v); i += 4 {
		s0 += v[i]
		s1 += v[i+1]
		s2 += v[i+2]
		s3 += v[i+3]
	}
	for ; i < len(v); i++ {
		s0 += v[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// Dot returns Σ a[i]·b[i], a and b [n], with four accumulators.
func Dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+3 < len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// Max returns the largest element of v [n], n ≥ 1. A NaN counts only at
// index 0 (comparisons with NaN are false).
func Max(v []float32) float32 {
	m := v[0]
	for _, x := range v[1:] {
		if x > m {
			m = x
		}
	}
	return m
}
