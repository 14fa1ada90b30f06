package cpu

import "testing"

// The features nest: a wider one implies the narrower ones it builds on.
func TestFeaturesNest(t *testing.T) {
	if AVX512 && !AVX2 {
		t.Fatal("AVX512 without AVX2")
	}
	if AVX512VNNI && !AVX512 {
		t.Fatal("AVX512VNNI without AVX512")
	}
	t.Logf("AVX2 %v FMA %v AVX512 %v AVX512VNNI %v", AVX2, FMA, AVX512, AVX512VNNI)
}
